/**
 * The outbox seen from the delivery workers: what is due, leased so that no other worker (of this process or
 * another) sends it too, and what a delivery done or failed leaves behind. The workers decide how to send and
 * when to try again; the rows are the core's.
 */

import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inIdList } from '../db/id-lists.js';
import { prepared, updateById } from '../db/prepared.js';
import { skippingLocked } from '../db/row-locks.js';
import type { OutboxLane, outbox } from '../db/schema.js';
import { tablesOf } from '../db/tables.js';
import { SYSTEM_ACTOR } from './actor.js';
import type { TicketNumber } from './brands.js';
import { type CoreContext, inTransaction } from './context.js';
import { type NewSlackPost, recordSlackPost } from './slack-posts.js';
import { addArticle } from './tickets/add-article.js';
import type { ArticleInput } from './tickets/article-store.js';

export type OutboxRow = typeof outbox.$inferSelect;

/**
 * What a delivery done leaves in the desk, recorded with the row marked delivered (so exactly when it is):
 * the notification as an article of its ticket (the ticket shows exactly what was received), or where a
 * post now stands in Slack.
 */
export type DeliveryRecord =
  | { kind: 'notice'; ticketNumber: TicketNumber; notice: ArticleInput & { customerVisible: boolean } }
  | { kind: 'slack_post'; post: NewSlackPost };

export interface LeaseRequest {
  lanes: OutboxLane[];
  /** Rows taken at most. */
  limit: number;
  /** How long the rows are held; past it another worker may take them over. */
  leaseMs: number;
  /** The worker's time: retries and leases run in real time, whatever clock the desk's rules run on. */
  now: Date;
}

/** A pending row in `lanes`, due at the placeholder `nowMs` and not leased (or its lease run out). */
function dueAndFree(db: Db, lanes: OutboxLane[]) {
  const { outbox } = tablesOf(db);
  // Placeholders in conditions are bound as they are: times go in as epoch milliseconds.
  const now = sql.placeholder('nowMs');
  return and(
    eq(outbox.status, 'pending'),
    inArray(outbox.lane, lanes),
    lte(outbox.nextAttemptAt, now),
    or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, now)),
  );
}

/** The first pending row of each ticket in `lanes` that is due and not taken: one ticket's rows go in order. */
const dueRowsQuery = (lanes: OutboxLane[]) => (db: Db) => {
  const { outbox } = tablesOf(db);
  const earlier = sql`exists (select 1 from outbox o2 where o2.ticket_id = ${outbox.ticketId}
      and o2.lane = ${outbox.lane} and o2.status = 'pending' and o2.id < ${outbox.id})`;
  const due = db
    .select()
    .from(outbox)
    .where(and(dueAndFree(db, lanes), sql`not ${earlier}`))
    .orderBy(asc(outbox.id))
    .limit(sql.placeholder('limit'));
  return skippingLocked(db, due).prepare();
};

/**
 * Whether any row in `lanes` may be due (a cheap read, ignoring the order within a ticket): a poll with
 * nothing to do takes no write lock (SQLite's is the whole file's) and opens no transaction.
 */
const anyDueQuery = (lanes: OutboxLane[]) => (db: Db) => {
  const { outbox } = tablesOf(db);
  return db.select({ id: outbox.id }).from(outbox).where(dueAndFree(db, lanes)).limit(1).prepare();
};

/** Leases the rows with the given ids (a JSON array) that are still free; returns the ids it took. */
const leaseRows = (db: Db) => {
  const { outbox } = tablesOf(db);
  return db
    .update(outbox)
    .set({ leaseUntil: sql`${sql.placeholder('leaseUntilMs')}` })
    .where(
      sql`${inIdList(db, outbox.id, 'ids')}
        and ${outbox.status} = 'pending'
        and (${outbox.leaseUntil} is null or ${outbox.leaseUntil} < ${sql.placeholder('nowMs')})`,
    )
    .returning({ id: outbox.id })
    .prepare();
};

