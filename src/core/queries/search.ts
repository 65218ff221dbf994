import { desc, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { articles, tickets } from '../../db/schema.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import type { CoreContext } from '../context.js';
import { PermissionDeniedError, ValidationError } from '../errors.js';
import { readableQueueIds, type TicketRow } from '../permissions.js';
import { indexSearchText } from '../search-index.js';

export const MAX_SEARCH_RESULTS = 50;
const MAX_TERMS = 12;

/**
 * Turns what a person typed into an FTS5 query: every word must appear; with `prefix` the last one may be
 * the start of a word, as people search while typing. FTS5 syntax in the input is treated as plain words.
 */
export function toFtsQuery(text: string, prefix = false): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_TERMS) ?? [];
  if (words.length === 0) return null;
  return words.map((w, i) => (prefix && i === words.length - 1 ? `"${w}"*` : `"${w}"`)).join(' ');
}

const newestTitleMatches = (db: DbOrTx) =>
  db
    .select({ id: sql<number>`rowid` })
    .from(sql`tickets_fts`)
    .where(sql`tickets_fts match ${sql.placeholder('query')}`)
    .orderBy(sql`rowid desc`)
    .limit(sql.placeholder('window'))
    .prepare();

const newestArticleMatches = (db: DbOrTx) =>
  db
    .select({ id: articles.ticketId })
    .from(
      sql`(select rowid from articles_fts where articles_fts match ${sql.placeholder('query')}
           order by rowid desc limit ${sql.placeholder('window')}) m`,
    )
    .innerJoin(articles, sql`${articles.id} = m.rowid`)
    .prepare();

/** The newest `limit` of the tickets with the given ids (a JSON array) in the given queues (null: any). */
const newestTicketsAmong = (db: DbOrTx) =>
  db
    .select()
    .from(tickets)
    .where(
      sql`${tickets.id} in (select value from json_each(${sql.placeholder('ids')}))
        and (${sql.placeholder('queues')} is null
          or ${tickets.queueId} in (select value from json_each(${sql.placeholder('queues')})))`,
    )
    .orderBy(desc(tickets.id))
    .limit(sql.placeholder('limit'))
    .prepare();

/** Ticket ids whose title or an article matches, from the newest `window` matches of each. */
function matchingTicketIds(tx: DbOrTx, query: string, window: number): { ids: number[]; exhausted: boolean } {
  const titleIds = prepared(tx, newestTitleMatches).all({ query, window });
  const articleIds = prepared(tx, newestArticleMatches).all({ query, window });
  const ids = [...new Set([...titleIds, ...articleIds].map((r) => r.id))];
  return { ids, exhausted: titleIds.length < window && articleIds.length < window };
}

/**
 * Full-text search over ticket titles and article bodies, for operators: the newest matching tickets in the
 * queues they can read. The match window grows until enough readable tickets are found or there are no more.
 */
export function searchTickets(ctx: CoreContext, actor: Actor, text: string, limit = 20): TicketRow[] {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_RESULTS) {
    throw new ValidationError('limit', `A search returns 1 to ${MAX_SEARCH_RESULTS} tickets.`);
  }
  const exact = toFtsQuery(text);
  if (!exact) throw new ValidationError('query', 'Type at least one word to search for.');
  const tx = ctx.db;
  const who = resolvePrincipal(tx, actor);
  // Tickets written since the last indexing batch are found too.
  indexSearchText(ctx);
  const readable = readableQueueIds(tx, who);
  if (readable !== null && readable.length === 0)
    throw new PermissionDeniedError('search tickets', 'this desk');
  // Whole words first: a prefix makes FTS5 gather every match before it can sort, slow on a big desk.
  const found = readableMatches(tx, exact, readable, limit);
  if (found.length >= limit) return found;
  const byPrefix = readableMatches(tx, toFtsQuery(text, true) as string, readable, limit);
  const seen = new Set(found.map((t) => t.id));
  return [...found, ...byPrefix.filter((t) => !seen.has(t.id))].sort((a, b) => b.id - a.id).slice(0, limit);
}

/** The newest `limit` tickets matching `query` in the allowed queues, widening the match window as needed. */
function readableMatches(tx: DbOrTx, query: string, allowed: number[] | null, limit: number): TicketRow[] {
  const queues = allowed === null ? null : JSON.stringify(allowed);
  for (let window = limit * 10; ; window *= 4) {
    const { ids, exhausted } = matchingTicketIds(tx, query, window);
    const found = ids.length
      ? prepared(tx, newestTicketsAmong).all({ ids: JSON.stringify(ids), queues, limit })
      : [];
    if (found.length >= limit || exhausted) return found;
  }
}
