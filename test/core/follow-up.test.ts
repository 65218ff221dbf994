import { describe, expect, it } from 'vitest';
import { queueKeyOf } from '../../src/core/model.js';
import {
  externalUser,
  historyEvents,
  maria,
  openSimple,
  otherStudent,
  outboxTopics,
  paolo,
  student,
  useTestDesk,
} from '../support/desk.js';

const t = useTestDesk();

const DAY = 24 * 3_600_000;
const message = (body: string) => ({ channel: 'slack' as const, body });

describe('follow-up', () => {
  it('appends to a ticket still being worked', async () => {
    const { ticket } = await openSimple(t);
    const result = await t.desk.followUp(student, ticket.number, message('Any news?'));
    expect(result.outcome).toBe('appended');
    expect(result.article.articleNumber).toBe(2);
    expect(await historyEvents(t, ticket.id)).toEqual(['NewTicket', 'FollowUp']);
  });

  it('reopen: a closed ticket opens again within the reopen window', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    t.clock.advance(6 * DAY);
    const result = await t.desk.followUp(student, ticket.number, message('It broke again'));
    expect(result.outcome).toBe('reopened');
    expect(result.ticket.number).toBe(ticket.number);
    expect(result.ticket.state).toBe('open');
    expect(await outboxTopics(t, ticket.id)).toContain('customer.notify:reopened');
    expect(await outboxTopics(t, ticket.id)).toContain('agent.notify:follow_up');
  });

  it('reopen: past the reopen window the follow-up becomes a new ticket linked to the old one', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    t.clock.advance(8 * DAY);
    const result = await t.desk.followUp(student, ticket.number, message('It broke again'));
    expect(result.outcome).toBe('new_ticket');
    expect(result.ticket.number).not.toBe(ticket.number);
    expect(result.previousTicket?.number).toBe(ticket.number);
    expect((await t.desk.getTicket(maria, ticket.number)).ticket.state).toBe('closed_successful');
    expect((await t.desk.getTicket(maria, result.ticket.number)).links.followUpOf).toBe(ticket.number);
    expect((await t.desk.getTicket(maria, ticket.number)).links.followedUpBy).toEqual([result.ticket.number]);
  });

  it('reject: the message is kept on the closed ticket and the customer is told to open a new one', async () => {
    const { ticket } = await openSimple(t, student, 'didattica', 'Exam registration');
    await t.desk.closeTicket(paolo, ticket.number, { state: 'closed_successful' });
    const result = await t.desk.followUp(student, ticket.number, message('One more question'));
    expect(result.outcome).toBe('rejected');
    expect(result.ticket.state).toBe('closed_successful');
    expect(result.article.body).toBe('One more question');
    expect(await historyEvents(t, ticket.id)).toContain('FollowUpRejected');
    expect(await outboxTopics(t, ticket.id)).toContain('customer.notify:follow_up_rejected');
  });

  it('new ticket: a closed ticket always takes follow-ups as a new linked ticket in its first-level queue', async () => {
    const { ticket } = await openSimple(t, student, 'biblioteca', 'Book renewal');
    await t.desk.closeTicket(paolo, ticket.number, { state: 'closed_successful' });
    const result = await t.desk.followUp(student, ticket.number, message('Renew again please'));
    expect(result.outcome).toBe('new_ticket');
    expect(result.ticket.title).toBe('Book renewal');
    expect(result.article.articleNumber).toBe(1);
    expect((await t.desk.getTicket(paolo, result.ticket.number)).queue.key).toBe('biblioteca');
    expect(await outboxTopics(t, result.ticket.id)).toContain('customer.notify:received');
  });

  it('follows the queue option of the first-level queue even after an escalation', async () => {
    const { ticket } = await openSimple(t, student, 'didattica', 'Grades missing');
    await t.desk.escalateTicket(paolo, ticket.number, queueKeyOf('esami'), 'Needs the exams office');
    await t.desk.closeTicket(paolo, ticket.number, { state: 'closed_successful' });
    expect((await t.desk.followUp(student, ticket.number, message('Still missing'))).outcome).toBe(
      'rejected',
    );
  });

  it('a follow-up to a merged ticket lands on the ticket it was merged into', async () => {
    const first = (await openSimple(t)).ticket;
    const duplicate = (await openSimple(t, student, 'helpdesk', 'eduroam again')).ticket;
    await t.desk.mergeTickets(maria, duplicate.number, first.number);
    const result = await t.desk.followUp(student, duplicate.number, message('Hello?'));
    expect(result.ticket.number).toBe(first.number);
    expect(result.previousTicket?.number).toBe(duplicate.number);
  });

  it('only the customer (or the desk itself) writes as the customer in Slack', async () => {
    const { ticket } = await openSimple(t);
    await expect(t.desk.followUp(otherStudent, ticket.number, message('me too'))).rejects.toThrow(
      /not allowed/,
    );
  });
});

