import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type OutboxRow, queueKeyOf, ticketNumberOf } from '../../src/core/model.js';
import { notifyCustomerByEmail } from '../../src/delivery/email/notify-customer.js';
import type { MailTransport, OutgoingMail } from '../../src/delivery/email/transport.js';
import { buildCustomerEmail } from '../../src/views/email/customer-email.js';
import { createRateLinks, RATE_PATH } from '../../src/web/rate-links.js';
import { answerRateLink, type RateRequest } from '../../src/web/rate-route.js';
import { externalUser, maria, START, useTestDesk } from '../support/desk.js';

const links = createRateLinks('https://sportello.example.org/', 'signing-secret');
const t = useTestDesk();

async function closedByEmail(): Promise<string> {
  const { ticket } = await t.desk.openTicket(externalUser, {
    queueKey: queueKeyOf('helpdesk'),
    title: 'Posta <piena>',
    article: { channel: 'email', body: 'La casella è piena.' },
  });
  await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
  return ticket.number;
}

/** The link's fields as the browser sends them back: GET when opened, POST (with `extra`) when confirmed. */
const opened = (url: string): RateRequest => ({ fields: new URL(url).searchParams, confirm: false });
const confirmed = (url: string, extra: Record<string, string> = {}): RateRequest => {
  const fields = new URL(url).searchParams;
  for (const [key, value] of Object.entries(extra)) fields.set(key, value);
  return { fields, confirm: true };
};
const withField = (url: string, key: string, value: string) => {
  const link = new URL(url);
  link.searchParams.set(key, value);
  return link.toString();
};

/** A link as the desk signed them before links carried an expiry: `number:rating` only. */
function linkOfBefore(number: string, rating: number): string {
  const key = createHmac('sha256', 'signing-secret').update('sportello rate links').digest();
  const s = createHmac('sha256', key).update(`${number}:${rating}`).digest('base64url').slice(0, 32);
  return `https://sportello.example.org/rate?${new URLSearchParams({ t: number, r: String(rating), s })}`;
}

const DAY = 86_400_000;
const closedAt = () => t.clock.now();

