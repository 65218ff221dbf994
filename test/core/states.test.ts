import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../../src/core/errors.js';
import { canTransition, TICKET_STATES, type TicketState } from '../../src/core/states.js';
import { historyEvents, maria, openSimple, outboxTopics, student, useTestDesk } from '../support/desk.js';

const t = useTestDesk();

const TOMORROW = new Date('2026-12-01T09:00:00Z');

/** The whole transition table, row by row: a ticket never goes back to new, merged is final. */
const EXPECTED: Record<TicketState, TicketState[]> = {
  new: [
    'open',
    'pending_reminder',
    'pending_auto_close_successful',
    'pending_auto_close_unsuccessful',
    'closed_successful',
    'closed_unsuccessful',
    'merged',
  ],
  open: [
    'pending_reminder',
    'pending_auto_close_successful',
    'pending_auto_close_unsuccessful',
    'closed_successful',
    'closed_unsuccessful',
    'merged',
  ],
  pending_reminder: [
    'open',
    'pending_reminder',
    'pending_auto_close_successful',
    'pending_auto_close_unsuccessful',
    'closed_successful',
    'closed_unsuccessful',
    'merged',
  ],
  pending_auto_close_successful: [
    'open',
    'pending_reminder',
    'pending_auto_close_successful',
    'pending_auto_close_unsuccessful',
    'closed_successful',
    'closed_unsuccessful',
    'merged',
  ],
  pending_auto_close_unsuccessful: [
    'open',
    'pending_reminder',
    'pending_auto_close_successful',
    'pending_auto_close_unsuccessful',
    'closed_successful',
    'closed_unsuccessful',
    'merged',
  ],
  closed_successful: ['open', 'merged'],
  closed_unsuccessful: ['open', 'merged'],
  merged: [],
};

describe('state transition table', () => {
  for (const from of TICKET_STATES) {
    it(`from ${from}`, () => {
      expect(TICKET_STATES.filter((to) => canTransition(from, to))).toEqual(EXPECTED[from]);
    });
  }
});

describe('closing and reopening', () => {
  it('closes successful with a message to the customer, releasing the lock', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.claimTicket(maria, ticket.number);
    t.clock.advance(3_600_000);
    const closed = await t.desk.closeTicket(maria, ticket.number, {
      state: 'closed_successful',
      message: 'Fixed: new profile.',
    });
    expect(closed.state).toBe('closed_successful');
    expect(closed.closedAt?.toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(closed.locked).toBe(false);
    expect(closed.ownerId).toBeNull();
    const details = await t.desk.getTicket(student, ticket.number);
    expect(details.articles.at(-1)?.body).toBe('Fixed: new profile.');
    expect((await historyEvents(t, ticket.id)).slice(-4)).toEqual([
      'SendAnswer',
      'EscalationResponseTimeStop',
      'StateUpdate',
      'Unlock',
    ]);
    expect(await outboxTopics(t, ticket.id)).toContain('customer.notify:closed');
  });

  it('lets the customer close their own request', async () => {
    const { ticket } = await openSimple(t);
    const closed = await t.desk.closeTicket(student, ticket.number, {
      state: 'closed_successful',
      message: 'Solved, thanks!',
    });
    expect(closed.state).toBe('closed_successful');
    const last = (await t.desk.getTicket(maria, ticket.number)).articles.at(-1);
    expect(last?.senderType).toBe('customer');
  });

  it('refuses to close a closed ticket again, naming both states', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_unsuccessful' });
    const attempt = () => t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    await expect(attempt()).rejects.toThrow(InvalidTransitionError);
    await expect(attempt()).rejects.toThrow(
      `Ticket#${ticket.number} is closed unsuccessful: it cannot become closed successful.`,
    );
  });

  it('reopens a closed ticket and tells the customer; the solution due time is kept', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    const reopened = await t.desk.reopenTicket(maria, ticket.number);
    expect(reopened.state).toBe('open');
    expect(reopened.closedAt).toBeNull();
    expect(reopened.solutionDueAt?.toISOString()).toBe(ticket.solutionDueAt?.toISOString());
    expect(await outboxTopics(t, ticket.id)).toContain('customer.notify:reopened');
  });
});

describe('pending', () => {
  it('sets pending with a time, and records both the state and the time', async () => {
    const { ticket } = await openSimple(t);
    const pending = await t.desk.setPending(maria, ticket.number, 'pending_auto_close_successful', TOMORROW);
    expect(pending.state).toBe('pending_auto_close_successful');
    expect(pending.pendingUntil?.toISOString()).toBe(TOMORROW.toISOString());
    expect(await historyEvents(t, ticket.id)).toEqual(['NewTicket', 'StateUpdate', 'SetPendingTime']);
    expect(await outboxTopics(t, ticket.id)).toContain('customer.notify:pending');
  });

  it('moves the time of a ticket already pending', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.setPending(maria, ticket.number, 'pending_reminder', TOMORROW);
    const later = new Date('2026-12-02T09:00:00Z');
    const moved = await t.desk.setPending(maria, ticket.number, 'pending_reminder', later);
    expect(moved.pendingUntil?.toISOString()).toBe(later.toISOString());
    expect((await historyEvents(t, ticket.id)).filter((e) => e === 'SetPendingTime')).toHaveLength(2);
  });

  it('refuses a time in the past', async () => {
    const { ticket } = await openSimple(t);
    await expect(
      t.desk.setPending(maria, ticket.number, 'pending_reminder', new Date('2026-11-29T09:00:00Z')),
    ).rejects.toThrow('The pending time must be in the future.');
  });

  it('reminds once when the time comes, and auto-closes when that was asked', async () => {
    const reminded = (await openSimple(t)).ticket;
    const autoClosed = (await openSimple(t, student, 'helpdesk', 'VPN')).ticket;
    await t.desk.claimTicket(maria, reminded.number);
    await t.desk.setPending(maria, reminded.number, 'pending_reminder', TOMORROW);
    await t.desk.setPending(maria, autoClosed.number, 'pending_auto_close_unsuccessful', TOMORROW);
    const pendingJobs = async () => {
      const { byKind } = await t.desk.runDueJobs();
      return { reminders: byKind.pending_reminder, autoClosed: byKind.pending_auto_close };
    };
    expect(await pendingJobs()).toEqual({ reminders: 0, autoClosed: 0 });
    t.clock.set(new Date('2026-12-01T09:00:01Z'));
    expect(await pendingJobs()).toEqual({ reminders: 1, autoClosed: 1 });
    expect(await pendingJobs()).toEqual({ reminders: 0, autoClosed: 0 });
    expect(await outboxTopics(t, reminded.id)).toContain('agent.notify:pending_reminder');
    expect((await t.desk.getTicket(maria, autoClosed.number)).ticket.state).toBe('closed_unsuccessful');
    expect(await outboxTopics(t, autoClosed.id)).toContain('customer.notify:closed');
  });
});

describe('priority', () => {
  it('changes the priority with a readable history row, and refuses values outside 1..5', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.setPriority(maria, ticket.number, 5);
    const last = (await t.desk.getTicket(maria, ticket.number)).history.at(-1);
    expect([last?.event, last?.oldValue, last?.newValue]).toEqual([
      'PriorityUpdate',
      '3 normal',
      '5 very high',
    ]);
    await expect(t.desk.setPriority(maria, ticket.number, 6)).rejects.toThrow(
      /from 1 \(very low\) to 5 \(very high\)/,
    );
  });
});
