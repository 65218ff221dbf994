import { afterEach, describe, expect, it } from 'vitest';
import { queueKeyOf, ticketNumberOf } from '../../../src/core/model.js';
import type { TestDesk } from '../../support/desk.js';
import { historyEvents } from '../../support/desk.js';
import { jobsOf, maria, open, slaDesk, student, utc } from './sla-desk.js';

let t: TestDesk;
afterEach(() => t.close());

const at = (iso: string) => t.clock.set(new Date(iso));
const reply = async (number: string, body = 'Ci guardo subito.') =>
  (await t.desk.addArticle(maria, ticketNumberOf(number), { kind: 'reply', channel: 'slack', body })).ticket;
const customerWrites = async (number: string, body = 'Non funziona ancora.') =>
  (await t.desk.followUp(student, ticketNumberOf(number), { channel: 'slack', body })).ticket;

describe('first response and update', () => {
  it('is met by the first reply: its jobs and the update owed go, and the next customer message owes an update', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    expect(await jobsOf(t, ticket.id)).toEqual([
      `sla_warning/first_response@${utc('2026-02-09T10:45:00+01:00')}`,
      `sla_breach/first_response@${utc('2026-02-09T11:00:00+01:00')}`,
      `sla_warning/update@${utc('2026-02-09T13:00:00+01:00')}`,
      `sla_breach/update@${utc('2026-02-09T15:00:00+01:00')}`,
      `sla_warning/solution@${utc('2026-02-12T17:00:00+01:00')}`,
      `sla_breach/solution@${utc('2026-02-16T10:00:00+01:00')}`,
    ]);

    at('2026-02-09T10:30:00+01:00');
    const answered = await reply(ticket.number);
    expect(answered.firstResponseAt?.toISOString()).toBe(utc('2026-02-09T10:30:00+01:00'));
    expect([answered.updateDueAt, answered.updateWarnAt]).toEqual([null, null]);
    // The first response keeps the due time it was measured against.
    expect(answered.firstResponseDueAt?.toISOString()).toBe(utc('2026-02-09T11:00:00+01:00'));
    expect(await jobsOf(t, ticket.id)).toEqual([
      `sla_warning/solution@${utc('2026-02-12T17:00:00+01:00')}`,
      `sla_breach/solution@${utc('2026-02-16T10:00:00+01:00')}`,
    ]);
    expect(await jobsOf(t, ticket.id, 'cancelled')).toHaveLength(4);
    expect(await historyEvents(t, ticket.id)).toContain('EscalationResponseTimeStop');

    at('2026-02-09T16:00:00+01:00');
    const followed = await customerWrites(ticket.number);
    // 90 minutes on Monday afternoon, 150 on Tuesday morning.
    expect(followed.updateDueAt?.toISOString()).toBe(utc('2026-02-10T11:00:00+01:00'));
    expect(followed.updateWarnAt?.toISOString()).toBe(utc('2026-02-10T10:00:00+01:00'));
    expect(await jobsOf(t, ticket.id)).toEqual([
      `sla_warning/update@${utc('2026-02-10T10:00:00+01:00')}`,
      `sla_breach/update@${utc('2026-02-10T11:00:00+01:00')}`,
      `sla_warning/solution@${utc('2026-02-12T17:00:00+01:00')}`,
      `sla_breach/solution@${utc('2026-02-16T10:00:00+01:00')}`,
    ]);
  });

  it('is not met by an internal note', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    const noted = await t.desk.addArticle(maria, ticket.number, {
      kind: 'note',
      channel: 'slack',
      body: 'Vedo io.',
    });
    expect(noted.ticket.firstResponseAt).toBeNull();
    expect((await jobsOf(t, ticket.id))[1]).toBe(
      `sla_breach/first_response@${utc('2026-02-09T11:00:00+01:00')}`,
    );
  });
});

