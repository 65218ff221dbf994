/**
 * The attacks of the December 2026 review (M2, I5) against the real listener, each told by the raw SMTP
 * dialogue a hostile client would hold.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receiveMail } from '../../src/mail/inbound.js';
import {
  type SmtpListener,
  type SmtpListenerOptions,
  startSmtpListener,
} from '../../src/mail/smtp-listener.js';
import type { TestDesk } from '../support/desk.js';
import { buildMail, contextFor, createMailDesk, quietLogger, ticketCount } from './helpers.js';
import { SmtpDialogue } from './smtp-dialogue.js';

const MB = 1024 * 1024;

let t: TestDesk;
let listener: SmtpListener | undefined;
const dialogues: SmtpDialogue[] = [];

beforeEach(async () => {
  t = await createMailDesk();
});
afterEach(async () => {
  for (const dialogue of dialogues.splice(0)) dialogue.close();
  await listener?.stop();
  listener = undefined;
  await t.close();
});

async function listen(extra: Partial<SmtpListenerOptions> = {}): Promise<SmtpListener> {
  listener = await startSmtpListener({
    desk: t.desk,
    host: '127.0.0.1',
    port: 0,
    maxMessageBytes: MB,
    maxClients: 20,
    maxRecipients: 50,
    logger: quietLogger(),
    receive: (raw, envelope) => receiveMail(raw, contextFor(t, { ...envelope, source: 'smtp' })),
    ...extra,
  });
  return listener;
}

async function open(port: number): Promise<SmtpDialogue> {
  const dialogue = await SmtpDialogue.open(port);
  dialogues.push(dialogue);
  return dialogue;
}

/** A dialogue greeted and past MAIL FROM, ready for recipients. */
async function readyForRecipients(port: number): Promise<SmtpDialogue> {
  const dialogue = await open(port);
  expect(await dialogue.reply()).toMatch(/^220 /);
  expect(await dialogue.command('EHLO relay.example')).toMatch(/^250/);
  expect(await dialogue.command('MAIL FROM:<laura.neri@example.org>')).toMatch(/^250/);
  return dialogue;
}

/** V8's collector, so that what is measured is memory still held, not garbage not yet collected. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('the SMTP listener under attack', () => {
  it('refuses a DATA far over the limit with 552 without holding it in memory', async () => {
    const { port } = await listen({ maxMessageBytes: MB });
    const dialogue = await readyForRecipients(port);
    expect(await dialogue.command('RCPT TO:<helpdesk@ateneo.example>')).toMatch(/^250/);

    const gc = collector();
    gc();
    const before = process.memoryUsage();
    let peakRss = 0;
    let peakArrayBuffers = 0;
    let nextCheck = 0;
    const answer = await dialogue.data(60 * MB, (written) => {
      if (written < nextCheck) return;
      nextCheck = written + 4 * MB;
      gc();
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss - before.rss);
      peakArrayBuffers = Math.max(peakArrayBuffers, now.arrayBuffers - before.arrayBuffers);
    });

    expect(answer).toMatch(/^552 5\.3\.4 /);
    // Buffering the whole DATA grows both with every megabyte sent (before the fix: +53 MB at 56 MB sent);
    // now they stay flat but for a transient network buffer or two.
    expect(peakArrayBuffers).toBeLessThan(16 * MB);
    expect(peakRss).toBeLessThan(24 * MB);
    expect(await ticketCount(t)).toBe(0);
    // The connection is still usable for the next mail.
    expect(await dialogue.command('RSET')).toMatch(/^250/);
  }, 60_000);

  it('holds at most maxClients connections: the others get 421', async () => {
    const { port } = await listen({ maxClients: 20 });
    const idle = await Promise.all(Array.from({ length: 30 }, () => open(port)));
    const greetings = await Promise.all(idle.map((dialogue) => dialogue.reply()));
    expect(greetings.filter((reply) => reply.startsWith('220 '))).toHaveLength(20);
    expect(greetings.filter((reply) => reply.startsWith('421 '))).toHaveLength(10);
  });

  it('takes at most maxRecipients recipients per message: the next get 452 4.5.3', async () => {
    const addresses = Array.from({ length: 60 }, (_, i) => `desk${i + 1}@ateneo.example`);
    const { port } = await listen({ maxRecipients: 50, extraRecipients: addresses });
    const dialogue = await readyForRecipients(port);
    const replies: string[] = [];
    for (const address of addresses) replies.push(await dialogue.command(`RCPT TO:<${address}>`));
    expect(replies.slice(0, 50).every((reply) => reply.startsWith('250 '))).toBe(true);
    expect(replies[50]).toMatch(/^452 4\.5\.3 /);
    expect(replies.slice(50).every((reply) => reply.startsWith('452 4.5.3 '))).toBe(true);
  });

  it('refuses a client outside the allowlist at connect with 554, and serves one inside it', async () => {
    const relaysOnly = await listen({ allowedClients: [{ address: '10.0.0.0', prefix: 8, family: 'ipv4' }] });
    const outsider = await open(relaysOnly.port);
    expect(await outsider.reply()).toMatch(/^554 5\.7\.1 /);
    expect(await outsider.reply()).toBe('');
    await relaysOnly.stop();

    const loopbackAllowed = await listen({
      allowedClients: [{ address: '127.0.0.0', prefix: 8, family: 'ipv4' }],
    });
    const relay = await open(loopbackAllowed.port);
    expect(await relay.reply()).toMatch(/^220 /);
  });

  it('will not listen beyond loopback without an allowlist', async () => {
    await expect(listen({ host: '0.0.0.0' })).rejects.toThrow(/MAIL_INBOUND_SMTP_ALLOW/);
  });

  it('answers a plain "250 2.0.0 queued" that names no ticket, for a new mail and for its duplicate', async () => {
    const { port } = await listen();
    const mail = buildMail({ messageId: '<which-ticket@example.org>' }).toString('latin1');
    const replies: string[] = [];
    for (let i = 0; i < 2; i++) {
      const dialogue = await readyForRecipients(port);
      expect(await dialogue.command('RCPT TO:<helpdesk@ateneo.example>')).toMatch(/^250/);
      expect(await dialogue.command('DATA')).toMatch(/^354/);
      replies.push(await dialogue.command(`${mail}.`));
    }
    expect(replies).toEqual(['250 2.0.0 queued', '250 2.0.0 queued']);
    expect(await ticketCount(t)).toBe(1);
  });
});
