import { and, asc, eq, gt, notExists, sql } from 'drizzle-orm';
import { tablesOf } from '../../db/tables.js';
import { type CoreContext, inTransaction } from '../context.js';
import { loadTicketById } from '../tickets/load.js';
import { syncTicketJobs } from './jobs.js';

/**
 * Schedules the tickets still being worked that have never had a job: those written before the schedule
 * existed (a pending ticket's reminder, its SLA promises). Run at start, before the first run of the
 * scheduler; a ticket that has had jobs is kept in step by its own writes. Returns how many it looked at.
 */
export async function scheduleUnscheduledTickets(ctx: CoreContext, batch = 500): Promise<number> {
  const { scheduledJobs, tickets } = tablesOf(ctx.db);
  const now = ctx.clock.now();
  const neverScheduled = notExists(
    ctx.db.select({ one: sql`1` }).from(scheduledJobs).where(eq(scheduledJobs.ticketId, tickets.id)),
  );
  let looked = 0;
  let after = 0;
  for (;;) {
    const ids = await ctx.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.working, true), gt(tickets.id, after), neverScheduled))
      .orderBy(asc(tickets.id))
      .limit(batch);
    if (ids.length === 0) return looked;
    await inTransaction(ctx, async (tx) => {
      for (const { id } of ids) await syncTicketJobs(tx, await loadTicketById(tx, id), now);
    });
    looked += ids.length;
    after = ids[ids.length - 1]?.id ?? after;
  }
}