describe('reopen', () => {
  it('keeps the solution due time: closing cancels the jobs, reopening brings them back for the same moments', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    at('2026-02-09T10:30:00+01:00');
    await reply(ticket.number, 'Riavvia la stampante.');
    at('2026-02-09T11:00:00+01:00');
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    expect(await jobsOf(t, ticket.id)).toEqual([]);

    at('2026-02-10T10:00:00+01:00');
    const reopened = await customerWrites(ticket.number, 'Si è bloccata di nuovo.');
    expect(reopened.state).toBe('open');
    expect(reopened.solutionDueAt?.toISOString()).toBe(utc('2026-02-16T10:00:00+01:00'));
    expect(reopened.firstResponseAt?.toISOString()).toBe(utc('2026-02-09T10:30:00+01:00'));
    expect(await jobsOf(t, ticket.id)).toEqual([
      `sla_warning/update@${utc('2026-02-10T13:00:00+01:00')}`,
      `sla_breach/update@${utc('2026-02-10T15:00:00+01:00')}`,
      `sla_warning/solution@${utc('2026-02-12T17:00:00+01:00')}`,
      `sla_breach/solution@${utc('2026-02-16T10:00:00+01:00')}`,
    ]);
  });

  it('after the solution time: the breach fires at once, and only once', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    await reply(ticket.number);
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    at('2026-02-18T09:00:00+01:00');
    const reopened = await t.desk.reopenTicket(maria, ticket.number);
    expect(reopened.solutionDueAt?.toISOString()).toBe(utc('2026-02-16T10:00:00+01:00'));
    const first = await t.desk.runDueJobs();
    expect(first.byKind).toMatchObject({ sla_warning: 1, sla_breach: 1 });
    expect((await t.desk.runDueJobs()).fired).toBe(0);
    expect((await historyEvents(t, ticket.id)).filter((e) => e.startsWith('EscalationSolution'))).toEqual([
      'EscalationSolutionTimeNotifyBefore',
      'EscalationSolutionTimeStart',
    ]);
  });
});

describe('pause while pending', () => {
  it('stops the clocks on entering pending and moves every open promise by the working minutes paused', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    at('2026-02-09T10:10:00+01:00');
    await t.desk.claimTicket(maria, ticket.number);
    await reply(ticket.number, 'Mi mandi il modello della stampante?');
    const pending = await t.desk.setPending(
      maria,
      ticket.number,
      'pending_reminder',
      new Date('2026-02-11T10:00:00+01:00'),
    );
    expect(pending.slaPausedAt?.toISOString()).toBe(utc('2026-02-09T10:10:00+01:00'));
    // While paused only the reminder is scheduled: no SLA job, and a pending claim does not time out.
    expect(await jobsOf(t, ticket.id)).toEqual([`pending_reminder/@${utc('2026-02-11T10:00:00+01:00')}`]);

    // Paused 170 + 210 minutes on Monday and 160 on Tuesday: 540 working minutes.
    at('2026-02-10T11:10:00+01:00');
    const resumed = await customerWrites(ticket.number, 'È una HP LaserJet 400.');
    expect(resumed.state).toBe('open');
    expect(resumed.slaPausedAt).toBeNull();
    expect(resumed.solutionDueAt?.toISOString()).toBe(utc('2026-02-17T11:00:00+01:00'));
    expect(resumed.solutionWarnAt?.toISOString()).toBe(utc('2026-02-16T09:00:00+01:00'));
    // The update owed is counted from the customer's message, not moved.
    expect(resumed.updateDueAt?.toISOString()).toBe(utc('2026-02-10T16:10:00+01:00'));
    expect(resumed.updateWarnAt?.toISOString()).toBe(utc('2026-02-10T15:10:00+01:00'));
    // The first response was given before the pause: it keeps its due time.
    expect(resumed.firstResponseDueAt?.toISOString()).toBe(utc('2026-02-09T11:00:00+01:00'));
    expect(await jobsOf(t, ticket.id)).toEqual([
      // Claimed and open again: untouched for 120 minutes, the claim goes back to the queue.
      `claim_timeout/@${utc('2026-02-10T13:10:00+01:00')}`,
      `sla_warning/update@${utc('2026-02-10T15:10:00+01:00')}`,
      `sla_breach/update@${utc('2026-02-10T16:10:00+01:00')}`,
      `sla_warning/solution@${utc('2026-02-16T09:00:00+01:00')}`,
      `sla_breach/solution@${utc('2026-02-17T11:00:00+01:00')}`,
    ]);
  });

  it('moves an unanswered first response too (its remaining 40 minutes start again on resuming)', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    at('2026-02-09T10:20:00+01:00');
    await t.desk.setPending(
      maria,
      ticket.number,
      'pending_auto_close_successful',
      new Date('2026-02-20T10:00:00Z'),
    );
    at('2026-02-10T09:20:00+01:00');
    const resumed = await t.desk.reopenTicket(maria, ticket.number);
    expect(resumed.firstResponseDueAt?.toISOString()).toBe(utc('2026-02-10T10:00:00+01:00'));
    expect(resumed.firstResponseWarnAt?.toISOString()).toBe(utc('2026-02-10T09:45:00+01:00'));
  });

  it('leaves a promise broken before the pause as it was', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    at('2026-02-09T11:30:00+01:00');
    await t.desk.setPending(maria, ticket.number, 'pending_reminder', new Date('2026-02-11T10:00:00+01:00'));
    at('2026-02-10T09:00:00+01:00');
    const resumed = await t.desk.reopenTicket(maria, ticket.number);
    expect(resumed.firstResponseDueAt?.toISOString()).toBe(utc('2026-02-09T11:00:00+01:00'));
    // Paused from 11:30 to 17:30 on Monday (300 working minutes) and 30 minutes on Tuesday.
    expect(resumed.solutionDueAt?.toISOString()).toBe(utc('2026-02-16T16:30:00+01:00'));
    // The breach never fired (nothing ran meanwhile): it is due again and fires at the next run.
    expect((await t.desk.runDueJobs()).byKind.sla_breach).toBe(1);
  });

  it('does not pause in a queue that keeps its clocks running', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t, 'h24');
    await t.desk.setPending(maria, ticket.number, 'pending_reminder', new Date('2026-02-09T12:00:00+01:00'));
    at('2026-02-09T11:00:00+01:00');
    const resumed = await t.desk.reopenTicket(maria, ticket.number);
    expect(resumed.slaPausedAt).toBeNull();
    expect(resumed.solutionDueAt?.toISOString()).toBe(ticket.solutionDueAt?.toISOString());
  });
});

