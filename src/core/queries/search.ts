import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { fullTextQuery, matchCountUpToWindow, newestMatches } from '../../db/full-text.js';
import { inIdList, inIdListOrAny } from '../../db/id-lists.js';
import { prepared } from '../../db/prepared.js';
import { tablesOf } from '../../db/tables.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import type { CoreContext } from '../context.js';
import { PermissionDeniedError, ValidationError } from '../errors.js';
import { foldFieldValue } from '../fields/store.js';
import { readableQueueIds, type TicketRow } from '../permissions.js';
import { indexSearchText } from '../search-index.js';
import { normalizeTag } from '../tags.js';

export const MAX_SEARCH_RESULTS = 50;
const MAX_TERMS = 12;

/**
 * The words of what a person typed, as the search looks for them: runs of letters and digits, so query syntax
 * in the input (FTS5's, PostgreSQL's) is treated as plain words. Only the first MAX_TERMS count.
 */
export function searchWords(text: string): string[] {
  const words: string[] = [];
  // The rest of a long text is not even split into words.
  for (const [word] of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    words.push(word);
    if (words.length === MAX_TERMS) break;
  }
  return words;
}

/** A `key:value` filter of a search (`building:A`, `room:"Aula 3"`), compared folded. */
export interface FieldFilter {
  key: string;
  value: string;
}

const FIELD_FILTER = /(?<=^|\s)([a-z0-9][a-z0-9_-]*):(?:"([^"]*)"|(\S+))/gi;

/** What a person typed, split into field filters and the words of the rest. */
export function parseSearch(text: string): { filters: FieldFilter[]; words: string[] } {
  const filters: FieldFilter[] = [];
  const rest = text.replace(FIELD_FILTER, (_whole, key: string, quoted?: string, bare?: string) => {
    const value = (quoted ?? bare ?? '').trim();
    if (value !== '' && filters.length < MAX_TERMS) filters.push({ key: key.toLowerCase(), value });
    return ' ';
  });
  return { filters, words: searchWords(rest) };
}

/** The most full-text matches a search looks through (per source): the work it may do, whatever the desk size. */
export const MAX_SEARCH_WINDOW = 20_000;

/**
 * Filters tickets to the placeholder `queues` (a JSON array of queue ids; null: every queue) and to `only`
 * (ticket ids the tag and field filters found; null: any ticket).
 */
const inAllowedQueues = (db: Db) =>
  and(
    inIdListOrAny(db, tablesOf(db).tickets.queueId, 'queues'),
    inIdListOrAny(db, tablesOf(db).tickets.id, 'only'),
  );

/** `tag:rete` (or `etichetta:rete`) in a search: tickets carrying that tag. */
const TAG_TERM = /(?:^|\s)(?:tag|etichetta):(\S+)/giu;

/** The tags a search asks for (normalised) and the rest of its text. */
export function searchTags(text: string): { tags: string[]; rest: string } {
  const tags = [...text.matchAll(TAG_TERM)].flatMap((match) => normalizeTag(match[1] ?? '') ?? []);
  return { tags: [...new Set(tags)], rest: text.replace(TAG_TERM, ' ') };
}

/** The newest tickets (ids) in the allowed queues carrying every one of `tags`, up to MAX_SEARCH_WINDOW. */
async function taggedTickets(tx: Db, tags: string[], queues: number[] | null): Promise<number[]> {
  const { ticketTags, tickets } = tablesOf(tx);
  const rows = await tx
    .select({ id: ticketTags.ticketId })
    .from(ticketTags)
    .innerJoin(tickets, eq(tickets.id, ticketTags.ticketId))
    .where(and(inArray(ticketTags.tag, tags), queues === null ? undefined : inArray(tickets.queueId, queues)))
    .groupBy(ticketTags.ticketId)
    .having(sql`count(*) = ${tags.length}`)
    .orderBy(desc(ticketTags.ticketId))
    .limit(MAX_SEARCH_WINDOW + 1);
  return rows.map((r) => r.id);
}
/** The newest tickets in the allowed queues with the value `folded` in the field `key`. */
const fieldMatchesInQueues = (db: Db) => {
  const { ticketFieldValues, tickets } = tablesOf(db);
  return db
    .selectDistinct({ id: tickets.id })
    .from(ticketFieldValues)
    .innerJoin(tickets, eq(tickets.id, ticketFieldValues.ticketId))
    .where(
      and(
        eq(ticketFieldValues.fieldKey, sql.placeholder('key')),
        eq(ticketFieldValues.folded, sql.placeholder('folded')),
        inIdListOrAny(db, tickets.queueId, 'queues'),
      ),
    )
    .orderBy(desc(tickets.id))
    .limit(sql.placeholder('limit'))
    .prepare();
};

