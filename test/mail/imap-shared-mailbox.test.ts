/**
 * Two app processes reading the same IMAP mailbox into one database (a SQLite file, or PostgreSQL on a
 * PostgreSQL run): each mail becomes one ticket with one "received" notice, even when both take it at once.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ImapReader } from '../../src/mail/imap-reader.js';
import { type InboundResult, receiveMail } from '../../src/mail/inbound.js';
import { startChild } from '../support/child-process.js';
import { createTestDesk, sharedTestDatabase, TEST_DATABASE, type TestDesk } from '../support/desk.js';
import { type Dovecot, startDovecot } from '../support/dovecot.js';
import {
  buildMail,
  contextFor,
  emailNotices,
  imapAccount,
  MAIL_CONFIG,
  quietLogger,
  refusals,
  ticketCount,
} from './helpers.js';

let dovecot: Dovecot;
let dir: string;
beforeAll(async () => {
  dovecot = await startDovecot();
  dir = mkdtempSync(join(tmpdir(), 'sportello-shared-mailbox-'));
}, 30_000);
afterAll(async () => {
  await dovecot?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Holds each mail until both readers have it in hand, then lets both take it at once: the race two
 * processes run when they read the mailbox at the same moment, every time rather than now and then.
 */
function bothAtOnce() {
  const waiting = new Map<string, () => void>();
  return (raw: Buffer) =>
    new Promise<void>((resolve) => {
      const key = raw.toString('latin1');
      const other = waiting.get(key);
      if (other) {
        waiting.delete(key);
        other();
        resolve();
      } else waiting.set(key, resolve);
    });
}

/**
 * Two desks on one database read `folder` with a reader each, every mail taken by both at once (`bothAtOnce`);
 * resolves with what each reading gave, once both have taken all `mails`.
 */
async function readByBothAtOnce(
  folder: string,
  mails: number,
  contextOptions: Partial<Parameters<typeof contextFor>[1]> = {},
): Promise<{ desks: TestDesk[]; results: InboundResult[] }> {
  const database = await sharedTestDatabase(dir);
  const desks: TestDesk[] = [
    await createTestDesk(database, MAIL_CONFIG),
    await createTestDesk(database, MAIL_CONFIG),
  ];
  const gate = bothAtOnce();
  const results: InboundResult[] = [];
  let bothTookAll: () => void = () => {};
  const allTaken = new Promise<void>((resolve) => {
    bothTookAll = resolve;
  });
  const readers = desks.map(
    (desk) =>
      new ImapReader({
        account: imapAccount(dovecot, folder),
        receive: async (raw) => {
          await gate(raw);
          const context = contextFor(desk, { source: `imap:${folder}`, ...contextOptions });
          const result = await receiveMail(raw, context);
          results.push(result);
          if (results.length === 2 * mails) bothTookAll();
          return result;
        },
        giveUp: () => {},
        logger: quietLogger(),
        idleDelayMs: 50,
        pollIntervalMs: 30_000,
        backoff: { initialMs: 100, maxMs: 500 },
      }),
  );
  try {
    await Promise.all(readers.map((reader) => reader.start()));
    await allTaken;
  } finally {
    await Promise.all(readers.map((reader) => reader.stop()));
  }
  return { desks, results };
}

async function deliverMails(folder: string, subjects: string[]): Promise<void> {
  await dovecot.createFolder(folder);
  for (const [i, subject] of subjects.entries()) {
    await dovecot.deliver(buildMail({ messageId: `<${folder}-${i}@example.org>`, subject }), folder);
  }
}

/** Each mail one ticket, with one "received" notice, whichever process's view of the database is asked. */
async function oneTicketAndNoticeEach(desks: TestDesk[], count: number): Promise<void> {
  for (const desk of desks) {
    expect(await ticketCount(desk)).toBe(count);
    const { tickets } = desk.tables;
    for (const { number } of await desk.db.select({ number: tickets.number }).from(tickets)) {
      expect(await emailNotices(desk, number)).toEqual(['received:email']);
    }
  }
}

const allSeen = async (folder: string) =>
  (await dovecot.messages(folder)).every((message) => message.flags.includes('\\Seen'));

