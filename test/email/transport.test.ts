import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createMailTransport,
  type MailTransport,
  type OutgoingMail,
  smtpDeliveryError,
} from '../../src/delivery/email/transport.js';
import { DeliveryError } from '../../src/delivery/outbox-worker.js';
import { SINK_PASSWORD, SINK_USER, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

const lines: string[] = [];
const logger = {
  info: (m: string) => lines.push(m),
  warn: (m: string) => lines.push(m),
  error: (m: string) => lines.push(m),
};

function mail(n: number, extra: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    from: { name: 'Helpdesk informatico', address: 'helpdesk@ateneo.example' },
    to: 'mario.bianchi@example.org',
    subject: `[Ticket#2026113010000052] Wi-Fi ${n}`,
    text: `Plain text ${n}\nsecond line`,
    html: `<p>HTML ${n}</p>`,
    messageId: `<sportello.${n}.2026113010000052@ateneo.example>`,
    ...extra,
  };
}

/** The DeliveryError a send failed with. */
async function failure(transport: MailTransport, outgoing: OutgoingMail): Promise<DeliveryError> {
  const error = await transport.send(outgoing).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('without SMTP: .eml files', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each mail whole into the mail folder (created), named by time and Message-ID', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-mail-'));
    const mailDir = join(dir, 'nested', 'mail');
    const transport = createMailTransport({ mailDir, logger });
    expect(transport.describe()).toBe(`writing .eml files to ${mailDir}`);
    const sent = await transport.send(
      mail(1, {
        inReplyTo: '<customer.1@example.org>',
        references: ['<customer.1@example.org>', '<sportello.0.2026113010000052@ateneo.example>'],
        headers: { 'Auto-Submitted': 'auto-generated' },
      }),
    );
    expect(sent).toEqual({
      messageId: '<sportello.1.2026113010000052@ateneo.example>',
      accepted: ['mario.bianchi@example.org'],
    });
    const files = readdirSync(mailDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{8}T\d{9}Z-sportello\.1\.2026113010000052@ateneo\.example\.eml$/);
    const parsed = await simpleParser(readFileSync(join(mailDir, files[0] as string)));
    expect(parsed.subject).toBe('[Ticket#2026113010000052] Wi-Fi 1');
    expect(parsed.messageId).toBe('<sportello.1.2026113010000052@ateneo.example>');
    expect(parsed.inReplyTo).toBe('<customer.1@example.org>');
    expect(parsed.references).toEqual([
      '<customer.1@example.org>',
      '<sportello.0.2026113010000052@ateneo.example>',
    ]);
    expect(parsed.from?.value).toEqual([
      { name: 'Helpdesk informatico', address: 'helpdesk@ateneo.example' },
    ]);
    expect(parsed.text).toBe('Plain text 1\nsecond line');
    expect(parsed.html).toBe('<p>HTML 1</p>');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');

    await transport.send(mail(2));
    expect(readdirSync(mailDir).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    expect(readdirSync(mailDir).some((f) => f.endsWith('.tmp'))).toBe(false);
    transport.close();
  });
});

describe('SMTP', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.stop());
  afterEach(() => sink.refuse(null));

  it('sends through one pooled connection, logged in, and never shows the password', async () => {
    const transport = createMailTransport({ smtpUrl: sink.url(), mailDir: '/nonexistent', logger });
    try {
      expect(transport.describe()).toBe(`SMTP smtp://127.0.0.1:${sink.port}`);
      expect(transport.describe()).not.toContain(SINK_PASSWORD);
      const before = { connections: sink.connections, messages: sink.messages.length };
      for (const n of [1, 2, 3]) await transport.send(mail(n));
      const got = (await sink.waitFor(before.messages + 3)).slice(before.messages);
      expect(got.map((m) => m.subject)).toEqual([1, 2, 3].map((n) => `[Ticket#2026113010000052] Wi-Fi ${n}`));
      expect(got.map((m) => m.user)).toEqual([SINK_USER, SINK_USER, SINK_USER]);
      expect(got[0]?.envelope).toEqual({
        from: 'helpdesk@ateneo.example',
        to: ['mario.bianchi@example.org'],
      });
      expect(sink.connections - before.connections).toBe(1);
    } finally {
      transport.close();
    }
  });

  it('retries on 4xx replies, refused connections and a wrong login; gives up on 5xx refusals', async () => {
    const transport = createMailTransport({ smtpUrl: sink.url(), mailDir: '/nonexistent', logger });
    try {
      sink.refuse({ code: 421, message: 'Too busy, try later', at: 'mailFrom' });
      const busy = await failure(transport, mail(10));
      expect(busy.options.permanent).toBe(false);
      expect(busy.message).toContain('421');

      sink.refuse({ code: 451, at: 'rcptTo' });
      expect((await failure(transport, mail(11))).options.permanent).toBe(false);

      sink.refuse({ code: 550, message: 'No such user here', at: 'rcptTo' });
      const unknown = await failure(transport, mail(12));
      expect(unknown.options.permanent).toBe(true);
      expect(unknown.message).toContain('550');

      sink.refuse({ code: 553, message: 'Mailbox name not allowed', at: 'rcptTo' });
      expect((await failure(transport, mail(13))).options.permanent).toBe(true);
    } finally {
      transport.close();
    }

    const wrong = createMailTransport({
      smtpUrl: sink.url(SINK_USER, 'wrong-password-42'),
      mailDir: '/nonexistent',
      logger,
    });
    try {
      const refused = await failure(wrong, mail(14));
      expect(refused.options.permanent).toBe(false);
      expect(refused.message).not.toContain('wrong-password-42');
    } finally {
      wrong.close();
    }

    const nobody = createMailTransport({ smtpUrl: 'smtp://127.0.0.1:1', mailDir: '/nonexistent', logger });
    try {
      const down = await failure(nobody, mail(15));
      expect(down.options.permanent).toBe(false);
    } finally {
      nobody.close();
    }
  });

  it('maps timeouts and protocol errors as retryable, and redacts secrets from messages', () => {
    const timeout = Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' });
    expect(smtpDeliveryError(timeout).options.permanent).toBe(false);
    const badSequence = Object.assign(new Error('503 Bad sequence'), {
      code: 'EPROTOCOL',
      responseCode: 503,
    });
    expect(smtpDeliveryError(badSequence).options.permanent).toBe(false);
    const auth = Object.assign(new Error('535 Invalid login'), { code: 'EAUTH', responseCode: 535 });
    expect(smtpDeliveryError(auth).options.permanent).toBe(false);
    const tooBig = Object.assign(new Error('552 Too big'), { code: 'EMESSAGE', responseCode: 552 });
    expect(smtpDeliveryError(tooBig).options.permanent).toBe(true);
    const leaky = new Error('login as user:s3cret-pass failed');
    expect(smtpDeliveryError(leaky, ['s3cret-pass']).message).toBe('SMTP: login as user:[redacted] failed');
  });
});
