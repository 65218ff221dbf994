import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OutboxRow, queueKeyOf } from '../../src/core/model.js';
import { emailDelivery } from '../../src/delivery/email/index.js';
import {
  type EmailDeliveryDeps,
  formatMailbox,
  MAX_REFERENCES,
  notifyCustomerByEmail,
  parseMailbox,
} from '../../src/delivery/email/notify-customer.js';
import type { MailTransport, OutgoingMail } from '../../src/delivery/email/transport.js';
import { DeliveryError } from '../../src/delivery/outbox-worker.js';
import { anna, createTestDesk, externalUser, maria, student, type TestDesk } from '../support/desk.js';

let t: TestDesk;
let sent: OutgoingMail[];
let deps: EmailDeliveryDeps;

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeEach(async () => {
  t = await createTestDesk();
  sent = [];
  const transport: MailTransport = {
    async send(mail) {
      sent.push(mail);
      return { messageId: mail.messageId, accepted: [mail.to] };
    },
    describe: () => 'test',
    close: () => undefined,
  };
  deps = {
    desk: t.desk,
    transport,
    from: 'Sportello <sportello@ateneo.example>',
    view: { locale: 'it', timeZone: 'Europe/Rome' },
    logger: quiet,
  };
});
afterEach(() => t.close());

/** An outbox row as the worker hands it over: only its id matters to the email delivery. */
const row = (id: number) => ({ id, attempts: 0 }) as OutboxRow;

function openByEmail(title = 'Posta piena') {
  return t.desk.openTicket(externalUser, {
    queueKey: queueKeyOf('helpdesk'),
    title,
    article: { channel: 'email', body: 'La casella è piena.', messageId: '<first@example.org>' },
  });
}

