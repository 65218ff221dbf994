/**
 * Full-text indexing in batches, on both databases. Titles and articles written since the last batch go into
 * the full-text index (db/full-text.ts) with one statement each: indexing row by row inside every write cost
 * a quarter of each ticket operation on SQLite (FTS5 writes a new index segment per transaction and per
 * savepoint), and keeps the text analysis out of PostgreSQL's writes. A search first indexes whatever is still
 * pending, so it always sees every ticket; the server also indexes on a timer so that stays small. Changes to
 * rows already indexed (an edited message) are applied at once by triggers (SQLite's migration 0007,
 * PostgreSQL's 0002).
 */
import { asc, eq, gt, max, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { indexArticleTexts, indexTicketTitles } from '../db/full-text.js';
import { prepared } from '../db/prepared.js';
import { lockedForChange } from '../db/row-locks.js';
import { tablesOf } from '../db/tables.js';
import { type CoreContext, inTransaction } from './context.js';

/** Rows per table indexed in one transaction: big enough to be cheap per row, small enough to be brief. */
export const SEARCH_INDEX_BATCH = 5000;

export interface IndexedBatch {
  tickets: number;
  articles: number;
}

const pendingSearchText = (db: Db) => {
  const { searchIndexProgress } = tablesOf(db);
  return db
    .select({
      pending: sql<boolean>`(select coalesce(max(id), 0) from tickets) > ${searchIndexProgress.ticketsUpTo}
        or (select coalesce(max(id), 0) from articles) > ${searchIndexProgress.articlesUpTo}`.mapWith(
        Boolean,
      ),
    })
    .from(searchIndexProgress)
    .where(eq(searchIndexProgress.id, 1))
    .prepare();
};

/** Whether some ticket title or article is not in the full-text index yet. */
export async function hasPendingSearchText(tx: Db): Promise<boolean> {
  return (await prepared(tx, pendingSearchText).execute())[0]?.pending === true;
}

/** The id up to which the next `batch` rows of `table` after `after` reach (`after` when there are none). */
async function batchEnd(
  tx: Db,
  table: 'tickets' | 'articles',
  after: number,
  batch: number,
): Promise<number> {
  const { id } = tablesOf(tx)[table];
  const next = tx
    .select({ id })
    .from(tablesOf(tx)[table])
    .where(gt(id, after))
    .orderBy(asc(id))
    .limit(batch)
    .as('batch');
  const row = (await tx.select({ upTo: max(next.id) }).from(next))[0];
  return row?.upTo ?? after;
}

/** Indexes one batch of what is pending; returns how many rows went in. */
export async function indexSearchTextBatch(
  ctx: CoreContext,
  batch = SEARCH_INDEX_BATCH,
): Promise<IndexedBatch> {
  const { searchIndexProgress } = tablesOf(ctx.db);
  return await inTransaction(ctx, async (tx) => {
    // Locked: an indexer of another process waits, then goes on from where this one got to.
    const progress = (
      await lockedForChange(tx, tx.select().from(searchIndexProgress).where(eq(searchIndexProgress.id, 1)))
    )[0];
    if (!progress) throw new Error('search_index_progress has no row: the database was not migrated');
    const ticketsUpTo = await batchEnd(tx, 'tickets', progress.ticketsUpTo, batch);
    const articlesUpTo = await batchEnd(tx, 'articles', progress.articlesUpTo, batch);
    const tickets = await indexTicketTitles(tx, progress.ticketsUpTo, ticketsUpTo);
    const articles = await indexArticleTexts(tx, progress.articlesUpTo, articlesUpTo);
    if (tickets + articles > 0) {
      await tx
        .update(searchIndexProgress)
        .set({ ticketsUpTo, articlesUpTo })
        .where(eq(searchIndexProgress.id, 1));
    }
    return { tickets, articles };
  });
}

/** Indexes everything pending, batch after batch; returns how many rows went in. */
export async function indexSearchText(ctx: CoreContext, batch = SEARCH_INDEX_BATCH): Promise<IndexedBatch> {
  const total: IndexedBatch = { tickets: 0, articles: 0 };
  while (await hasPendingSearchText(ctx.db)) {
    const done = await indexSearchTextBatch(ctx, batch);
    total.tickets += done.tickets;
    total.articles += done.articles;
  }
  return total;
}