/** The newest `limit` tickets in the allowed queues among those whose title is one of the newest `window` matches. */
const titleMatchesInQueues = (db: Db) => {
  const { tickets } = tablesOf(db);
  return db
    .select({ id: tickets.id })
    .from(newestMatches(db, 'titles'))
    .innerJoin(tickets, sql`${tickets.id} = m.id`)
    .where(inAllowedQueues(db))
    .orderBy(desc(tickets.id))
    .limit(sql.placeholder('limit'))
    .prepare();
};

/** The same for tickets with an article among the newest `window` article matches. */
const articleMatchesInQueues = (db: Db) => {
  const { articles, tickets } = tablesOf(db);
  return db
    .selectDistinct({ id: tickets.id })
    .from(newestMatches(db, 'articles'))
    .innerJoin(articles, sql`${articles.id} = m.id`)
    .innerJoin(tickets, eq(tickets.id, articles.ticketId))
    .where(inAllowedQueues(db))
    .orderBy(desc(tickets.id))
    .limit(sql.placeholder('limit'))
    .prepare();
};

/** How many titles and articles match, counted up to `window` (no sorting, no joins). */
const matchCounts = (db: Db) =>
  db
    .select({ titles: matchCountUpToWindow(db, 'titles'), articles: matchCountUpToWindow(db, 'articles') })
    .from(sql`(select 1) as one`)
    .prepare();

const ticketsByIdNewestFirst = (db: Db) => {
  const { tickets } = tablesOf(db);
  return db
    .select()
    .from(tickets)
    .where(inIdList(db, tickets.id, 'ids'))
    .orderBy(desc(tickets.id))
    .limit(sql.placeholder('limit'))
    .prepare();
};

export interface TicketSearch {
  /** The newest matching tickets the searcher may read, newest first. */
  tickets: TicketRow[];
  /** More matches exist than a search looks through: some tickets may be missing, the words should narrow. */
  refine: boolean;
}

/**
 * Full-text search over ticket titles and article bodies, for operators (`tag:rete` keeps tickets tagged so,
 * `edificio:u6` those with that field value): the newest matching tickets in the
 * queues they can read. It looks through the newest matches, more of them while too few are readable, up to
 * MAX_SEARCH_WINDOW, so a common word costs the same on a desk of any size.
 */
