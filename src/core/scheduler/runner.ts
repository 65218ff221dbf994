/**
 * Fires the schedule's due jobs, each exactly once, whoever runs it: a job due while the app was down fires
 * at the next run, and with several processes on one database file each job fires in one of them.
 *
 * A run first leases due jobs one by one (an UPDATE that only succeeds while nobody else holds the job), so
 * two runners share the work instead of both trying every job. Each leased job then gets its own IMMEDIATE
 * transaction that re-reads it and its ticket, marks it done and acts: a runner whose lease ran out and whose
 * job another runner took meanwhile finds it done and leaves it. A job that fails rolls back and stays
 * leased, so it is tried again when the lease runs out.
 */
import { and, asc, eq, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { lockedForChange, skippingLocked } from '../../db/row-locks.js';
import { JOB_KINDS, type JobKind } from '../../db/schema.js';
import { tablesOf } from '../../db/tables.js';
import { type CoreContext, inTransaction } from '../context.js';
import { loadTicketById } from '../tickets/load.js';
import { fireJob } from './actions.js';
import { isWanted, syncTicketJobs } from './jobs.js';

export interface RunDueJobsOptions {
  /** The time the run stands at; by default the context's clock. */
  now?: Date;
  /** At most this many jobs per run. */
  batch?: number;
  /** How long a leased job is left alone by other runners. */
  leaseMs?: number;
}

export interface JobFailure {
  jobId: number;
  kind: JobKind;
  ticketId: number;
  error: unknown;
}

export interface JobRunReport {
  /** Jobs acted on, in all and by kind. */
  fired: number;
  byKind: Record<JobKind, number>;
  /** Jobs found no longer wanted (the ticket changed in a way its schedule had not caught up with). */
  dropped: number;
  failed: JobFailure[];
  /** True when the batch was full: more jobs may be due. */
  more: boolean;
}

export const DEFAULT_BATCH = 100;
export const DEFAULT_LEASE_MS = 60_000;

type Outcome = 'fired' | 'dropped' | 'taken';

/** Fires the jobs due at `now` (at most `batch` of them). */
export async function runDueJobs(ctx: CoreContext, options: RunDueJobsOptions = {}): Promise<JobRunReport> {
  const now = options.now ?? ctx.clock.now();
  const batch = options.batch ?? DEFAULT_BATCH;
  const leased = await leaseDueJobs(ctx, now, batch, options.leaseMs ?? DEFAULT_LEASE_MS);
  const report: JobRunReport = {
    fired: 0,
    byKind: Object.fromEntries(JOB_KINDS.map((kind) => [kind, 0])) as Record<JobKind, number>,
    dropped: 0,
    failed: [],
    more: leased.candidates >= batch,
  };
  for (const job of leased.jobs) {
    try {
      const outcome = await runLeasedJob(ctx, job.id, now);
      if (outcome === 'fired') {
        report.fired++;
        report.byKind[job.kind]++;
      } else if (outcome === 'dropped') report.dropped++;
    } catch (error) {
      report.failed.push({ jobId: job.id, kind: job.kind, ticketId: job.ticketId, error });
    }
  }
  return report;
}

/** Jobs due at `now` that nobody holds, or are held past their lease. */
function dueAndFree(db: Db, now: Date) {
  const { scheduledJobs } = tablesOf(db);
  const free = or(isNull(scheduledJobs.leaseUntil), lte(scheduledJobs.leaseUntil, now));
  return { free, due: and(eq(scheduledJobs.status, 'pending'), lte(scheduledJobs.dueAt, now), free) };
}

/** Leases up to `batch` jobs due at `now` that nobody holds; returns those this runner got. */
export async function leaseDueJobs(ctx: CoreContext, now: Date, batch: number, leaseMs: number) {
  // A cheap read first: a tick with nothing due takes no write lock (SQLite's is the whole file's).
  const { scheduledJobs } = tablesOf(ctx.db);
  const anyDue = await ctx.db
    .select({ id: scheduledJobs.id })
    .from(scheduledJobs)
    .where(dueAndFree(ctx.db, now).due)
    .limit(1);
  if (anyDue.length === 0) return { jobs: [], candidates: 0 };
  return await inTransaction(ctx, async (tx) => {
    const { scheduledJobs } = tablesOf(tx);
    const { free, due } = dueAndFree(tx, now);
    const candidates = await skippingLocked(
      tx,
      tx
        .select({ id: scheduledJobs.id, kind: scheduledJobs.kind, ticketId: scheduledJobs.ticketId })
        .from(scheduledJobs)
        .where(due)
        .orderBy(asc(scheduledJobs.dueAt), asc(scheduledJobs.id))
        .limit(batch),
    );
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const jobs: typeof candidates = [];
    for (const job of candidates) {
      const leased = await tx
        .update(scheduledJobs)
        .set({ leaseUntil })
        .where(and(eq(scheduledJobs.id, job.id), eq(scheduledJobs.status, 'pending'), free))
        .returning({ id: scheduledJobs.id });
      if (leased.length === 1) jobs.push(job);
    }
    return { jobs, candidates: candidates.length };
  });
}

/** Fires one leased job in its own transaction, if it is still pending and still wanted. */
export async function runLeasedJob(ctx: CoreContext, jobId: number, now: Date): Promise<Outcome> {
  const { scheduledJobs } = tablesOf(ctx.db);
  return await inTransaction(ctx, async (tx) => {
    // Locked: another process firing the same job waits, then finds it done.
    const job = (
      await lockedForChange(tx, tx.select().from(scheduledJobs).where(eq(scheduledJobs.id, jobId)))
    )[0];
    if (job?.status !== 'pending') return 'taken';
    const ticket = await loadTicketById(tx, job.ticketId);
    if (!(await isWanted(tx, ticket, job))) {
      await tx
        .update(scheduledJobs)
        .set({ status: 'cancelled', leaseUntil: null })
        .where(eq(scheduledJobs.id, job.id));
      await syncTicketJobs(tx, ticket, now);
      return 'dropped';
    }
    await tx
      .update(scheduledJobs)
      .set({ status: 'done', doneAt: now, leaseUntil: null })
      .where(eq(scheduledJobs.id, job.id));
    await fireJob(tx, job, ticket, now);
    return 'fired';
  });
}