it('two app processes reading one mailbox: each mail one ticket, one notice', async () => {
  const folder = 'Processes';
  const subjects = Array.from({ length: 4 }, (_, i) => `Richiesta ${i}`);
  await deliverMails(folder, subjects);
  const database = await sharedTestDatabase(dir);
  // Migrated and configured once, before either process opens it.
  const desk = await createTestDesk(database, MAIL_CONFIG);
  const args = [database, String(dovecot.port), dovecot.user, dovecot.password, folder];
  const children = [1, 2].map(() =>
    startChild<{ statuses: InboundResult['status'][] }>('test/support/imap-reader-process.ts', args),
  );
  try {
    await Promise.all(children.map((child) => child.ready));
    for (const child of children) child.go();
    // Generous: a loaded machine takes long to start the processes' mail parsing workers.
    const deadline = Date.now() + 90_000;
    while (!(await allSeen(folder))) {
      if (Date.now() > deadline) throw new Error('the mail was not all taken within 90 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    for (const child of children) child.process.kill('SIGTERM');
  }
  const statuses = (await Promise.all(children.map((child) => child.done))).flatMap((r) => r.statuses);
  expect(statuses.filter((status) => status === 'opened')).toHaveLength(subjects.length);
  expect(statuses.filter((status) => status !== 'opened' && status !== 'duplicate')).toEqual([]);
  await oneTicketAndNoticeEach([desk], subjects.length);
  await desk.close();
}, 180_000);

// Two desks in one process on one SQLite file would wait for each other's write lock synchronously.
it.runIf(TEST_DATABASE === 'postgres')(
  'two pipelines taking the same mails at the very same moment: the Message-ID key holds',
  async () => {
    const folder = 'Shared';
    const subjects = ['Projector broken', 'Wi-Fi in room 12', 'Printer jam'];
    await deliverMails(folder, subjects);
    const { desks, results } = await readByBothAtOnce(folder, subjects.length);

    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual(['duplicate', 'duplicate', 'duplicate', 'opened', 'opened', 'opened']);
    await oneTicketAndNoticeEach(desks, subjects.length);
    expect(await allSeen(folder)).toBe(true);
    await Promise.all(desks.map((desk) => desk.close()));
  },
  120_000,
);

/** Mails the desk refuses: one sent from the desk's own address (a loop), one over the size limit. */
const OWN_ADDRESS_MAIL = () =>
  buildMail({ from: 'Helpdesk <helpdesk@ateneo.example>', messageId: '<loop@ateneo.example>' });
const TOO_LARGE_MAIL = () => buildMail({ messageId: '<big@example.org>', body: 'x'.repeat(5000) });

/** Kept once each, and nothing else came of them: no ticket, no outbox row (no notice), whoever is asked. */
async function keptOnceAndNothingMore(desks: TestDesk[], messageIds: string[]): Promise<void> {
  for (const desk of desks) {
    expect((await refusals(desk)).map((row) => row.messageId).sort()).toEqual([...messageIds].sort());
    expect(await ticketCount(desk)).toBe(0);
    expect(await desk.db.select().from(desk.tables.outbox)).toEqual([]);
  }
}

it('a refused mail read by two app processes: kept once, no ticket, no notice', async () => {
  const folder = 'RefusedProcesses';
  await dovecot.createFolder(folder);
  await dovecot.deliver(OWN_ADDRESS_MAIL(), folder);
  // A database of its own: the first test's tickets are in the SQLite file of `dir`.
  const database = await sharedTestDatabase(mkdtempSync(join(dir, 'refused-')));
  const desk = await createTestDesk(database, MAIL_CONFIG);
  const args = [database, String(dovecot.port), dovecot.user, dovecot.password, folder];
  const children = [1, 2].map(() =>
    startChild<{ statuses: InboundResult['status'][] }>('test/support/imap-reader-process.ts', args),
  );
  try {
    await Promise.all(children.map((child) => child.ready));
    for (const child of children) child.go();
    const deadline = Date.now() + 90_000;
    while (!(await allSeen(folder))) {
      if (Date.now() > deadline) throw new Error('the mail was not taken within 90 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    for (const child of children) child.process.kill('SIGTERM');
  }
  const statuses = (await Promise.all(children.map((child) => child.done))).flatMap((r) => r.statuses);
  expect(statuses.length).toBeGreaterThan(0);
  expect(statuses.every((status) => status === 'refused')).toBe(true);
  await keptOnceAndNothingMore([desk], ['<loop@ateneo.example>']);
  await desk.close();
}, 180_000);

it.runIf(TEST_DATABASE === 'postgres')(
  'two pipelines refusing the same mails at the very same moment: one row each, the second told "again"',
  async () => {
    const folder = 'RefusedShared';
    await dovecot.createFolder(folder);
    for (const mail of [OWN_ADDRESS_MAIL(), TOO_LARGE_MAIL()]) await dovecot.deliver(mail, folder);
    const { desks, results } = await readByBothAtOnce(folder, 2, { maxMessageBytes: 3000 });

    const told = results.map((result) =>
      result.status === 'refused' ? (result.again ?? false) : result.status,
    );
    expect(told.sort()).toEqual([false, false, true, true]);
    const [loop, big] = await refusals(desks[0] as TestDesk);
    expect(loop?.reason).toMatch(/own address/);
    expect(big?.reason).toMatch(/too large/);
    await keptOnceAndNothingMore(desks, ['<loop@ateneo.example>', (big as { messageId: string }).messageId]);
    await Promise.all(desks.map((desk) => desk.close()));
  },
  120_000,
);