export async function ticketSearch(
  ctx: CoreContext,
  actor: Actor,
  text: string,
  limit = 20,
): Promise<TicketSearch> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_RESULTS) {
    throw new ValidationError(
      'limit',
      'out_of_range',
      `A search returns 1 to ${MAX_SEARCH_RESULTS} tickets.`,
      {
        limit: MAX_SEARCH_RESULTS,
      },
    );
  }
  const { tags, rest } = searchTags(text);
  const { filters, words } = parseSearch(rest);
  if (words.length === 0 && tags.length === 0 && filters.length === 0)
    throw new ValidationError('query', 'no_words', 'Type at least one word to search for.');
  const tx = ctx.db;
  const who = await resolvePrincipal(tx, actor);
  // Tickets written since the last indexing batch are found too.
  await indexSearchText(ctx);
  const readable = await readableQueueIds(tx, who);
  if (readable !== null && readable.length === 0) throw new PermissionDeniedError('search', { desk: true });
  const queues = readable === null ? null : JSON.stringify(readable);
  // Tags and fields narrow the search to the tickets that carry them all; the words then search among those.
  let only: number[] | null = null;
  let narrowedCapped = false;
  if (tags.length > 0) {
    const ids = await taggedTickets(tx, tags, readable);
    narrowedCapped = ids.length > MAX_SEARCH_WINDOW;
    only = ids.slice(0, MAX_SEARCH_WINDOW);
  }
  if (filters.length > 0) {
    const byFields = await fieldMatches(tx, filters, queues);
    narrowedCapped ||= byFields.capped;
    const matched = new Set(byFields.ids);
    only = only === null ? byFields.ids : only.filter((id) => matched.has(id));
  }
  if (only !== null && (words.length === 0 || only.length === 0)) {
    return { tickets: await ticketsByIds(tx, only, limit), refine: narrowedCapped };
  }
  const within = { queues, only: only === null ? null : JSON.stringify(only) };
  // Whole words first: a prefix makes the index gather every match before it can sort, slow on a big desk.
  const found = await readableMatches(tx, fullTextQuery(tx, words, false), within, limit);
  if (found.ids.length >= limit) return { tickets: await ticketsByIds(tx, found.ids, limit), refine: false };
  // Prefix matches include the whole words': when those overflow the window, so would the prefix.
  if (found.capped) return { tickets: await ticketsByIds(tx, found.ids, limit), refine: true };
  const byPrefix = await readableMatches(tx, fullTextQuery(tx, words, true), within, limit);
  const ids = [...new Set([...found.ids, ...byPrefix.ids])];
  return { tickets: await ticketsByIds(tx, ids, limit), refine: byPrefix.capped || narrowedCapped };
}

/** The tickets of `ticketSearch`, for callers that show no notice. */
export async function searchTickets(
  ctx: CoreContext,
  actor: Actor,
  text: string,
  limit = 20,
): Promise<TicketRow[]> {
  return (await ticketSearch(ctx, actor, text, limit)).tickets;
}

/**
 * Ids of the newest `limit` tickets matching `query` in the allowed queues (a JSON array; null: any) and
 * among the tickets the filters found (likewise), the filters applied inside the full-text query. `capped`: the window
 * reached its maximum with matches left.
 */
async function readableMatches(
  tx: Db,
  query: string,
  within: { queues: string | null; only: string | null },
  limit: number,
): Promise<{ ids: number[]; capped: boolean }> {
  for (let window = limit * 10; ; window = Math.min(window * 10, MAX_SEARCH_WINDOW)) {
    const params = { query, window, ...within, limit };
    const byTitle = await prepared(tx, titleMatchesInQueues).execute(params);
    const byArticle = await prepared(tx, articleMatchesInQueues).execute(params);
    const ids = [...new Set([...byTitle, ...byArticle].map((r) => r.id))];
    if (ids.length >= limit) return { ids, capped: false };
    const counted = (await prepared(tx, matchCounts).execute({ query, window }))[0];
    const matchesLeft = counted !== undefined && (counted.titles >= window || counted.articles >= window);
    if (!matchesLeft) return { ids, capped: false };
    if (window === MAX_SEARCH_WINDOW) return { ids, capped: true };
  }
}

/**
 * Ids of the newest tickets (up to MAX_SEARCH_WINDOW) in the allowed queues with every filter's value, newest
 * first; `capped`: a filter matched more tickets than that.
 */
async function fieldMatches(
  tx: Db,
  filters: FieldFilter[],
  queues: string | null,
): Promise<{ ids: number[]; capped: boolean }> {
  let ids: number[] | null = null;
  let capped = false;
  for (const filter of filters) {
    const rows = await prepared(tx, fieldMatchesInQueues).execute({
      key: filter.key,
      folded: foldFieldValue(filter.value),
      queues,
      limit: MAX_SEARCH_WINDOW,
    });
    capped ||= rows.length === MAX_SEARCH_WINDOW;
    const found = new Set(rows.map((row) => row.id));
    ids = ids === null ? [...found] : ids.filter((id) => found.has(id));
  }
  return { ids: ids ?? [], capped };
}

async function ticketsByIds(tx: Db, ids: number[], limit: number): Promise<TicketRow[]> {
  if (ids.length === 0) return [];
  return await prepared(tx, ticketsByIdNewestFirst).execute({ ids: JSON.stringify(ids), limit });
}
