/**
 * Work every replica runs on its own timer but that should happen once per interval across them all (asking
 * Slack about operators' presence). Each replica asks for the turn when its timer fires; the one that finds
 * the task due moves its due time on by an interval, holding the row meanwhile, and does the work; the others
 * find it not due (or held: on PostgreSQL they skip the row rather than wait for it).
 */
import { eq } from 'drizzle-orm';
import { skippingLocked } from '../db/row-locks.js';
import type { PeriodicTask } from '../db/schema.js';
import { tablesOf } from '../db/tables.js';
import { type CoreContext, inTransaction } from './context.js';

/**
 * The next turn falls due this share of the interval early: the timers of the replicas run at the same
 * interval, and one that fires a moment before the due time must not leave a whole interval without a turn.
 */
const EARLY_SHARE = 0.1;

export interface TurnRequest {
  task: PeriodicTask;
  intervalMs: number;
  /** The replica's time: intervals run in real time, whatever clock the desk's rules run on. */
  now: Date;
}

/** Whether the caller has the turn at `task` now (and should do it); at most one replica per interval has. */
export function takePeriodicTurn(ctx: CoreContext, { task, intervalMs, now }: TurnRequest): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const { periodicTurns } = tablesOf(tx);
    const next = new Date(now.getTime() + intervalMs * (1 - EARLY_SHARE));
    const row = (
      await skippingLocked(tx, tx.select().from(periodicTurns).where(eq(periodicTurns.task, task)))
    )[0];
    if (!row) {
      // The first turn ever, unless another replica holds the row or has just written it.
      const written = await tx
        .insert(periodicTurns)
        .values({ task, dueAt: next })
        .onConflictDoNothing()
        .returning({ task: periodicTurns.task });
      return written.length === 1;
    }
    // A due time more than an interval ahead was set by a clock since put back: due now, not in hours.
    const due = row.dueAt <= now || row.dueAt.getTime() > now.getTime() + intervalMs;
    if (!due) return false;
    await tx.update(periodicTurns).set({ dueAt: next }).where(eq(periodicTurns.task, task));
    return true;
  });
}
