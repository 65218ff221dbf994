import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { slackUserIdOf } from '../../../src/core/model.js';
import { leaseDueJobs, runLeasedJob } from '../../../src/core/scheduler/runner.js';

import { historyEvents, outboxTopics, type TestDesk } from '../../support/desk.js';
import { jobsOf, luca, maria, open, paolo, slaDesk, utc } from '../sla/sla-desk.js';

let t: TestDesk;
let dirs: string[] = [];
afterEach(async () => {
  await t.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

/** A database file in a fresh temporary folder, removed after the test. */
function dbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-scheduler-'));
  dirs.push(dir);
  return join(dir, 'desk.db');
}

const at = (iso: string) => t.clock.set(new Date(iso));

/** The scheduler's agent.notify rows of a ticket. */
async function notices(desk: TestDesk, ticketId: number) {
  return (
    await desk.db
      .select({ payload: desk.tables.outbox.payload })
      .from(desk.tables.outbox)
      .where(and(eq(desk.tables.outbox.ticketId, ticketId), eq(desk.tables.outbox.topic, 'agent.notify')))
      .orderBy(asc(desk.tables.outbox.id))
  )
    .map(({ payload }) => payload as Record<string, unknown>)
    .filter((message) => ['sla_warning', 'sla_breach', 'claim_released'].includes(String(message.event)));
}

describe('SLA warnings and breaches', () => {
  it('warn the queue when nobody is accountable, then fire the breach to the queue; each once', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    at('2026-02-09T10:44:59+01:00');
    expect((await t.desk.runDueJobs()).fired).toBe(0);

    at('2026-02-09T10:45:00+01:00');
    expect(await t.desk.runDueJobs()).toMatchObject({ fired: 1, byKind: { sla_warning: 1 }, failed: [] });
    expect((await t.desk.runDueJobs()).fired).toBe(0);
    expect((await historyEvents(t, ticket.id)).at(-1)).toBe('EscalationResponseTimeNotifyBefore');
    expect(await notices(t, ticket.id)).toEqual([
      {
        topic: 'agent.notify',
        ticketId: ticket.id,
        event: 'sla_warning',
        target: 'first_response',
        dueAt: utc('2026-02-09T11:00:00+01:00'),
        queueId: ticket.queueId,
      },
    ]);
    expect(await outboxTopics(t, ticket.id)).toContain('card.sync');

    at('2026-02-09T11:00:00+01:00');
    expect((await t.desk.runDueJobs()).byKind.sla_breach).toBe(1);
    expect((await historyEvents(t, ticket.id)).at(-1)).toBe('EscalationResponseTimeStart');
    expect((await notices(t, ticket.id)).map((n) => [n.event, n.agentId, n.queueId])).toEqual([
      ['sla_warning', undefined, ticket.queueId],
      ['sla_breach', undefined, ticket.queueId],
    ]);
    expect(await jobsOf(t, ticket.id, 'done')).toEqual([
      `sla_warning/first_response@${utc('2026-02-09T10:45:00+01:00')}`,
      `sla_breach/first_response@${utc('2026-02-09T11:00:00+01:00')}`,
    ]);
  });

  it('tell the responsible (else the owner); a breach is also posted for the queue', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    await t.desk.claimTicket(luca, ticket.number);
    await t.desk.setResponsible(maria, ticket.number, slackUserIdOf('U0PAOLO001'));
    const paoloId = (await t.desk.getTicket(paolo, ticket.number)).ticket.responsibleId;
    at('2026-02-09T11:00:00+01:00');
    // Both first-response jobs are due: the warning and the breach fire in due order.
    expect(await t.desk.runDueJobs()).toMatchObject({ fired: 2, byKind: { sla_warning: 1, sla_breach: 1 } });
    expect((await notices(t, ticket.id)).map((n) => [n.event, n.agentId, n.queueId])).toEqual([
      ['sla_warning', paoloId, undefined],
      ['sla_breach', paoloId, undefined],
      ['sla_breach', undefined, ticket.queueId],
    ]);
  });

  it('are not fired for a promise met in the meantime, even when the job was already due', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    at('2026-02-09T10:50:00+01:00');
    await t.desk.addArticle(maria, ticket.number, { kind: 'reply', channel: 'slack', body: 'Eccomi.' });
    expect((await t.desk.runDueJobs()).fired).toBe(0);
    expect(await historyEvents(t, ticket.id)).not.toContain('EscalationResponseTimeNotifyBefore');
  });
});