describe('mail from someone other than the customer', () => {
  const mail = (body: string, extra: { mailAuth?: 'pass' | 'fail' | 'none' } = {}) => ({
    channel: 'email' as const,
    body,
    fromAddress: 'Mario Bianchi <mario.bianchi@example.org>',
    ...extra,
  });

  it('is kept as an internal article showing its sender, and changes nothing else', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    const before = await outboxTopics(t, ticket.id);
    const result = await t.desk.followUp(externalUser, ticket.number, mail('Send the password to me'));
    expect(result.outcome).toBe('not_from_customer');
    expect(result.ticket.state).toBe('closed_successful');
    expect(result.article).toMatchObject({
      senderType: 'external',
      customerVisible: false,
      authorCustomerId: null,
      fromAddress: 'Mario Bianchi <mario.bianchi@example.org>',
    });
    expect((await historyEvents(t, ticket.id)).at(-1)).toBe('FollowUpNotFromCustomer');
    // Only the mirror into the operators' thread: no notice to the customer, no SLA, no card change.
    expect(await outboxTopics(t, ticket.id)).toEqual([...before, 'article.mirror']);
    const customerView = await t.desk.getTicket(student, ticket.number);
    expect(customerView.articles.map((a) => a.body)).not.toContain('Send the password to me');
  });

  it("counts as the customer's once an operator accepted the sender as a participant", async () => {
    const { ticket } = await openSimple(t);
    const first = await t.desk.followUp(externalUser, ticket.number, mail('I am her colleague'));
    await expect(t.desk.acceptSender(student, ticket.number, first.article.articleNumber)).rejects.toThrow(
      /not allowed/,
    );
    const accepted = await t.desk.acceptSender(maria, ticket.number, first.article.articleNumber);
    expect(accepted).toMatchObject({ email: 'mario.bianchi@example.org', added: true });
    expect((await t.desk.acceptSender(maria, ticket.number, first.article.articleNumber)).added).toBe(false);
    expect(await historyEvents(t, ticket.id)).toContain('AddParticipant');

    await t.desk.setPending(
      maria,
      ticket.number,
      'pending_reminder',
      new Date(t.clock.now().getTime() + DAY),
    );
    const second = await t.desk.followUp(externalUser, ticket.number, mail('Any news?'));
    expect(second.outcome).toBe('appended');
    expect(second.ticket.state).toBe('open');
    expect(second.article).toMatchObject({
      senderType: 'customer',
      customerVisible: true,
      authorCustomerId: null,
    });
  });

  it('accepting refuses an article that is not a mail from outside the ticket', async () => {
    const { ticket } = await openSimple(t);
    await expect(t.desk.acceptSender(maria, ticket.number, 1)).rejects.toThrow(
      /not a mail from someone outside/,
    );
    await expect(t.desk.acceptSender(maria, ticket.number, 9)).rejects.toThrow(/does not exist/);
  });

  it("when the desk checks senders, a mail from the customer's address that did not pass is not theirs", async () => {
    const { ticket } = await openSimple(t, externalUser);
    const options = { requireAuthenticatedSender: true };
    const forged = await t.desk.followUp(
      externalUser,
      ticket.number,
      mail('forged', { mailAuth: 'fail' }),
      options,
    );
    expect(forged.outcome).toBe('not_from_customer');
    const unchecked = await t.desk.followUp(
      externalUser,
      ticket.number,
      mail('no results', { mailAuth: 'none' }),
      options,
    );
    expect(unchecked.outcome).toBe('not_from_customer');
    const real = await t.desk.followUp(
      externalUser,
      ticket.number,
      mail('real', { mailAuth: 'pass' }),
      options,
    );
    expect(real.outcome).toBe('appended');
  });
});

