import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queueKeyOf, ticketNumberOf } from '../../src/core/model.js';
import { ImapReader, type MailboxAccount } from '../../src/mail/imap-reader.js';
import { type InboundResult, receiveMail } from '../../src/mail/inbound.js';
import { maria, type TestDesk } from '../support/desk.js';
import { type Dovecot, dovecotVersion, startDovecot } from '../support/dovecot.js';
import {
  buildMail,
  contextFor,
  createMailDesk,
  imapAccount,
  landed,
  quietLogger,
  ticketCount,
} from './helpers.js';

let dovecot: Dovecot;
beforeAll(async () => {
  dovecot = await startDovecot();
}, 30_000);
afterAll(async () => {
  await dovecot?.dispose();
});

let t: TestDesk;
let folder: string;
let readers: ImapReader[] = [];
let folderCount = 0;
beforeEach(async () => {
  t = await createMailDesk();
  folderCount += 1;
  folder = `Test${folderCount}`;
  await dovecot.createFolder(folder);
});
afterEach(async () => {
  await Promise.all(readers.map((reader) => reader.stop()));
  readers = [];
  await t.close();
});

function account(extra: Partial<MailboxAccount> = {}): MailboxAccount {
  return { ...imapAccount(dovecot, folder), ...extra };
}

/** The real pipeline on the test desk, as the server binds it for a mailbox. */
const pipeline = (raw: Buffer) =>
  receiveMail(raw, contextFor(t, { accountQueueKey: queueKeyOf('helpdesk'), source: `imap:${folder}` }));

async function startReader(
  receive: (raw: Buffer) => Promise<InboundResult> = pipeline,
  extra: Partial<MailboxAccount> = {},
): Promise<ImapReader> {
  const reader = new ImapReader({
    account: account(extra),
    receive,
    giveUp: () => {},
    logger: quietLogger(),
    idleDelayMs: 50,
    pollIntervalMs: 30_000,
    backoff: { initialMs: 100, maxMs: 500 },
  });
  readers.push(reader);
  await reader.start();
  return reader;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    // A check may fail while the reader is still setting up (the processed folder not created yet).
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  throw new Error(
    `timed out waiting for ${what} (last error: ${String(lastError)})\n${dovecot.log().slice(-2000)}`,
  );
}

const seen = async (where = folder) => (await dovecot.messages(where)).map((m) => m.flags.includes('\\Seen'));

