import { describe, expect, it } from 'vitest';
import { notifyCustomerByEmail } from '../../src/delivery/email/notify-customer.js';
import type { MailTransport, OutgoingMail } from '../../src/delivery/email/transport.js';
import type { OutboxRow } from '../../src/delivery/outbox-worker.js';
import { buildCustomerEmail } from '../../src/views/email/customer-email.js';
import { createRateLinks, RATE_PATH } from '../../src/web/rate-links.js';
import { answerRateLink } from '../../src/web/rate-route.js';
import { externalUser, maria, useTestDesk } from '../support/desk.js';

const links = createRateLinks('https://sportello.example.org/', 'signing-secret');
const t = useTestDesk();

function closedByEmail(): string {
  const { ticket } = t.desk.openTicket(externalUser, {
    queueKey: 'helpdesk',
    title: 'Posta <piena>',
    article: { channel: 'email', body: 'La casella è piena.' },
  });
  t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
  return ticket.number;
}

/** The query of a rating link, as the browser sends it back. */
const query = (url: string, extra: Record<string, string> = {}) => {
  const params = new URL(url).searchParams;
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
};

describe('rating links', () => {
  it('are signed for one ticket and one rating', () => {
    const url = links.url('2026113010000052', 4);
    expect(url.startsWith(`https://sportello.example.org${RATE_PATH}?t=2026113010000052&r=4&s=`)).toBe(true);
    const signature = new URL(url).searchParams.get('s') ?? '';
    expect(links.verify('2026113010000052', 4, signature)).toBe(true);
    expect(links.verify('2026113010000052', 5, signature)).toBe(false);
    expect(links.verify('2026113010000053', 4, signature)).toBe(false);
    expect(links.verify('2026113010000052', 4, `${signature}x`)).toBe(false);
    expect(createRateLinks('https://x.test', 'other').verify('2026113010000052', 4, signature)).toBe(false);
  });

  it('only ask to confirm when opened (mail scanners open links); the button rates, with a comment', () => {
    const number = closedByEmail();
    const opened = answerRateLink(t.desk, links, 'it', query(links.url(number, 4)));
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('★★★★ 4/5');
    expect(opened.html).toContain('Posta &lt;piena&gt;');
    expect(opened.html).toContain('name="confirm" value="1"');
    expect(t.desk.getTicket(maria, number).ticket.satisfactionRating).toBeNull();

    const confirmed = answerRateLink(
      t.desk,
      links,
      'it',
      query(links.url(number, 4), { confirm: '1', comment: 'Rapidi' }),
    );
    expect(confirmed.html).toContain('4/5');
    expect(t.desk.getTicket(maria, number).ticket).toMatchObject({
      satisfactionRating: 4,
      satisfactionComment: 'Rapidi',
    });

    // Any link again, opened or confirmed: politely already rated, nothing changes.
    for (const again of [query(links.url(number, 1)), query(links.url(number, 1), { confirm: '1' })]) {
      const answer = answerRateLink(t.desk, links, 'it', again);
      expect(answer.status).toBe(200);
      expect(answer.html).toContain('Hai già valutato');
    }
    expect(t.desk.getTicket(maria, number).ticket.satisfactionRating).toBe(4);
  });

  it('refuse altered links and tickets that cannot be rated', () => {
    const number = closedByEmail();
    const forged = query(links.url(number, 5), { r: '1' });
    expect(answerRateLink(t.desk, links, 'en', forged).status).toBe(400);
    expect(answerRateLink(t.desk, links, 'en', new URLSearchParams('t=1&r=9&s=x')).status).toBe(400);
    const { ticket } = t.desk.openTicket(externalUser, {
      queueKey: 'helpdesk',
      title: 'Aperto',
      article: { channel: 'email', body: 'x' },
    });
    const open = answerRateLink(t.desk, links, 'en', query(links.url(ticket.number, 3), { confirm: '1' }));
    expect(open.html).toContain('cannot be rated now');
  });
});

describe('the closing mail', () => {
  it('carries the five links when the desk has them, in text and HTML', () => {
    const mail = buildCustomerEmail({
      locale: 'en',
      event: 'closed',
      ticketNumber: '2026113010000052',
      title: 'Printer',
      queueName: 'Helpdesk',
      deskName: 'Sportello',
      rateUrl: (rating) => `https://x.test/rate?r=${rating}&s=a"b`,
    });
    expect(mail.text).toContain('How did we do?');
    expect(mail.text).toContain('★★★★★ 5/5: https://x.test/rate?r=5&s=a"b');
    expect(mail.html).toContain('<a href="https://x.test/rate?r=1&amp;s=a&quot;b"');
    const plain = buildCustomerEmail({
      locale: 'en',
      event: 'closed',
      ticketNumber: '2026113010000052',
      title: 'Printer',
      queueName: 'Helpdesk',
      deskName: 'Sportello',
    });
    expect(plain.text).not.toContain('How did we do?');
  });

  it('asks by email on the first closing of a queue that asks', async () => {
    const sent: OutgoingMail[] = [];
    const transport: MailTransport = {
      async send(mail) {
        sent.push(mail);
        return { messageId: mail.messageId, accepted: [mail.to] };
      },
      describe: () => 'test',
      close: () => undefined,
    };
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const number = closedByEmail();
    const ticketId = t.desk.getTicket(maria, number).ticket.id;
    const deps = {
      desk: t.desk,
      transport,
      from: 'Sportello <sportello@ateneo.example>',
      view: { locale: 'it' as const, timeZone: 'Europe/Rome' },
      logger: quiet,
      rateUrl: links.url,
    };
    await notifyCustomerByEmail(deps, { topic: 'customer.notify', ticketId, event: 'closed', via: 'email' }, {
      id: 1,
    } as OutboxRow);
    expect(sent[0]?.text).toContain(links.url(number, 5));
    t.desk.reopenTicket(maria, number);
    t.desk.closeTicket(maria, number, { state: 'closed_successful' });
    await notifyCustomerByEmail(deps, { topic: 'customer.notify', ticketId, event: 'closed', via: 'email' }, {
      id: 2,
    } as OutboxRow);
    expect(sent[1]?.text).not.toContain('/rate?');
  });
});
