/**
 * Child process of the multi-process ticket number test: opens `count` tickets on the database at `dbPath`
 * (already migrated and configured by the parent) and prints their numbers as one JSON line.
 *
 * Usage: node --import tsx test/support/open-tickets-process.ts <dbPath> <count> [isoTime] [customer]
 *
 * It writes `ready` first and waits for a line on stdin before opening anything, so the parent can start
 * every child and release them together: the children then really compete for the daily counter.
 * It pauses a millisecond after each ticket so the others get the write lock in between.
 */
import { queueKeyOf, slackUserIdOf } from '../../src/core/model.js';
import { childDesk, waitForRelease } from './child-desk.js';

const [dbPath, countText, isoTime = '2026-11-30T09:00:00Z', customer = 'U0PROCESS1'] = process.argv.slice(2);
const count = Number(countText);
if (!dbPath || !Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: open-tickets-process.ts <dbPath> <count> [isoTime] [customer]\n');
  process.exit(2);
}

// Every child stands on the same day, so all of them take numbers from one counter row.
const { desk, close } = await childDesk(dbPath, isoTime);
await waitForRelease();

const numbers: string[] = [];
for (let i = 0; i < count; i++) {
  const { ticket } = await desk.openTicket(
    { kind: 'slack', userId: slackUserIdOf(customer) },
    {
      queueKey: queueKeyOf('helpdesk'),
      title: `Richiesta ${i} dal processo ${process.pid}`,
      article: { channel: 'slack', body: `Il Wi-Fi non funziona (richiesta ${i}).` },
    },
  );
  numbers.push(ticket.number);
  // Requests arrive spaced out, not back to back. Without a gap the process holding the write lock takes it
  // again before the others wake from SQLite's busy-wait sleep, and the children end up running in turn.
  await new Promise((resolve) => setTimeout(resolve, 1));
}
await close();
process.stdout.write(`${JSON.stringify({ pid: process.pid, numbers })}\n`);