describe('notifyCustomerByEmail', () => {
  it('sends nothing to a customer without an address', async () => {
    const opened = await t.desk.openTicket(student, {
      queueKey: queueKeyOf('helpdesk'),
      title: 'Solo Slack',
      article: { channel: 'slack', body: 'Niente email.' },
    });
    const record = await notifyCustomerByEmail(
      deps,
      { topic: 'customer.notify', ticketId: opened.ticket.id, event: 'received', via: 'email' },
      row(1),
    );
    expect(record).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('keeps the Message-ID of a resent row, and records the mail once', async () => {
    const opened = await openByEmail();
    const message = {
      topic: 'customer.notify',
      ticketId: opened.ticket.id,
      event: 'received',
      via: 'email',
    } as const;
    const first = await notifyCustomerByEmail(deps, message, row(41));
    // The process died before the row was marked delivered: the worker sends it again.
    const again = await notifyCustomerByEmail(deps, message, row(41));
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[0]?.messageId).toBe(`<sportello.41.${opened.ticket.number}@ateneo.example>`);
    expect(sent[0]?.inReplyTo).toBe('<first@example.org>');
    expect(sent[0]?.references).toEqual(['<first@example.org>']);
    expect(sent[0]?.from).toEqual({ name: 'Helpdesk informatico', address: 'helpdesk@ateneo.example' });
    await t.desk.completeDeliveries([{ row: row(41), records: first }], t.desk.now());
    await t.desk.completeDeliveries([{ row: row(41), records: again }], t.desk.now());
    const details = await t.desk.getTicket(anna, opened.ticket.number);
    const notices = details.articles.filter((a) => a.senderType === 'system');
    expect(notices.map((a) => a.messageId)).toEqual([sent[0]?.messageId]);
    expect(details.history.filter((h) => h.event === 'SendCustomerNotification')).toHaveLength(1);
  });

  it('answers the latest Message-ID and lists the last 20', async () => {
    const opened = await openByEmail();
    for (let n = 1; n <= 25; n++) {
      await t.desk.addArticle(externalUser, opened.ticket.number, {
        kind: 'customer',
        channel: 'email',
        body: `Messaggio ${n}`,
        messageId: `<more.${n}@example.org>`,
      });
    }
    await t.desk.addArticle(maria, opened.ticket.number, {
      kind: 'note',
      channel: 'slack',
      body: 'Nessun id.',
    });
    await notifyCustomerByEmail(
      deps,
      { topic: 'customer.notify', ticketId: opened.ticket.id, event: 'pending', via: 'email' },
      row(7),
    );
    const mail = sent[0] as OutgoingMail;
    expect(mail.inReplyTo).toBe('<more.25@example.org>');
    expect(mail.references).toHaveLength(MAX_REFERENCES);
    expect(mail.references?.[0]).toBe('<more.6@example.org>');
    expect(mail.references?.at(-1)).toBe('<more.25@example.org>');
  });

  it('speaks for the first-level queue after an escalation, and for the desk where the queue has no address', async () => {
    const opened = await openByEmail('Wi-Fi in aula');
    await t.desk.claimTicket(maria, opened.ticket.number);
    await t.desk.escalateTicket(maria, opened.ticket.number, queueKeyOf('reti'), 'Access point guasto');
    await notifyCustomerByEmail(
      deps,
      { topic: 'customer.notify', ticketId: opened.ticket.id, event: 'claimed', via: 'email' },
      row(3),
    );
    expect(sent[0]?.from).toEqual({ name: 'Helpdesk informatico', address: 'helpdesk@ateneo.example' });
    // Escalating released the ticket: the mail still names who took it in charge.
    expect(sent[0]?.text).toContain('Maria Rossi ha preso in carico');
    expect(sent[0]?.text).toContain('Cordiali saluti,\nHelpdesk informatico\nSportello');
    expect(sent[0]?.text).not.toContain('Reti e Wi-Fi');

    const other = await t.desk.openTicket(externalUser, {
      queueKey: queueKeyOf('biblioteca'),
      title: 'Prestito',
      article: { channel: 'email', body: 'Rinnovo.' },
    });
    await notifyCustomerByEmail(
      deps,
      { topic: 'customer.notify', ticketId: other.ticket.id, event: 'received', via: 'email' },
      row(4),
    );
    expect(sent[1]?.from).toEqual({ name: 'Sportello', address: 'sportello@ateneo.example' });
    expect(sent[1]?.messageId).toBe(`<sportello.4.${other.ticket.number}@ateneo.example>`);
  });
});

describe('emailDelivery', () => {
  it('refuses for good what is not a customer notice by email', async () => {
    const handle = emailDelivery(deps);
    const opened = await openByEmail();
    const attempt = handle({ topic: 'card.sync', ticketId: opened.ticket.id }, row(1));
    await expect(attempt).rejects.toBeInstanceOf(DeliveryError);
    await expect(attempt).rejects.toMatchObject({
      message: 'not an email delivery: card.sync',
      options: { permanent: true },
    });
    await expect(
      handle(
        { topic: 'customer.notify', ticketId: opened.ticket.id, event: 'received', via: 'slack' },
        row(2),
      ),
    ).rejects.toMatchObject({ options: { permanent: true } });
    expect(sent).toEqual([]);
  });

  it('sends a customer notice by email', async () => {
    const opened = await openByEmail();
    const record = await emailDelivery(deps)(
      { topic: 'customer.notify', ticketId: opened.ticket.id, event: 'received', via: 'email' },
      row(9),
    );
    expect(record).toMatchObject([{ kind: 'notice', ticketNumber: opened.ticket.number }]);
    expect(sent.map((m) => m.to)).toEqual(['mario.bianchi@example.org']);
  });
});

describe('mailboxes', () => {
  it('reads MAIL_FROM and writes header mailboxes', () => {
    expect(parseMailbox('Sportello <sportello@localhost>')).toEqual({
      name: 'Sportello',
      address: 'sportello@localhost',
    });
    expect(parseMailbox('help@example.org')).toEqual({ address: 'help@example.org' });
    expect(formatMailbox({ name: 'Help, Desk "IT"', address: 'h@example.org' })).toBe(
      '"Help, Desk \\"IT\\"" <h@example.org>',
    );
    expect(formatMailbox({ address: 'h@example.org' })).toBe('h@example.org');
  });
});