describe('rating links', () => {
  it('are signed for one ticket, one rating and an expiry 30 days after the closing', () => {
    const url = links.url('2026113010000052', 4, START);
    expect(url).toMatch(
      new RegExp(`^https://sportello\\.example\\.org${RATE_PATH}\\?t=2026113010000052&r=4&e=(\\d+)&s=`),
    );
    const fields = new URL(url).searchParams;
    const link = {
      ticketNumber: ticketNumberOf('2026113010000052'),
      rating: 4,
      expiresAt: new Date(Number(fields.get('e')) * 1000),
      signature: fields.get('s') ?? '',
    };
    expect(link.expiresAt.getTime()).toBe(START.getTime() + 30 * DAY);
    expect(links.verify(link)).toBe(true);
    expect(links.verify({ ...link, rating: 5 })).toBe(false);
    expect(links.verify({ ...link, ticketNumber: ticketNumberOf('2026113010000053') })).toBe(false);
    expect(links.verify({ ...link, expiresAt: new Date(link.expiresAt.getTime() + 365 * DAY) })).toBe(false);
    expect(links.verify({ ...link, expiresAt: undefined })).toBe(false);
    expect(links.verify({ ...link, signature: `${link.signature}x` })).toBe(false);
    expect(createRateLinks('https://x.test', 'other').verify(link)).toBe(false);
  });

  it('post their form under the public address’s own path', () => {
    expect(links.formAction).toBe('/rate');
    expect(createRateLinks('https://ateneo.example/servizi/sportello/', 'k').formAction).toBe(
      '/servizi/sportello/rate',
    );
  });

  it('only ask to confirm when opened (mail scanners open links); the posted form rates, with a comment', async () => {
    const number = await closedByEmail();
    const url = links.url(number, 4, closedAt());
    const page = await answerRateLink(t.desk, links, 'it', opened(url));
    expect(page.status).toBe(200);
    expect(page.html).toContain('★★★★ 4/5');
    expect(page.html).toContain('Posta &lt;piena&gt;');
    expect(page.html).toContain('<form method="post" action="/rate">');
    expect(page.html).toContain(`name="e" value="${new URL(url).searchParams.get('e')}"`);
    // A link opened with the old confirm step's query still only asks.
    await answerRateLink(t.desk, links, 'it', opened(`${url}&confirm=1&comment=x`));
    expect((await t.desk.getTicket(maria, ticketNumberOf(number))).ticket.satisfactionRating).toBeNull();

    const thanks = await answerRateLink(t.desk, links, 'it', confirmed(url, { comment: 'Rapidi' }));
    expect(thanks.html).toContain('4/5');
    expect((await t.desk.getTicket(maria, ticketNumberOf(number))).ticket).toMatchObject({
      satisfactionRating: 4,
      satisfactionComment: 'Rapidi',
    });

    // Any link again, opened or confirmed: politely already rated, nothing changes.
    const again = links.url(number, 1, closedAt());
    for (const request of [opened(again), confirmed(again)]) {
      const answer = await answerRateLink(t.desk, links, 'it', request);
      expect(answer.status).toBe(200);
      expect(answer.html).toContain('Hai già valutato');
    }
    expect((await t.desk.getTicket(maria, ticketNumberOf(number))).ticket.satisfactionRating).toBe(4);
  });

  it('say they have expired 30 days after the closing, in the customer’s language', async () => {
    const number = await closedByEmail();
    const url = links.url(number, 5, closedAt());
    t.clock.set(new Date(closedAt().getTime() + 30 * DAY + 1000));
    for (const request of [opened(url), confirmed(url, { comment: 'tardi' })]) {
      const answer = await answerRateLink(t.desk, links, 'it', request);
      expect(answer.status).toBe(410);
      expect(answer.html).toContain('Questo link è scaduto');
    }
    expect((await t.desk.getTicket(maria, ticketNumberOf(number))).ticket.satisfactionRating).toBeNull();
    const english = await answerRateLink(t.desk, links, 'en', opened(url));
    expect(english.html).toContain('This link has expired');
  });

  it('honour links sent before links carried an expiry until 30 days after the closing', async () => {
    const number = await closedByEmail();
    const before = linkOfBefore(number, 3);
    t.clock.set(new Date(closedAt().getTime() + 29 * DAY));
    expect((await answerRateLink(t.desk, links, 'en', opened(before))).html).toContain('3/5');
    t.clock.set(new Date(closedAt().getTime() + 31 * DAY));
    expect((await answerRateLink(t.desk, links, 'en', confirmed(before))).status).toBe(410);
    expect((await t.desk.getTicket(maria, ticketNumberOf(number))).ticket.satisfactionRating).toBeNull();
  });

  it('refuse altered links and tickets that cannot be rated', async () => {
    const number = await closedByEmail();
    const url = links.url(number, 5, closedAt());
    expect((await answerRateLink(t.desk, links, 'en', confirmed(url, { r: '1' }))).status).toBe(400);
    const later = String(Number(new URL(url).searchParams.get('e')) + 365 * 86_400);
    expect((await answerRateLink(t.desk, links, 'en', opened(withField(url, 'e', later)))).status).toBe(400);
    const withoutExpiry = new URL(url);
    withoutExpiry.searchParams.delete('e');
    expect((await answerRateLink(t.desk, links, 'en', opened(withoutExpiry.toString()))).status).toBe(400);
    const junk = { fields: new URLSearchParams('t=1&r=9&s=x'), confirm: true };
    expect((await answerRateLink(t.desk, links, 'en', junk)).status).toBe(400);
    const { ticket } = await t.desk.openTicket(externalUser, {
      queueKey: queueKeyOf('helpdesk'),
      title: 'Aperto',
      article: { channel: 'email', body: 'x' },
    });
    const open = await answerRateLink(
      t.desk,
      links,
      'en',
      confirmed(links.url(ticket.number, 3, closedAt())),
    );
    expect(open.html).toContain('cannot be rated now');
  });
});

describe('the closing mail', () => {
  it('carries the five links when the desk has them, in text and HTML', () => {
    const mail = buildCustomerEmail({
      locale: 'en',
      event: 'closed',
      ticketNumber: ticketNumberOf('2026113010000052'),
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
      ticketNumber: ticketNumberOf('2026113010000052'),
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
    const number = await closedByEmail();
    const ticketId = (await t.desk.getTicket(maria, ticketNumberOf(number))).ticket.id;
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
    const closed = (await t.desk.getTicket(maria, ticketNumberOf(number))).ticket.closedAt ?? START;
    expect(sent[0]?.text).toContain(links.url(number, 5, closed));
    await t.desk.reopenTicket(maria, ticketNumberOf(number));
    await t.desk.closeTicket(maria, ticketNumberOf(number), { state: 'closed_successful' });
    await notifyCustomerByEmail(deps, { topic: 'customer.notify', ticketId, event: 'closed', via: 'email' }, {
      id: 2,
    } as OutboxRow);
    expect(sent[1]?.text).not.toContain('/rate?');
  });
});
