import { describe, expect, it } from 'vitest';
import {
  buildCustomerEmail,
  type CustomerEmailInput,
  customerEmailSubject,
} from '../../src/views/email/customer-email.js';

const NUMBER = '2026113010000052';

const base: CustomerEmailInput = {
  locale: 'en',
  event: 'received',
  ticketNumber: NUMBER,
  title: 'Cannot connect to eduroam',
  queueName: 'Helpdesk informatico',
  deskName: 'Sportello',
  followUp: { option: 'reopen', reopenWindowDays: 7 },
};

const REPLY = 'Hello Mario,\nplease try again:\n\n  1. forget the network\n  2. log in again\nMaria';

const EVENTS: Partial<CustomerEmailInput>[] = [
  { event: 'received' },
  { event: 'claimed', ownerName: 'Maria Rossi' },
  { event: 'replied', ownerName: 'Maria Rossi', body: REPLY },
  { event: 'pending' },
  { event: 'closed', closedState: 'closed_successful' },
  { event: 'reopened' },
  { event: 'follow_up_rejected' },
];

/** The notices the desk sends on its own when mail comes in. */
const AUTOMATIC: string[] = ['received', 'reopened', 'follow_up_rejected'];

describe('customer email', () => {
  for (const locale of ['en', 'it'] as const) {
    for (const variant of EVENTS) {
      it(`reads well in ${locale}: ${variant.event}`, () => {
        const mail = buildCustomerEmail({ ...base, locale, ...variant });
        if (AUTOMATIC.includes(variant.event ?? '')) {
          // Answers mail that anyone may have sent: never repeats its subject (reflected phishing).
          expect(mail.subject).toMatch(new RegExp(`^\\[Ticket#${NUMBER}\\] \\p{Lu}`, 'u'));
          expect(mail.subject).not.toContain('eduroam');
          expect(mail.text).not.toContain('eduroam');
        } else {
          expect(mail.subject).toBe(`[Ticket#${NUMBER}] Cannot connect to eduroam`);
        }
        expect(mail.text).toMatchSnapshot('text');
        expect(mail.html).toMatchSnapshot('html');
      });
    }
  }

  it('says what the ticket number is, which queue has it, and how to add to it', () => {
    const en = buildCustomerEmail(base);
    expect(en.text).toContain(`Your ticket number is Ticket#${NUMBER}.`);
    expect(en.text).toContain('The Helpdesk informatico team will take it in charge');
    expect(en.text).toContain('Reply to this email to add to your request.');
    expect(en.text).toContain(`keep [Ticket#${NUMBER}] in the subject`);
    const it = buildCustomerEmail({ ...base, locale: 'it' });
    expect(it.text).toContain(`Il numero del tuo ticket è Ticket#${NUMBER}`);
    expect(it.text).toContain('Rispondi a questa email');
    expect(it.html).toContain('<html lang="it">');
  });

  it('passes the whole reply on, keeping its lines in both parts', () => {
    const long = `${'A long answer. '.repeat(400)}\nThe end.`;
    const mail = buildCustomerEmail({ ...base, event: 'replied', ownerName: 'Maria Rossi', body: long });
    expect(mail.text).toContain(long.trim());
    const reply = buildCustomerEmail({ ...base, event: 'replied', ownerName: 'Maria Rossi', body: REPLY });
    expect(reply.text).toContain(REPLY);
    expect(reply.html).toContain('Hello Mario,<br>please try again:<br><br>  1. forget the network<br>');
    expect(reply.html).toContain('white-space:pre-wrap');
    expect(reply.text).toContain('Maria Rossi replied on Ticket#');
  });

  it('names who claimed, or an operator when nobody is known', () => {
    expect(buildCustomerEmail({ ...base, event: 'claimed', ownerName: 'Maria Rossi' }).text).toContain(
      'Maria Rossi has taken your request',
    );
    expect(buildCustomerEmail({ ...base, event: 'claimed' }).text).toContain(
      'An operator has taken your request',
    );
  });

  it('tells the outcome of a close and how a reply goes on, by the queue’s follow-up option', () => {
    const closed = (extra: Partial<CustomerEmailInput>) =>
      buildCustomerEmail({ ...base, event: 'closed', ...extra }).text;
    expect(closed({ closedState: 'closed_unsuccessful' })).toContain(
      'was closed: closed without a solution.',
    );
    expect(closed({})).toContain('was closed: solved.');
    expect(closed({})).toContain('reply to this email within 7 days to reopen it');
    expect(closed({ followUp: { option: 'reopen' } })).toContain('reply to this email to reopen it');
    expect(closed({ followUp: { option: 'reject' } })).toContain('cannot be reopened');
    expect(closed({ followUp: { option: 'new_ticket' } })).toContain('a new request, linked to this one');
    expect(closed({})).not.toContain('/ticket');
  });

  it('escapes every piece of user text in the HTML part', () => {
    const hostile = {
      ...base,
      event: 'replied' as const,
      title: 'Help <script>alert(1)</script>',
      ownerName: '"><img src=x onerror=alert(2)>',
      queueName: 'Queue <b>bold</b>',
      deskName: 'Desk & <i>co</i>',
      body: 'Try this: <script>steal()</script>\n"><img src=x onerror=alert(3)>\n<a href="javascript:x">x</a>',
    };
    const mail = buildCustomerEmail(hostile);
    expect(mail.html).not.toMatch(/<script|<img|<a |<b>|<i>/i);
    expect(mail.html).not.toContain('onerror=alert(2)>');
    expect(mail.html).toContain('Help &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(mail.html).toContain('Try this: &lt;script&gt;steal()&lt;/script&gt;<br>');
    expect(mail.html).toContain('Desk &amp; &lt;i&gt;co&lt;/i&gt;');
    // The plain text part shows the words as they were written.
    expect(mail.text).toContain('Try this: <script>steal()</script>');
    expect(mail.text).toContain('"><img src=x onerror=alert(2)> replied on');
  });

  it('keeps CR and LF out of the subject and off every single line', () => {
    const mail = buildCustomerEmail({
      ...base,
      title: 'Wi-Fi down\r\nBcc: victim@example.org\r\n\r\n<b>body</b>',
      ownerName: 'Maria\r\nX-Evil: 1',
      event: 'claimed',
    });
    expect(mail.subject).toBe(`[Ticket#${NUMBER}] Wi-Fi down Bcc: victim@example.org <b>body</b>`);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain('Maria X-Evil: 1 has taken your request');
    expect(mail.html).toContain(
      '<title>[Ticket#2026113010000052] Wi-Fi down Bcc: victim@example.org &lt;b&gt;',
    );
    expect(customerEmailSubject('1', '\u2028a\u0000b\tc  ')).toBe('[Ticket#1] a b c');
  });

  it('drops control characters from the reply but keeps its tabs and line breaks', () => {
    const mail = buildCustomerEmail({ ...base, event: 'replied', body: 'a\r\nb\u0007\tc\rd' });
    expect(mail.text).toContain('a\nb\tc\nd');
  });
});
