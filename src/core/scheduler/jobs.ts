/**
 * The desk's schedule, kept in step with each ticket: what must happen to it and when. Every write of a
 * ticket row (creation, `updateTicket`) calls `syncTicketJobs`, which works out the jobs the row calls for
 * and makes the pending jobs of the ticket exactly those. The runner (`runner.ts`) fires them.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared, updateById } from '../../db/prepared.js';
import { type JobKind, SLA_TARGETS, type SlaTarget, type scheduledJobs } from '../../db/schema.js';
import { tablesOf } from '../../db/tables.js';
import type { TicketRow } from '../permissions.js';
import { SLA_COLUMNS } from '../sla.js';
import { isPending, isWorking } from '../states.js';

const MINUTE_MS = 60_000;

/** One moment in a ticket's schedule; `target` names the SLA promise ('' for the other kinds). */
export interface JobSpec {
  kind: JobKind;
  target: SlaTarget | '';
  dueAt: Date;
}

export type JobRow = typeof scheduledJobs.$inferSelect;

/**
 * The jobs a ticket calls for, from its row alone (and its queue's claim timeout):
 * - per SLA promise still open on a ticket being worked, and not paused: a warning at its warn-at time
 *   and a breach at its due time (the first response until given; an update while one is owed; the
 *   solution until closed);
 * - a pending ticket's reminder or automatic close at its pending time;
 * - releasing a claim nobody touched: `unlockMinutes` after the ticket's last change (`updated_at`: every
 *   operator's or customer's action, and the pending reminder that hands it back), while claimed and new or
 *   open.
 */
export function desiredJobs(ticket: TicketRow, unlockMinutes: number): JobSpec[] {
  const jobs: JobSpec[] = [];
  if (!isWorking(ticket.state)) return jobs;
  if (ticket.slaPausedAt === null) {
    for (const target of SLA_TARGETS) {
      if (target === 'first_response' && ticket.firstResponseAt !== null) continue;
      const dueAt = ticket[SLA_COLUMNS[target].due];
      if (dueAt === null) continue;
      const warnAt = ticket[SLA_COLUMNS[target].warn];
      if (warnAt !== null && warnAt < dueAt) jobs.push({ kind: 'sla_warning', target, dueAt: warnAt });
      jobs.push({ kind: 'sla_breach', target, dueAt });
    }
  }
  if (isPending(ticket.state) && ticket.pendingUntil !== null) {
    const kind = ticket.state === 'pending_reminder' ? 'pending_reminder' : 'pending_auto_close';
    jobs.push({ kind, target: '', dueAt: ticket.pendingUntil });
  }
  // As OTRS does, only a claim on a ticket being worked (new, open) times out: a pending one waits by design.
  if (ticket.locked && unlockMinutes > 0 && (ticket.state === 'new' || ticket.state === 'open')) {
    const dueAt = new Date(ticket.updatedAt.getTime() + unlockMinutes * MINUTE_MS);
    jobs.push({ kind: 'claim_timeout', target: '', dueAt });
  }
  return jobs;
}

const queueUnlockMinutes = (db: Db) => {
  const { queues } = tablesOf(db);
  return db
    .select({ unlockMinutes: queues.unlockMinutes })
    .from(queues)
    .where(eq(queues.id, sql.placeholder('queueId')))
    .prepare();
};

const pendingJobsOfTicket = (db: Db) => {
  const { scheduledJobs } = tablesOf(db);
  return db
    .select({
      id: scheduledJobs.id,
      kind: scheduledJobs.kind,
      target: scheduledJobs.target,
      dueAt: scheduledJobs.dueAt,
    })
    .from(scheduledJobs)
    .where(and(eq(scheduledJobs.ticketId, sql.placeholder('ticketId')), eq(scheduledJobs.status, 'pending')))
    .prepare();
};

/** Inserts a job; one cancelled earlier for the same moment comes back, one done never does. */
const scheduleJob = (db: Db) => {
  const { scheduledJobs } = tablesOf(db);
  return db
    .insert(scheduledJobs)
    .values({
      ticketId: sql.placeholder('ticketId'),
      kind: sql.placeholder('kind'),
      target: sql.placeholder('target'),
      dueAt: sql.placeholder('dueAt'),
      createdAt: sql.placeholder('createdAt'),
    })
    .onConflictDoUpdate({
      target: [scheduledJobs.ticketId, scheduledJobs.kind, scheduledJobs.target, scheduledJobs.dueAt],
      set: { status: 'pending', leaseUntil: null },
      setWhere: sql`${scheduledJobs.status} = 'cancelled'`,
    })
    .prepare();
};

/** The claim timeout of the ticket's queue, in minutes; 0 when the ticket is not claimed (nothing to time). */
export async function unlockMinutesOf(tx: Db, ticket: TicketRow): Promise<number> {
  if (!ticket.locked) return 0;
  const queue = (await prepared(tx, queueUnlockMinutes).execute({ queueId: ticket.queueId }))[0];
  return queue?.unlockMinutes ?? 0;
}

function sameJobs(a: JobSpec[], b: JobSpec[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map(keyOf));
  return b.every((job) => keys.has(keyOf(job)));
}

const keyOf = (job: Pick<JobRow, 'kind' | 'target' | 'dueAt'>): string =>
  `${job.kind}\u0000${job.target}\u0000${job.dueAt.getTime()}`;

/** Whether `job` is still one the ticket calls for (it may have changed since the job was scheduled). */
export async function isWanted(tx: Db, ticket: TicketRow, job: JobRow): Promise<boolean> {
  const key = keyOf(job);
  return desiredJobs(ticket, await unlockMinutesOf(tx, ticket)).some((wanted) => keyOf(wanted) === key);
}

/**
 * Makes the ticket's pending jobs the ones its row calls for: new ones are inserted (a job cancelled
 * earlier for the same moment comes back, one done never does), those no longer wanted are cancelled.
 * `ticket` must be the row as just written; `before`, the row it replaced: when both call for the same
 * jobs, the schedule (kept in step with `before`) is already right and is not read at all.
 */
export async function syncTicketJobs(tx: Db, ticket: TicketRow, at: Date, before?: TicketRow): Promise<void> {
  const { scheduledJobs } = tablesOf(tx);
  const wanted = desiredJobs(ticket, await unlockMinutesOf(tx, ticket));
  if (
    before &&
    before.queueId === ticket.queueId &&
    sameJobs(wanted, desiredJobs(before, await unlockMinutesOf(tx, before)))
  )
    return;
  const pending = await prepared(tx, pendingJobsOfTicket).execute({ ticketId: ticket.id });
  const wantedKeys = new Set(wanted.map(keyOf));
  const stale = pending.filter((job) => !wantedKeys.has(keyOf(job))).map((job) => job.id);
  for (const id of stale) await updateById(tx, scheduledJobs, id, { status: 'cancelled', leaseUntil: null });
  const scheduled = new Set(pending.map(keyOf));
  const missing = wanted.filter((job) => !scheduled.has(keyOf(job)));
  for (const job of missing)
    await prepared(tx, scheduleJob).execute({ ticketId: ticket.id, ...job, createdAt: at });
}