describe(`IMAP against a real Dovecot`, () => {
  it(`runs Dovecot ${dovecotVersion()}`, () => {
    expect(dovecotVersion()).toMatch(/^2\.\d/);
  });

  it('opens a ticket for an unseen mail, then takes a follow-up announced by IDLE', async () => {
    await dovecot.deliver(
      buildMail({ messageId: '<imap-1@example.org>', subject: 'Projector broken' }),
      folder,
    );
    await startReader();
    await until('the ticket', async () => (await ticketCount(t)) === 1);
    const number = (await t.desk.searchTickets(maria, 'Projector'))[0]?.number ?? '';
    expect(number).not.toBe('');
    await until('the first mail marked seen', async () => (await seen()).every(Boolean));

    await dovecot.deliver(
      buildMail({ subject: `Re: [Ticket#${number}] Projector broken`, body: 'Still broken.' }),
      folder,
    );
    await until(
      'the follow-up',
      async () => (await t.desk.getTicket(maria, ticketNumberOf(number))).articles.length === 2,
    );
    expect(await ticketCount(t)).toBe(1);
    await until('both marked seen', async () => (await seen()).join() === 'true,true');
  });

  it('leaves seen mail alone, and moves taken mail to the processed folder', async () => {
    await dovecot.deliver(buildMail({ subject: 'Already read' }), folder);
    const [old] = await dovecot.messages(folder);
    expect(old).toBeDefined();
    await dovecot.deliver(buildMail({ subject: 'Unread one' }), folder);
    // Mark the first one as read by someone else.
    await markSeen(old?.uid ?? 0);
    await startReader(pipeline, { processedFolder: `${folder}-done` });
    await until('one message moved', async () => (await dovecot.messages(`${folder}-done`)).length === 1);
    expect(await ticketCount(t)).toBe(1);
    expect(await dovecot.messages(folder)).toHaveLength(1);
    expect(await seen(`${folder}-done`)).toEqual([true]);
  });

  it('marks \\Seen only after the commit: a pipeline that fails leaves the mail unseen, a re-run takes it once', async () => {
    await dovecot.deliver(buildMail({ messageId: '<crash@example.org>' }), folder);
    let calls = 0;
    const failing = await startReader(async () => {
      calls += 1;
      throw new Error('database is locked');
    });
    await until('an attempt', () => calls >= 1);
    await failing.stop();
    expect(await seen()).toEqual([false]);
    expect(await ticketCount(t)).toBe(0);

    await startReader();
    await until('the ticket', async () => (await ticketCount(t)) === 1);
    await until('marked seen', async () => (await seen()).every(Boolean));
    for (const reader of readers) await reader.stop();
    readers = [];
    await startReader();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await ticketCount(t)).toBe(1);
  });

  it('a restart mid-batch loses nothing and creates nothing twice', async () => {
    for (let i = 1; i <= 5; i++) {
      await dovecot.deliver(
        buildMail({ messageId: `<batch-${i}@example.org>`, subject: `Batch ${i}` }),
        folder,
      );
    }
    const outcomes: string[] = [];
    let first: ImapReader | null = null;
    // The third mail is committed, then the process "dies" before it can mark it \Seen.
    first = await startReader(async (raw) => {
      const result = await pipeline(raw);
      outcomes.push(result.status);
      if (outcomes.length === 3) {
        void first?.stop();
        throw new Error('killed after the commit');
      }
      return result;
    });
    await until('three taken', () => outcomes.length === 3);
    await first.stop();
    expect(await ticketCount(t)).toBe(3);
    expect(await seen()).toEqual([true, true, false, false, false]);

    const after: string[] = [];
    await startReader(async (raw) => {
      const result = await pipeline(raw);
      after.push(result.status);
      return result;
    });
    await until('all seen', async () => (await seen()).every(Boolean));
    expect(after).toEqual(['duplicate', 'opened', 'opened']);
    expect(await ticketCount(t)).toBe(5);
  });

  it('gives up on a message that keeps failing: kept as refused, marked seen', async () => {
    await dovecot.deliver(buildMail({ messageId: '<poison@example.org>' }), folder);
    const given: string[] = [];
    const reader = new ImapReader({
      account: account(),
      receive: async () => {
        throw new Error('always fails');
      },
      giveUp: (_raw, reason) => {
        given.push(reason);
      },
      logger: quietLogger(),
      idleDelayMs: 50,
      pollIntervalMs: 50,
      maxAttempts: 3,
    });
    readers.push(reader);
    await reader.start();
    await until('given up', () => given.length === 1);
    expect(given[0]).toMatch(/failed 3 times: always fails/);
    await until('marked seen', async () => (await seen()).every(Boolean));
  });

  it('does not download a message over the size limit: kept as refused from its headers, marked seen', async () => {
    await dovecot.deliver(buildMail({ messageId: '<huge@example.org>', body: 'x'.repeat(20_000) }), folder);
    const given: { raw: Buffer; reason: string }[] = [];
    const reader = new ImapReader({
      account: account(),
      receive: pipeline,
      giveUp: (raw, reason) => {
        given.push({ raw, reason });
      },
      logger: quietLogger(),
      idleDelayMs: 50,
      maxMessageBytes: 10_000,
    });
    readers.push(reader);
    await reader.start();
    await until('given up', () => given.length === 1);
    expect(given[0]?.reason).toMatch(/^too large: \d+ bytes \(the limit is 10000\)$/);
    expect(given[0]?.raw.toString()).toContain('Message-ID: <huge@example.org>');
    expect(given[0]?.raw.toString()).not.toContain('xxxxxxxx');
    await until('marked seen', async () => (await seen()).every(Boolean));
    expect(await ticketCount(t)).toBe(0);
  });

  it('retries an unreachable server with backoff, and stops at once', async () => {
    const lines: string[] = [];
    const reader = new ImapReader({
      account: account({ port: 1 }),
      receive: pipeline,
      giveUp: () => {},
      logger: quietLogger(lines),
      backoff: { initialMs: 50, maxMs: 100 },
    });
    await reader.start();
    await until('two reconnect attempts', () => lines.filter((l) => l.includes('reconnecting')).length >= 2);
    const started = Date.now();
    await reader.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(lines.join('')).not.toContain(dovecot.password);
  });

  it('reconnects when the server goes away and comes back', async () => {
    await startReader();
    await dovecot.deliver(buildMail({ subject: 'Before the restart' }), folder);
    await until('the first ticket', async () => (await ticketCount(t)) === 1);
    await dovecot.stop();
    await dovecot.start();
    await dovecot.deliver(buildMail({ subject: 'After the restart' }), folder);
    await until('the second ticket', async () => (await ticketCount(t)) === 2, 15_000);
    const result = landed(await pipeline(buildMail({ subject: 'direct' })));
    expect(result.status).toBe('opened');
  });
});

async function markSeen(uid: number): Promise<void> {
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await client.connect();
  const lock = await client.getMailboxLock(folder);
  try {
    await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
  } finally {
    lock.release();
    await client.logout();
  }
}
