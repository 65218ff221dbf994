import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../../src/core/context.js';
import { queueKeyOf } from '../../../src/core/model.js';
import { updateTicket } from '../../../src/core/tickets/load.js';
import { historyEvents, outboxTopics, type TestDesk } from '../../support/desk.js';
import { jobsOf, luca, maria, open, slaDesk, student, utc } from '../sla/sla-desk.js';

let t: TestDesk;
afterEach(() => t.close());

const at = (iso: string) => t.clock.set(new Date(iso));

describe('claim timeout', () => {
  it('gives an untouched claim back to the queue, as the desk, and tells the owner and the queue', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    await t.desk.claimTicket(maria, ticket.number);
    expect(await jobsOf(t, ticket.id)).toContain(`claim_timeout/@${utc('2026-02-09T12:00:00+01:00')}`);

    at('2026-02-09T11:59:59+01:00');
    expect((await t.desk.runDueJobs()).byKind.claim_timeout).toBe(0);
    at('2026-02-09T12:00:00+01:00');
    expect((await t.desk.runDueJobs()).byKind.claim_timeout).toBe(1);
    const released = await t.desk.getTicket(maria, ticket.number);
    expect([released.ticket.locked, released.ticket.ownerId]).toEqual([false, null]);
    const unlock = released.history.at(-1);
    expect([unlock?.event, unlock?.actorLabel, unlock?.oldValue]).toEqual([
      'Unlock',
      'Sportello',
      'Maria Rossi',
    ]);
    expect(
      (await outboxTopics(t, ticket.id)).filter((topic) => topic === 'agent.notify:claim_released'),
    ).toHaveLength(2);
    expect(await outboxTopics(t, ticket.id)).toContain('card.sync');
    expect((await t.desk.runDueJobs()).fired).toBe(0);
    expect((await jobsOf(t, ticket.id)).some((job) => job.startsWith('claim_timeout'))).toBe(false);
  });

  it('counts from the last change: a note, a reply or the customer writing push it back', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    await t.desk.claimTicket(luca, ticket.number);
    at('2026-02-09T11:00:00+01:00');
    await t.desk.addArticle(luca, ticket.number, {
      kind: 'note',
      channel: 'slack',
      body: 'Provo un driver.',
    });
    at('2026-02-09T12:30:00+01:00');
    await t.desk.followUp(student, ticket.number, { channel: 'slack', body: 'Novità?' });
    at('2026-02-09T14:00:00+01:00');
    expect((await t.desk.runDueJobs()).byKind.claim_timeout).toBe(0);
    expect(
      (await jobsOf(t, ticket.id, 'cancelled')).filter((job) => job.startsWith('claim_timeout')),
    ).toEqual([
      `claim_timeout/@${utc('2026-02-09T12:00:00+01:00')}`,
      `claim_timeout/@${utc('2026-02-09T13:00:00+01:00')}`,
    ]);
    at('2026-02-09T14:30:00+01:00');
    expect((await t.desk.runDueJobs()).byKind.claim_timeout).toBe(1);
    expect((await t.desk.getTicket(luca, ticket.number)).ticket.locked).toBe(false);
  });

  it('is cancelled by a release, a close or an escalation, and never set in a queue without one', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const released = await open(t);
    await t.desk.claimTicket(maria, released.number);
    await t.desk.releaseTicket(maria, released.number);
    const closed = await open(t);
    await t.desk.claimTicket(maria, closed.number);
    await t.desk.closeTicket(maria, closed.number, { state: 'closed_successful' });
    const moved = await open(t);
    await t.desk.claimTicket(maria, moved.number);
    await t.desk.escalateTicket(maria, moved.number, queueKeyOf('reti'), 'Rete');
    await t.desk.claimTicket(luca, moved.number);
    for (const ticket of [released, closed, moved]) {
      expect((await jobsOf(t, ticket.id)).filter((job) => job.startsWith('claim_timeout'))).toEqual([]);
    }
    at('2026-02-10T10:00:00+01:00');
    expect((await t.desk.runDueJobs()).byKind.claim_timeout).toBe(0);
  });
});

describe('pending', () => {
  it('reschedules a moved pending time, reminds once, and never re-creates a reminder done', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    await t.desk.claimTicket(maria, ticket.number);
    await t.desk.setPending(maria, ticket.number, 'pending_reminder', new Date('2026-02-10T09:00:00+01:00'));
    await t.desk.setPending(maria, ticket.number, 'pending_reminder', new Date('2026-02-11T09:00:00+01:00'));
    expect(await jobsOf(t, ticket.id)).toEqual([`pending_reminder/@${utc('2026-02-11T09:00:00+01:00')}`]);
    expect(await jobsOf(t, ticket.id, 'cancelled')).toContain(
      `pending_reminder/@${utc('2026-02-10T09:00:00+01:00')}`,
    );

    at('2026-02-11T09:00:00+01:00');
    expect((await t.desk.runDueJobs()).byKind.pending_reminder).toBe(1);
    const reminded = (await t.desk.getTicket(maria, ticket.number)).ticket;
    expect([reminded.state, reminded.pendingUntil]).toEqual(['pending_reminder', null]);
    expect((await historyEvents(t, ticket.id)).at(-1)).toBe('PendingReminderReached');
    expect(await outboxTopics(t, ticket.id)).toContain('agent.notify:pending_reminder');
    // The row asking for the same moment again (only a write behind the operations could): the reminder
    // is done, so it is not scheduled anew.
    await inTransaction(t.ctx, async (tx) => {
      await updateTicket(
        tx,
        reminded,
        { pendingUntil: new Date('2026-02-11T09:00:00+01:00') },
        t.clock.now(),
      );
    });
    expect(await jobsOf(t, ticket.id, 'done')).toEqual([
      `pending_reminder/@${utc('2026-02-11T09:00:00+01:00')}`,
    ]);
    expect(await jobsOf(t, ticket.id)).toEqual([]);
    at('2026-02-11T10:00:00+01:00');
    await t.desk.setPending(maria, ticket.number, 'pending_reminder', new Date('2026-02-11T11:00:00+01:00'));
    expect(await jobsOf(t, ticket.id)).toEqual([`pending_reminder/@${utc('2026-02-11T11:00:00+01:00')}`]);
  });

  it('closes automatically as asked and tells the customer; a customer message first cancels it', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const closing = await open(t);
    const answered = await open(t);
    const until = new Date('2026-02-12T10:00:00+01:00');
    await t.desk.setPending(maria, closing.number, 'pending_auto_close_successful', until);
    await t.desk.setPending(maria, answered.number, 'pending_auto_close_unsuccessful', until);
    at('2026-02-11T10:00:00+01:00');
    await t.desk.followUp(student, answered.number, { channel: 'slack', body: 'Aspettate, non è risolto.' });
    at('2026-02-12T10:00:00+01:00');
    expect((await t.desk.runDueJobs()).byKind.pending_auto_close).toBe(1);
    expect((await t.desk.getTicket(maria, closing.number)).ticket.state).toBe('closed_successful');
    expect(await outboxTopics(t, closing.id)).toContain('customer.notify:closed');
    expect((await t.desk.getTicket(maria, answered.number)).ticket.state).toBe('open');
    expect(await jobsOf(t, closing.id)).toEqual([]);
  });
});
