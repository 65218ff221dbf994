import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { tickets } from '../../db/schema.js';
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

/** Ticket ids whose title or an article matches, newest matches first, at most `window` of each. */
function matchingTicketIds(tx: DbOrTx, query: string, window: number): { ids: number[]; exhausted: boolean } {
  const titleIds = tx.all<{ id: number }>(
    sql`select rowid as id from tickets_fts where tickets_fts match ${query} order by rowid desc limit ${window}`,
  );
  const articleIds = tx.all<{ id: number }>(
    sql`select a.ticket_id as id from (select rowid from articles_fts where articles_fts match ${query}
        order by rowid desc limit ${window}) m join articles a on a.id = m.rowid`,
  );
  const ids = [...new Set([...titleIds, ...articleIds].map((r) => r.id))].sort((a, b) => b - a);
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
  const allowed = readable === null ? null : new Set(readable);
  // Whole words first: a prefix makes FTS5 gather every match before it can sort, slow on a big desk.
  const found = readableMatches(tx, exact, allowed, limit);
  if (found.length >= limit) return found;
  const byPrefix = readableMatches(tx, toFtsQuery(text, true) as string, allowed, limit);
  const seen = new Set(found.map((t) => t.id));
  return [...found, ...byPrefix.filter((t) => !seen.has(t.id))].sort((a, b) => b.id - a.id).slice(0, limit);
}

/** The newest `limit` tickets matching `query` in the allowed queues, widening the match window as needed. */
function readableMatches(tx: DbOrTx, query: string, allowed: Set<number> | null, limit: number): TicketRow[] {
  for (let window = limit * 10; ; window *= 4) {
    const { ids, exhausted } = matchingTicketIds(tx, query, window);
    const found = ids.length
      ? tx
          .select()
          .from(tickets)
          .where(inArray(tickets.id, ids))
          .all()
          .filter((t) => allowed === null || allowed.has(t.queueId))
          .sort((a, b) => b.id - a.id)
      : [];
    if (found.length >= limit || exhausted) return found.slice(0, limit);
  }
}