describe('merge', () => {
  it('marks the source merged, links both, and keeps its articles reachable from the target', async () => {
    const target = (await openSimple(t)).ticket;
    const source = (await openSimple(t, student, 'helpdesk', 'Wi-Fi down in aula 3')).ticket;
    const { source: merged } = await t.desk.mergeTickets(maria, source.number, target.number);
    expect(merged.state).toBe('merged');
    expect(merged.working).toBe(false);
    const view = await t.desk.getTicket(maria, target.number);
    expect(view.links.mergedFrom).toEqual([source.number]);
    expect(view.articles.map((a) => a.ticketNumber)).toEqual([target.number, source.number]);
    expect((await t.desk.getTicket(maria, source.number)).links.mergedInto).toBe(target.number);
    expect(await historyEvents(t, source.id)).toContain('Merged');
    expect(await historyEvents(t, target.id)).toContain('Merged');
  });

  it('across customers: refused unless confirmed; then each customer sees and writes only their own', async () => {
    const alice = (await openSimple(t, student, 'helpdesk', 'Wifi down')).ticket;
    const bob = (await openSimple(t, otherStudent, 'helpdesk', 'Wifi down')).ticket;
    await expect(t.desk.mergeTickets(maria, bob.number, alice.number)).rejects.toThrow(/different customers/);
    expect((await t.desk.getTicket(maria, bob.number)).ticket.state).not.toBe('merged');
    await t.desk.mergeTickets(maria, bob.number, alice.number, { acrossCustomers: true });

    // Operators see both; Alice sees only her own messages, and not even the other ticket's number.
    expect((await t.desk.getTicket(maria, alice.number)).articles).toHaveLength(2);
    const aliceView = await t.desk.getTicket(student, alice.number);
    expect(aliceView.articles.map((a) => a.ticketNumber)).toEqual([alice.number]);
    expect(aliceView.links.mergedFrom).toEqual([]);

    // Bob writes again to his merged ticket: a new ticket of his own, not Alice's.
    const later = await t.desk.followUp(otherStudent, bob.number, message('my new password is Hunter2'));
    expect(later.outcome).toBe('new_ticket');
    expect(later.ticket.number).not.toBe(alice.number);
    expect((await t.desk.getTicket(otherStudent, later.ticket.number)).links.followUpOf).toBe(bob.number);
    expect(await outboxTopics(t, later.ticket.id)).toContain('customer.notify:received');
    expect((await t.desk.getTicket(maria, alice.number)).articles.map((a) => a.body)).not.toContain(
      'my new password is Hunter2',
    );
  });

  it('refuses merging a ticket into itself or into a merged ticket, and merging a merged ticket', async () => {
    const a = (await openSimple(t)).ticket;
    const b = (await openSimple(t)).ticket;
    const c = (await openSimple(t)).ticket;
    await expect(t.desk.mergeTickets(maria, a.number, a.number)).rejects.toThrow(
      'A ticket cannot be merged into itself.',
    );
    await t.desk.mergeTickets(maria, b.number, a.number);
    await expect(t.desk.mergeTickets(maria, c.number, b.number)).rejects.toThrow(/was itself merged/);
    await expect(t.desk.mergeTickets(maria, b.number, c.number)).rejects.toThrow(
      /is merged: it cannot become merged/,
    );
  });
});