const releaseRows = (db: Db) => {
  const { outbox } = tablesOf(db);
  return db
    .update(outbox)
    .set({ leaseUntil: null })
    .where(inIdList(db, outbox.id, 'ids'))
    .prepare();
};

/**
 * Leases what is due in the request's lanes, oldest first: rows another worker (of this process or another)
 * is taking at the same moment are skipped, rows it took before are left to it until their lease runs out.
 */
export async function leaseDeliveries(ctx: CoreContext, request: LeaseRequest): Promise<OutboxRow[]> {
  const now = request.now.getTime();
  const lanes = request.lanes;
  const anyDue = prepared(ctx.db, anyDueQuery(lanes), `outbox-any-due ${lanes.join(',')}`);
  if ((await anyDue.execute({ nowMs: now })).length === 0) return [];
  return await inTransaction(ctx, async (tx) => {
    const due = await prepared(tx, dueRowsQuery(lanes), `outbox-due ${lanes.join(',')}`).execute({
      nowMs: now,
      limit: request.limit,
    });
    if (due.length === 0) return [];
    const taken = await prepared(tx, leaseRows).execute({
      ids: JSON.stringify(due.map((row) => row.id)),
      nowMs: now,
      leaseUntilMs: now + request.leaseMs,
    });
    const takenIds = new Set(taken.map((row) => row.id));
    return due.filter((row) => takenIds.has(row.id));
  });
}

/** Gives leased rows back at once, rather than when their lease runs out (a worker stopping). */
export async function releaseDeliveries(ctx: CoreContext, ids: number[]): Promise<void> {
  if (ids.length > 0) await prepared(ctx.db, releaseRows).execute({ ids: JSON.stringify(ids) });
}

export interface DeliveryDone {
  row: Pick<OutboxRow, 'id' | 'attempts'>;
  records: DeliveryRecord[];
}

/**
 * Marks deliveries done, with what each records, in one transaction (one commit for many); each in a
 * savepoint of its own, so a record that fails leaves its row alone pending. Says, per delivery, the
 * error its recording met, or null.
 */
export function completeDeliveries(
  ctx: CoreContext,
  done: DeliveryDone[],
  at: Date,
): Promise<(Error | null)[]> {
  const { outbox } = tablesOf(ctx.db);
  return inTransaction(ctx, async () => {
    const outcomes: (Error | null)[] = [];
    for (const { row, records } of done) {
      try {
        await inTransaction(ctx, async (tx) => {
          for (const record of records) await applyRecord(ctx, record);
          await updateById(tx, outbox, row.id, {
            status: 'delivered',
            deliveredAt: at,
            attempts: row.attempts + 1,
            lastError: null,
            leaseUntil: null,
          });
        });
        outcomes.push(null);
      } catch (error) {
        outcomes.push(error instanceof Error ? error : new Error(`recording the delivery failed: ${error}`));
      }
    }
    return outcomes;
  });
}

function applyRecord(ctx: CoreContext, record: DeliveryRecord): Promise<unknown> {
  if (record.kind === 'slack_post') return recordSlackPost(ctx, record.post);
  return addArticle(ctx, SYSTEM_ACTOR, record.ticketNumber, { ...record.notice, kind: 'system' });
}

export interface DeliveryFailure {
  /** Attempts made so far, this one included. */
  attempts: number;
  reason: string;
  /** Given up: no further attempt. */
  givenUp: boolean;
  nextAttemptAt: Date;
}

/** Records a failed attempt: the row waits for its next attempt, or stays failed when given up. */
export async function failDelivery(ctx: CoreContext, rowId: number, failure: DeliveryFailure): Promise<void> {
  const { outbox } = tablesOf(ctx.db);
  await updateById(ctx.db, outbox, rowId, {
    status: failure.givenUp ? 'failed' : 'pending',
    attempts: failure.attempts,
    lastError: failure.reason.slice(0, 1000),
    nextAttemptAt: failure.nextAttemptAt,
    leaseUntil: null,
  });
}
