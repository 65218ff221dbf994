import { describe, expect, it } from 'vitest';
import { receiveMail } from '../../src/mail/inbound.js';
import { readMail } from '../../src/mail/mail-reader.js';
import { buildMail, contextFor, createMailDesk, refusals } from './helpers.js';

function withAttachment(name: string, bytes: Buffer): Buffer {
  const boundary = 'b0undary';
  return Buffer.from(
    [
      'From: Laura Neri <laura.neri@example.org>',
      'To: helpdesk@ateneo.example',
      'Subject: A file',
      'Message-ID: <file-1@example.org>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See the attachment.',
      `--${boundary}`,
      `Content-Type: application/octet-stream; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      bytes.toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}

describe('reading mail in the worker thread', () => {
  it('gives back the mail as plain data: sender, ids, text, headers', async () => {
    const result = await readMail(
      buildMail({
        from: 'Laura Neri <laura.neri@example.org>',
        subject: 'Re: Wi-Fi',
        messageId: '<read-1@example.org>',
        inReplyTo: '<sportello.1.x@ateneo.example>',
        references: '<a@example.org> <b@example.org>',
        headers: { 'Auto-Submitted': 'auto-replied' },
        body: 'It is slow.   \n\n',
      }),
    );
    expect(result).toMatchObject({
      ok: true,
      mail: {
        messageId: '<read-1@example.org>',
        inReplyTo: ['<sportello.1.x@ateneo.example>'],
        references: ['<a@example.org>', '<b@example.org>'],
        from: { address: 'laura.neri@example.org', name: 'Laura Neri' },
        subject: 'Re: Wi-Fi',
        to: ['helpdesk@ateneo.example'],
        body: 'It is slow.',
        contentType: 'text/plain',
      },
    });
    if (!result.ok) return;
    expect(result.mail.headers).toContainEqual({ name: 'auto-submitted', value: 'auto-replied' });
  });

  it('hands over attachments whole', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    const result = await readMail(withAttachment('data.bin', bytes));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [file] = result.mail.attachments;
    expect(file?.filename).toBe('data.bin');
    expect(Buffer.from(file?.content ?? []).equals(bytes)).toBe(true);
  });

  it('gives up a mail that takes longer than its budget, and reads the next one in a new worker', async () => {
    const slow = buildMail({ body: 'x '.repeat(5_000_000) });
    expect(await readMail(slow, 1)).toEqual({ ok: false, reason: 'could not be read within 0.001 s' });
    expect(await readMail(buildMail({ body: 'fine' }))).toMatchObject({ ok: true, mail: { body: 'fine' } });
  });

  it('a mail over its budget is kept as refused, never thrown, and the next mail lands', async () => {
    const t = await createMailDesk();
    try {
      const slow = await receiveMail(
        buildMail({ messageId: '<slow@example.org>', body: 'x '.repeat(5_000_000) }),
        contextFor(t, { readBudgetMs: 1 }),
      );
      expect(slow).toMatchObject({ status: 'refused', reason: 'could not be read within 0.001 s' });
      expect((await refusals(t)).map((r) => r.reason)).toEqual(['could not be read within 0.001 s']);
      const next = await receiveMail(buildMail({ body: 'fine' }), contextFor(t));
      expect(next.status).toBe('opened');
    } finally {
      await t.close();
    }
  });
});