describe('moving between queues', () => {
  it('takes the new queue’s promises, counted from the ticket’s creation on its calendar', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    at('2026-02-09T10:30:00+01:00');
    const { ticket: moved } = await t.desk.escalateTicket(
      maria,
      ticket.number,
      queueKeyOf('reti'),
      'Problema di rete',
    );
    // Reti promises no first response; its solution time is 3 working days; the update owed (since the
    // request) is 240 minutes, warned at 80%.
    expect(moved.firstResponseDueAt).toBeNull();
    expect(moved.solutionDueAt?.toISOString()).toBe(utc('2026-02-12T10:00:00+01:00'));
    expect(moved.updateDueAt?.toISOString()).toBe(utc('2026-02-09T15:00:00+01:00'));
    expect(moved.updateWarnAt?.toISOString()).toBe(utc('2026-02-09T14:12:00+01:00'));

    at('2026-02-09T10:40:00+01:00');
    const { ticket: back } = await t.desk.sendBackTicket(maria, ticket.number, 'Non è la rete');
    expect(back.firstResponseDueAt?.toISOString()).toBe(utc('2026-02-09T11:00:00+01:00'));
    expect(back.solutionDueAt?.toISOString()).toBe(utc('2026-02-16T10:00:00+01:00'));
  });

  it('counts the pending stretches of its history when the new queue pauses its clocks', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    await t.desk.escalateTicket(maria, ticket.number, queueKeyOf('reti'), 'Problema di rete');
    at('2026-02-09T11:00:00+01:00');
    await t.desk.setPending(maria, ticket.number, 'pending_reminder', new Date('2026-02-12T10:00:00+01:00'));
    // Reti does not pause: the stretch from now on is not paused there.
    expect((await t.desk.getTicket(maria, ticket.number)).ticket.slaPausedAt).toBeNull();
    at('2026-02-09T16:00:00+01:00');
    await t.desk.reopenTicket(maria, ticket.number);
    at('2026-02-09T16:30:00+01:00');
    const { ticket: back } = await t.desk.sendBackTicket(maria, ticket.number, 'Non è la rete');
    // The helpdesk pauses: 11:00-16:00 (4 working hours) do not count.
    expect(back.solutionDueAt?.toISOString()).toBe(utc('2026-02-16T15:00:00+01:00'));
    expect(back.slaPausedAt).toBeNull();
  });
});
