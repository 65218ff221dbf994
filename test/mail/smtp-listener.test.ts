import { desc } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ticketNumberOf } from '../../src/core/model.js';

import { receiveMail } from '../../src/mail/inbound.js';
import { type SmtpListener, startSmtpListener } from '../../src/mail/smtp-listener.js';
import { paolo, type TestDesk } from '../support/desk.js';
import { contextFor, createMailDesk, emailNotices, quietLogger, refusals, ticketCount } from './helpers.js';

let t: TestDesk;
let listener: SmtpListener;
let failNext = false;
let landedCount = 0;

beforeEach(async () => {
  t = await createMailDesk();
  failNext = false;
  landedCount = 0;
  listener = await startSmtpListener({
    desk: t.desk,
    host: '127.0.0.1',
    port: 0,
    maxMessageBytes: 64 * 1024,
    maxClients: 20,
    maxRecipients: 50,
    logger: quietLogger(),
    onLanded: () => {
      landedCount += 1;
    },
    receive: async (raw, envelope) => {
      if (failNext) throw new Error('database is locked');
      return receiveMail(raw, contextFor(t, { ...envelope, source: 'smtp' }));
    },
  });
});
afterEach(async () => {
  await listener.stop();
  await t.close();
});

function transport() {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: listener.port,
    secure: false,
    ignoreTLS: true,
  });
}

/** The number of the ticket opened last: the listener's reply does not name it. */
async function lastTicketNumber(): Promise<string> {
  return (
    (
      await t.db
        .select({ number: t.tables.tickets.number })
        .from(t.tables.tickets)
        .orderBy(desc(t.tables.tickets.id))
    )[0]?.number ?? ''
  );
}

interface SmtpFailure {
  responseCode?: number;
  rejected?: string[];
}

describe('the SMTP listener', () => {
  it('takes a mail for a queue address: a ticket in that queue, with the envelope', async () => {
    const info = await transport().sendMail({
      from: 'Laura Neri <laura.neri@example.org>',
      to: 'Biblioteca@Ateneo.example',
      subject: 'Interlibrary loan',
      text: 'I need a book from another library.',
      messageId: '<smtp-1@example.org>',
    });
    expect(info.accepted).toHaveLength(1);
    expect(info.response).toBe('250 2.0.0 queued');
    expect(await ticketCount(t)).toBe(1);
    expect(landedCount).toBe(1);
    const details = await t.desk.getTicket(paolo, ticketNumberOf(await lastTicketNumber()));
    expect(details.queue.key).toBe('biblioteca');
    expect(details.articles[0]).toMatchObject({ messageId: '<smtp-1@example.org>', channel: 'email' });
  });

  it('refuses an unknown recipient with 550 and takes nothing', async () => {
    const attempt = transport().sendMail({
      from: 'laura.neri@example.org',
      to: 'someone-else@ateneo.example',
      subject: 'Wrong address',
      text: 'Hello',
    });
    await expect(attempt).rejects.toMatchObject({ responseCode: 550 } satisfies SmtpFailure);
    expect(await ticketCount(t)).toBe(0);
  });

  it('takes the mail for its known recipients when others are refused', async () => {
    const info = await transport().sendMail({
      from: 'laura.neri@example.org',
      to: ['helpdesk@ateneo.example', 'nobody@ateneo.example'],
      subject: 'Half right',
      text: 'Hello',
    });
    expect(info.accepted).toEqual(['helpdesk@ateneo.example']);
    expect(info.rejected).toEqual(['nobody@ateneo.example']);
    expect(await ticketCount(t)).toBe(1);
  });

  it('refuses a mail over the size limit', async () => {
    const attempt = transport().sendMail({
      from: 'laura.neri@example.org',
      to: 'helpdesk@ateneo.example',
      subject: 'Huge',
      text: 'x'.repeat(100 * 1024),
    });
    await expect(attempt).rejects.toMatchObject({ responseCode: 552 } satisfies SmtpFailure);
    expect(await ticketCount(t)).toBe(0);
  });

  it('answers 451 when the desk cannot take the mail, so the relay retries', async () => {
    failNext = true;
    const mail = {
      from: 'laura.neri@example.org',
      to: 'helpdesk@ateneo.example',
      subject: 'Retry me',
      text: 'Hello',
      messageId: '<retry@example.org>',
    };
    await expect(transport().sendMail(mail)).rejects.toMatchObject({
      responseCode: 451,
    } satisfies SmtpFailure);
    expect(await ticketCount(t)).toBe(0);
    failNext = false;
    await transport().sendMail(mail);
    await transport().sendMail(mail);
    expect(await ticketCount(t)).toBe(1);
  });

  it('keeps a bounce (null sender) as a ticket without answering it', async () => {
    const info = await transport().sendMail({
      envelope: { from: '', to: ['helpdesk@ateneo.example'] },
      from: 'MAILER-DAEMON@mx.example.org',
      to: 'helpdesk@ateneo.example',
      subject: 'Undelivered Mail Returned to Sender',
      text: 'Your message could not be delivered.',
    });
    expect(info.accepted).toHaveLength(1);
    expect(await ticketCount(t)).toBe(1);
    expect(landedCount).toBe(1);
    expect(await emailNotices(t, ticketNumberOf(await lastTicketNumber()))).toEqual([]);
  });

  it('accepts, and keeps as refused, a mail it cannot make a ticket of', async () => {
    // No From, and the null envelope sender: nobody to make the customer.
    const info = await transport().sendMail({
      envelope: { from: '', to: ['helpdesk@ateneo.example'] },
      raw: 'To: helpdesk@ateneo.example\r\nSubject: no sender\r\n\r\nWho sent this?\r\n',
    });
    expect(info.response).toBe('250 2.0.0 queued');
    expect(await ticketCount(t)).toBe(0);
    expect((await refusals(t))[0]).toMatchObject({
      envelopeFrom: '',
      envelopeTo: 'helpdesk@ateneo.example',
    });
  });
});
