import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queueKeyOf, slackUserIdOf } from '../../src/core/model.js';
import { isValidTicketNumber } from '../../src/core/ticket-number.js';

import { historyEvents, maria, openSimple, outboxTopics, useTestDesk } from '../support/desk.js';

const t = useTestDesk();

describe('opening a ticket', () => {
  it('numbers the ticket, stores the request as article 1, writes history and outbox', async () => {
    const { ticket, article } = await openSimple(t);
    expect(ticket.number).toBe('2026113010000016');
    expect(isValidTicketNumber(ticket.number, '10')).toBe(true);
    expect(ticket.state).toBe('new');
    expect(ticket.priority).toBe(3);
    expect(article.articleNumber).toBe(1);
    expect(article.senderType).toBe('customer');
    expect(article.customerVisible).toBe(true);
    expect(await historyEvents(t, ticket.id)).toEqual(['NewTicket']);
    // The queue's notice, then Giulia's DM: she reads helpdesk and asked for every new ticket.
    expect(await outboxTopics(t, ticket.id)).toEqual([
      'card.sync',
      'customer.notify:received',
      'agent.notify:new_ticket',
      'agent.notify:new_ticket',
    ]);
    const giulia = (
      await t.db
        .select()
        .from(t.tables.agents)
        .where(eq(t.tables.agents.slackUserId, slackUserIdOf('U0GIULIA01')))
    )[0];
    const dms = await t.db.select().from(t.tables.outbox).where(eq(t.tables.outbox.ticketId, ticket.id));
    expect(dms.map((row) => row.payload).filter((m) => m.topic === 'agent.notify' && m.agentId)).toEqual([
      { topic: 'agent.notify', ticketId: ticket.id, event: 'new_ticket', agentId: giulia?.id },
    ]);
    expect(ticket.firstResponseDueAt?.toISOString()).toBe('2026-11-30T10:00:00.000Z');
  });

  it('lets an operator open a ticket on behalf of a customer', async () => {
    const { ticket } = await t.desk.openTicket(maria, {
      queueKey: queueKeyOf('helpdesk'),
      title: 'Printer on floor 2',
      article: { channel: 'phone', body: 'Called: the printer jams.' },
      customer: { email: 'Prof.Gialli@Ateneo.example', name: 'Prof. Gialli' },
    });
    const details = await t.desk.getTicket(maria, ticket.number);
    expect(details.customer.email).toBe('prof.gialli@ateneo.example');
    expect(details.customer.notifyVia).toBe('email');
    expect(details.articles[0]?.channel).toBe('phone');
  });
});
