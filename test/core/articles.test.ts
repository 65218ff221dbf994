import { describe, expect, it } from 'vitest';
import {
  giulia,
  historyEvents,
  maria,
  openSimple,
  outboxTopics,
  student,
  systemActor,
  useTestDesk,
} from '../support/desk.js';

const t = useTestDesk();

describe('articles', () => {
  it('numbers articles 1..n per ticket, independently for each ticket', async () => {
    const a = (await openSimple(t)).ticket;
    const b = (await openSimple(t, student, 'helpdesk', 'Printer')).ticket;
    const note = await t.desk.addArticle(maria, a.number, {
      kind: 'note',
      channel: 'internal',
      body: 'Checking RADIUS logs',
    });
    const reply = await t.desk.addArticle(maria, a.number, {
      kind: 'reply',
      channel: 'slack',
      body: 'Please reset your password',
    });
    const other = await t.desk.addArticle(maria, b.number, {
      kind: 'note',
      channel: 'internal',
      body: 'Toner?',
    });
    expect([note.article.articleNumber, reply.article.articleNumber, other.article.articleNumber]).toEqual([
      2, 3, 2,
    ]);
    expect((await t.desk.getTicket(maria, a.number)).ticket.articleCount).toBe(3);
  });

  it('a reply reaches the customer, meets the first response and opens a new ticket', async () => {
    const { ticket } = await openSimple(t);
    t.clock.advance(25 * 60_000);
    const { ticket: after, article } = await t.desk.addArticle(maria, ticket.number, {
      kind: 'reply',
      channel: 'slack',
      body: 'Forget the network and join again.',
    });
    expect(article.senderType).toBe('agent');
    expect(article.customerVisible).toBe(true);
    expect(after.state).toBe('open');
    expect(after.firstResponseAt?.toISOString()).toBe('2026-11-30T09:25:00.000Z');
    expect(await historyEvents(t, ticket.id)).toEqual([
      'NewTicket',
      'SendAnswer',
      'EscalationResponseTimeStop',
      'StateUpdate',
    ]);
    expect(await outboxTopics(t, ticket.id)).toContain('customer.notify:replied');
    expect(await outboxTopics(t, ticket.id)).toContain('article.mirror');
  });

  it('a second reply does not move the first response time', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.addArticle(maria, ticket.number, { kind: 'reply', channel: 'slack', body: 'first' });
    t.clock.advance(60_000);
    const second = await t.desk.addArticle(maria, ticket.number, {
      kind: 'reply',
      channel: 'slack',
      body: 'second',
    });
    expect(second.ticket.firstResponseAt?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });

  it('an internal note never counts as an answer and stays internal', async () => {
    const { ticket } = await openSimple(t);
    const { article, ticket: after } = await t.desk.addArticle(giulia, ticket.number, {
      kind: 'note',
      channel: 'internal',
      body: 'Known outage in building B',
    });
    expect(article.customerVisible).toBe(false);
    expect(after.firstResponseAt).toBeNull();
    expect(after.state).toBe('new');
    expect(await outboxTopics(t, ticket.id)).not.toContain('customer.notify:replied');
    expect((await t.desk.getTicket(student, ticket.number)).articles.map((a) => a.articleNumber)).toEqual([
      1,
    ]);
  });

  it('a customer message on a pending ticket opens it again and tells the owner', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.claimTicket(maria, ticket.number);
    await t.desk.setPending(maria, ticket.number, 'pending_reminder', new Date('2026-12-01T09:00:00Z'));
    const { ticket: after } = await t.desk.addArticle(student, ticket.number, {
      kind: 'customer',
      channel: 'slack',
      body: 'It works now from home, not from the library.',
    });
    expect(after.state).toBe('open');
    expect(after.pendingUntil).toBeNull();
    expect(after.updateDueAt?.toISOString()).toBe('2026-11-30T13:00:00.000Z');
    expect(await outboxTopics(t, ticket.id)).toContain('agent.notify:follow_up');
  });

  it('stores a Slack message once even when Slack retries the event', async () => {
    const { ticket } = await openSimple(t);
    const input = {
      kind: 'note' as const,
      channel: 'slack' as const,
      body: 'on it',
      slackChannelId: 'C0HELPDESK',
      slackTs: '1764493200.000100',
    };
    const first = await t.desk.addArticle(maria, ticket.number, input);
    const again = await t.desk.addArticle(maria, ticket.number, input);
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.article.id).toBe(first.article.id);
    expect((await t.desk.getTicket(maria, ticket.number)).articles).toHaveLength(2);
    expect(await outboxTopics(t, ticket.id)).not.toContain('article.mirror');
  });

  it('stores an email once by its Message-ID, and keeps its attachments', async () => {
    const { ticket } = await openSimple(t);
    const mail = {
      kind: 'customer' as const,
      channel: 'email' as const,
      body: 'Screenshot attached',
      messageId: '<abc@example.org>',
      attachments: [
        { filename: 'screen.png', contentType: 'image/png', sizeBytes: 3, content: Buffer.from([1, 2, 3]) },
      ],
    };
    await t.desk.addArticle(student, ticket.number, mail);
    expect((await t.desk.addArticle(student, ticket.number, mail)).created).toBe(false);
    const articles = (await t.desk.getTicket(maria, ticket.number)).articles;
    expect(articles).toHaveLength(2);
    expect(articles[1]?.attachments.map((a) => [a.filename, a.sizeBytes])).toEqual([['screen.png', 3]]);
  });

  it('system notifications are recorded as articles only by the desk itself', async () => {
    const { ticket } = await openSimple(t);
    const { article } = await t.desk.addArticle(systemActor, ticket.number, {
      kind: 'system',
      channel: 'email',
      customerVisible: true,
      body: 'We received your request.',
    });
    expect(article.senderType).toBe('system');
    expect(await historyEvents(t, ticket.id)).toContain('SendCustomerNotification');
    await expect(
      t.desk.addArticle(maria, ticket.number, { kind: 'system', channel: 'email', body: 'x' }),
    ).rejects.toThrow(/not allowed/);
  });

  it('refuses empty messages and messages on closed tickets', async () => {
    const { ticket } = await openSimple(t);
    await expect(
      t.desk.addArticle(maria, ticket.number, { kind: 'note', channel: 'internal', body: '   ' }),
    ).rejects.toThrow('The message is empty.');
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    await expect(
      t.desk.addArticle(maria, ticket.number, { kind: 'note', channel: 'internal', body: 'late' }),
    ).rejects.toThrow(/is closed successful/);
  });
});