describe('once, whoever runs it', () => {
  it('fires jobs that fell due while the app was down at the next start, each once', async () => {
    const path = dbFile();
    t = await slaDesk('2026-02-09T10:00:00+01:00', path);
    const first = await open(t);
    at('2026-02-09T10:30:00+01:00');
    const second = await open(t, 'helpdesk', 'Wi-Fi lento');
    await t.close();

    // Down from Monday 10:30 until Tuesday 9:00: first response and update of both tickets fell due.
    t = await slaDesk('2026-02-10T09:00:00+01:00', path);
    const run = await t.desk.runDueJobs();
    expect(run).toMatchObject({ fired: 8, byKind: { sla_warning: 4, sla_breach: 4 }, more: false });
    expect((await t.desk.runDueJobs()).fired).toBe(0);
    for (const ticket of [first, second]) {
      expect((await historyEvents(t, ticket.id)).filter((e) => e.startsWith('Escalation'))).toEqual([
        'EscalationResponseTimeNotifyBefore',
        'EscalationResponseTimeStart',
        'EscalationUpdateTimeNotifyBefore',
        'EscalationUpdateTimeStart',
      ]);
    }
  });

  it('works a backlog in batches', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    for (let i = 0; i < 5; i++) await open(t, 'helpdesk', `Richiesta ${i}`);
    at('2026-02-10T09:00:00+01:00');
    expect(await t.desk.runDueJobs({ batch: 8 })).toMatchObject({ fired: 8, more: true });
    expect(await t.desk.runDueJobs({ batch: 8 })).toMatchObject({ fired: 8, more: true });
    expect(await t.desk.runDueJobs({ batch: 8 })).toMatchObject({ fired: 4, more: false });
  });

  it('with two desks on one database file: leased jobs are left alone, and a job another took is not fired again', async () => {
    const path = dbFile();
    t = await slaDesk('2026-02-09T10:00:00+01:00', path);
    const other = await slaDesk('2026-02-09T10:00:00+01:00', path);
    try {
      const ticket = await open(t);
      await open(other, 'helpdesk', 'Wi-Fi lento');
      const now = new Date('2026-02-10T09:00:00+01:00');
      t.clock.set(now);
      other.clock.set(now);

      // A leases everything due; B finds nothing free and fires nothing.
      const leased = await leaseDueJobs(t.ctx, now, 100, 60_000);
      expect(leased.jobs).toHaveLength(8);
      expect((await other.desk.runDueJobs()).fired).toBe(0);
      // A fires half of them, then stalls past its lease; B takes over the rest.
      for (const job of leased.jobs.slice(0, 4)) expect(await runLeasedJob(t.ctx, job.id, now)).toBe('fired');
      const later = new Date(now.getTime() + 61_000);
      other.clock.set(later);
      expect((await other.desk.runDueJobs()).fired).toBe(4);
      // A wakes up: the jobs it still held were fired by B.
      for (const job of leased.jobs.slice(4)) expect(await runLeasedJob(t.ctx, job.id, now)).toBe('taken');
      expect((await t.desk.runDueJobs({ now: later })).fired + (await other.desk.runDueJobs()).fired).toBe(0);

      const escalations = (
        await t.db
          .select({ ticketId: t.tables.history.ticketId, event: t.tables.history.event })
          .from(t.tables.history)
      ).filter((row) => row.event.startsWith('Escalation'));
      expect(escalations).toHaveLength(8);
      expect(new Set(escalations.map((row) => `${row.ticketId} ${row.event}`)).size).toBe(8);
      expect(escalations.filter((row) => row.ticketId === ticket.id)).toHaveLength(4);
    } finally {
      await other.close();
    }
  });

  it('drops a job its ticket no longer calls for', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    // A change written behind the core's back: the schedule did not follow.
    await t.db
      .update(t.tables.tickets)
      .set({ firstResponseAt: new Date() })
      .where(eq(t.tables.tickets.id, ticket.id));
    at('2026-02-09T11:00:00+01:00');
    // The first job found unwanted brings the schedule up to date: the second is cancelled with it.
    expect(await t.desk.runDueJobs()).toMatchObject({ fired: 0, dropped: 1 });
    expect(await jobsOf(t, ticket.id, 'cancelled')).toEqual([
      `sla_warning/first_response@${utc('2026-02-09T10:45:00+01:00')}`,
      `sla_breach/first_response@${utc('2026-02-09T11:00:00+01:00')}`,
    ]);
  });

  it('keeps a failing job pending and tries it again once its lease runs out', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    at('2026-02-09T10:45:00+01:00');
    // A history write that fails stands in for any error while acting.
    t.handle.sqlite.exec(
      "CREATE TRIGGER fail_history BEFORE INSERT ON history BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
    );
    const run = await t.desk.runDueJobs({ leaseMs: 1000 });
    expect(run.fired).toBe(0);
    expect(run.failed).toHaveLength(1);
    expect(String(run.failed[0]?.error)).toContain('disk on fire');
    expect(await jobsOf(t, ticket.id)).toHaveLength(6);
    expect((await t.desk.runDueJobs({ leaseMs: 1000 })).failed).toHaveLength(0);
    t.handle.sqlite.exec('DROP TRIGGER fail_history');
    at('2026-02-09T10:45:01+01:00');
    expect((await t.desk.runDueJobs()).byKind.sla_warning).toBe(1);
    const job = (
      await t.db
        .select()
        .from(t.tables.scheduledJobs)
        .where(
          and(eq(t.tables.scheduledJobs.ticketId, ticket.id), eq(t.tables.scheduledJobs.kind, 'sla_warning')),
        )
    )[0];
    expect([job?.status, job?.doneAt?.toISOString()]).toEqual(['done', utc('2026-02-09T10:45:01+01:00')]);
  });
});
