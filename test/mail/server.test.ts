import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseQueuesConfig } from '../../src/config/queues-file.js';
import { systemClock } from '../../src/core/clock.js';
import { queueKeyOf, type TicketNumber } from '../../src/core/model.js';
import { type Sportello, startSportello } from '../../src/server.js';
import { appTestDatabase, type DatabaseBeside, maria, openBeside } from '../support/desk.js';
import { type Dovecot, startDovecot } from '../support/dovecot.js';
import { mailLimits } from '../support/mail-limits.js';
import { buildMail, MAIL_CONFIG, quietLogger } from './helpers.js';

let dovecot: Dovecot;
let dir: string;
let sportello: Sportello;
/** The app's database, opened beside it: for what a test checks in it. */
let database: DatabaseBeside;

beforeAll(async () => {
  dovecot = await startDovecot();
  await dovecot.createFolder('Desk');
  dir = mkdtempSync(join(tmpdir(), 'sportello-mail-in-'));
  const where = await appTestDatabase(dir);
  sportello = await startSportello({
    ...where,
    config: parseQueuesConfig(MAIL_CONFIG, 'test.yml'),
    clock: systemClock,
    logger: quietLogger(),
    intervalMs: 60_000,
    delivery: { baseBackoffMs: 50 },
    mail: { from: 'Sportello <sportello@ateneo.example>', mailDir: join(dir, 'out') },
    mailIn: {
      accounts: [
        {
          host: dovecot.host,
          port: dovecot.port,
          secure: false,
          user: dovecot.user,
          password: dovecot.password,
          mailbox: 'Desk',
          queue: queueKeyOf('biblioteca'),
        },
      ],
      smtp: { host: '127.0.0.1', port: 0, maxClients: 20, maxRecipients: 50 },
      limits: mailLimits({ maxAttachmentBytes: 1024 * 1024, maxMessageBytes: 1024 * 1024 }),
      ownAddresses: ['sportello@ateneo.example'],
      pollIntervalMs: 30_000,
    },
  });
  database = openBeside(where);
}, 30_000);

afterAll(async () => {
  await sportello?.stop();
  await database?.close();
  await dovecot?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const outgoing = () => {
  try {
    return readdirSync(join(dir, 'out')).filter((name) => name.endsWith('.eml'));
  } catch {
    return [];
  }
};

it('the running desk takes mail by SMTP and IMAP, and the customer gets the "received" mail', async () => {
  expect(sportello.mailIn?.smtpPort).toBeGreaterThan(0);
  const smtp = nodemailer.createTransport({
    host: '127.0.0.1',
    port: sportello.mailIn?.smtpPort ?? 0,
    secure: false,
    ignoreTLS: true,
  });
  const info = await smtp.sendMail({
    from: 'Laura Neri <laura.neri@example.org>',
    to: 'helpdesk@ateneo.example',
    subject: 'VPN does not connect',
    text: 'Since this morning.',
  });
  expect(info.response).toBe('250 2.0.0 queued');
  const { tickets, refusedMails } = database.tables;
  const rows = async (table: typeof tickets | typeof refusedMails) =>
    (await database.db.select({ n: count() }).from(table))[0]?.n;
  const [{ number }] = (await database.db.select({ number: tickets.number }).from(tickets)) as [
    { number: TicketNumber },
  ];
  expect((await sportello.desk.getTicket(maria, number)).ticket.title).toBe('VPN does not connect');

  await dovecot.deliver(buildMail({ to: 'someone@example.org', subject: 'Book renewal' }), 'Desk');
  await until('the IMAP ticket', async () => (await rows(tickets)) === 2);

  // Each new ticket's "received" notice goes out by mail, at once (the pipeline kicks the mail worker).
  await until('two outgoing mails', () => outgoing().length === 2);
  const sent = outgoing().map((name) => readFileSync(join(dir, 'out', name), 'utf8'));
  expect(
    sent.some((mail) => mail.includes(`Ticket#${number}`) && mail.includes('laura.neri@example.org')),
  ).toBe(true);

  // That notice, bounced back to the queue by a misconfigured relay, is known as ours: no new ticket.
  const bounced = sent.find((mail) => mail.includes('laura.neri@example.org')) ?? '';
  const again = await smtp.sendMail({
    envelope: { from: 'laura.neri@example.org', to: ['helpdesk@ateneo.example'] },
    raw: bounced,
  });
  expect(again.response).toBe('250 2.0.0 queued');
  expect(await rows(refusedMails)).toBe(0);
  expect(await rows(tickets)).toBe(2);
});
