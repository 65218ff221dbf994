/**
 * A References header with 40,000 ids (issue 11, L6): every id became an SQL variable, so the lookup failed
 * with "too many SQL variables" and the SMTP listener answered 451 for ever. Only the latest 50 ids are
 * kept now, and the mail lands.
 */
import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, expect, it } from 'vitest';

import { receiveMail } from '../../src/mail/inbound.js';
import { MAX_REPLY_IDS } from '../../src/mail/mail-content.js';
import { type SmtpListener, startSmtpListener } from '../../src/mail/smtp-listener.js';
import type { TestDesk } from '../support/desk.js';
import { buildMail, contextFor, createMailDesk, quietLogger, refusals } from './helpers.js';

let t: TestDesk;
let listener: SmtpListener;

beforeEach(async () => {
  t = await createMailDesk();
  listener = await startSmtpListener({
    desk: t.desk,
    host: '127.0.0.1',
    port: 0,
    maxMessageBytes: 2 * 1024 * 1024,
    maxClients: 20,
    maxRecipients: 50,
    logger: quietLogger(),
    receive: (raw, envelope) => receiveMail(raw, contextFor(t, { ...envelope, source: 'smtp' })),
  });
});
afterEach(async () => {
  await listener.stop();
  await t.close();
});

/** Sends a raw mail through the listener, as the relay would. */
function send(raw: Buffer) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: listener.port,
    secure: false,
    ignoreTLS: true,
  });
  return transport.sendMail({
    envelope: { from: 'laura.neri@example.org', to: 'helpdesk@ateneo.example' },
    raw,
  });
}

async function articleWithMessageId(messageId: string) {
  return (await t.db.select().from(t.tables.articles).where(eq(t.tables.articles.messageId, messageId)))[0];
}

it('a reply whose References hold 40,000 ids lands on the ticket the latest of them names', async () => {
  const from = 'Laura Neri <laura.neri@example.org>';
  await send(buildMail({ from, subject: 'Printer', body: 'It jams.', messageId: '<first@example.org>' }));
  const first = await articleWithMessageId('<first@example.org>');
  expect(first).toBeDefined();

  // One unfolded header line of ~0.5 MB, as in the review (mailparser takes up to 1 MB of header).
  const unknown = Array.from({ length: 39_999 }, (_, i) => `<${i}@e.x>`);
  const references = [...unknown, '<first@example.org>'].join(' ');
  expect(references.length).toBeGreaterThan(400_000);
  const info = await send(
    buildMail({
      from,
      subject: 'Still jammed',
      body: 'Same again.',
      messageId: '<second@example.org>',
      references,
    }),
  );

  expect(info.response).toMatch(/^250 /);
  expect(await refusals(t)).toEqual([]);
  const reply = await articleWithMessageId('<second@example.org>');
  expect(reply?.ticketId).toBe(first?.ticketId);
  const kept = reply?.references?.split(' ') ?? [];
  expect(kept).toHaveLength(MAX_REPLY_IDS);
  expect(kept.at(-1)).toBe('<first@example.org>');
});
