import { describe, expect, it } from 'vitest';
import { queueKeyOf } from '../../src/core/model.js';
import {
  externalUser,
  maria,
  openSimple,
  outboxTopics,
  paolo,
  student,
  useTestDesk,
} from '../support/desk.js';

const t = useTestDesk();

const DAY = 24 * 3_600_000;
const mail = (body: string) => ({ channel: 'email' as const, body });
const customerNotices = async (ticketId: number) =>
  (await outboxTopics(t, ticketId)).filter((m) => m.startsWith('customer.'));

describe('notifyCustomer: false (a mail that must not be answered automatically)', () => {
  it('opens the ticket with its card and the queue alert, but no "received" notice', async () => {
    const { ticket } = await t.desk.openTicket(externalUser, {
      queueKey: queueKeyOf('helpdesk'),
      title: 'Out of office',
      article: mail('I am away until Monday.'),
      notifyCustomer: false,
    });
    expect(await outboxTopics(t, ticket.id)).toEqual([
      'card.sync',
      'agent.notify:new_ticket',
      'agent.notify:new_ticket',
    ]);
  });

  it('is true by default', async () => {
    const { ticket } = await t.desk.openTicket(externalUser, {
      queueKey: queueKeyOf('helpdesk'),
      title: 'Printer',
      article: mail('It jams.'),
    });
    expect(await customerNotices(ticket.id)).toEqual(['customer.notify:received']);
  });

  it('reopens without telling the customer', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    const before = await customerNotices(ticket.id);
    const result = await t.desk.followUp(student, ticket.number, mail('Auto reply'), {
      notifyCustomer: false,
    });
    expect(result.outcome).toBe('reopened');
    expect(await customerNotices(ticket.id)).toEqual(before);
    expect(await outboxTopics(t, ticket.id)).toContain('agent.notify:follow_up');
  });

  it('rejects without telling the customer', async () => {
    const { ticket } = await openSimple(t, student, 'didattica', 'Exam registration');
    await t.desk.closeTicket(paolo, ticket.number, { state: 'closed_successful' });
    const before = await customerNotices(ticket.id);
    const result = await t.desk.followUp(student, ticket.number, mail('Auto reply'), {
      notifyCustomer: false,
    });
    expect(result.outcome).toBe('rejected');
    expect(await customerNotices(ticket.id)).toEqual(before);
  });

  it('opens the linked ticket without a "received" notice', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    t.clock.advance(8 * DAY);
    const result = await t.desk.followUp(student, ticket.number, mail('Auto reply'), {
      notifyCustomer: false,
    });
    expect(result.outcome).toBe('new_ticket');
    expect(await customerNotices(result.ticket.id)).toEqual([]);
  });

  it('still tells the customer by default on a reopen', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    await t.desk.followUp(student, ticket.number, mail('It broke again'));
    expect(await customerNotices(ticket.id)).toContain('customer.notify:reopened');
  });
});
