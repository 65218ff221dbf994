/**
 * Child process of the shared-mailbox test: an app process's mail in, reading one IMAP mailbox into the
 * database at `location` (already migrated and configured by the parent) until SIGTERM, as the app stops;
 * then prints what each mail it took became, as one JSON line.
 *
 * Usage: node --import tsx test/support/imap-reader-process.ts <location> <port> <user> <password> <mailbox>
 */
import { queueKeyOf } from '../../src/core/model.js';
import { createLogger } from '../../src/logging.js';
import { ImapReader } from '../../src/mail/imap-reader.js';
import { type InboundResult, receiveMail } from '../../src/mail/inbound.js';
import { childDesk, waitForRelease } from './child-desk.js';
import { mailLimits } from './mail-limits.js';

const [location, port, user, password, mailbox] = process.argv.slice(2);
if (!location || !port || !user || !password || !mailbox) {
  process.stderr.write('usage: imap-reader-process.ts <location> <port> <user> <password> <mailbox>\n');
  process.exit(2);
}

const { desk, close } = await childDesk(location, '2026-11-30T09:00:00Z');
const logger = createLogger({ sink: (line) => process.stderr.write(`${line}\n`) });
const statuses: InboundResult['status'][] = [];
const reader = new ImapReader({
  account: {
    host: '127.0.0.1',
    port: Number(port),
    secure: false,
    user,
    password,
    mailbox,
    queue: queueKeyOf('helpdesk'),
  },
  receive: async (raw) => {
    const result = await receiveMail(raw, { desk, limits: mailLimits(), logger, source: `imap:${mailbox}` });
    statuses.push(result.status);
    return result;
  },
  giveUp: () => {},
  logger,
  idleDelayMs: 50,
  pollIntervalMs: 30_000,
  backoff: { initialMs: 100, maxMs: 500 },
});
const stopped = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
await waitForRelease();
reader.start();
await stopped;
await reader.stop();
await close();
process.stdout.write(`${JSON.stringify({ statuses })}\n`);
