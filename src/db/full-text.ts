/**
 * The full-text index, as each database keeps it: SQLite's FTS5 tables (full-text-sqlite.ts), PostgreSQL's
 * tsvectors under GIN indexes (pg/full-text.ts). Both fold accents and hold every title and article the
 * core's batches have indexed; the core's search is written once over what this module gives.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { ftsMatches, indexArticleTextsFts5, indexTicketTitlesFts5, toFtsQuery } from './full-text-sqlite.js';
import {
  indexArticleTextsTsvector,
  indexTicketTitlesTsvector,
  toSearchQueryWords,
  tsvectorMatches,
} from './pg/full-text.js';
import { dialectOf } from './tables.js';

/** What is indexed: ticket titles (ids of tickets), or article subjects and bodies (ids of articles). */
export type FullTextSource = 'titles' | 'articles';

/**
 * The value to bind to the placeholder `query`: every word must appear; with `prefix` the last may be the
 * start of a word. `words` are letters and digits only.
 */
export function fullTextQuery(db: Db, words: readonly string[], prefix: boolean): string {
  return dialectOf(db) === 'postgres' ? toSearchQueryWords(words, prefix) : toFtsQuery(words, prefix);
}

const matches = (db: Db, source: FullTextSource) =>
  dialectOf(db) === 'postgres' ? tsvectorMatches(source) : ftsMatches(source);

/** The newest matches of `source`, up to the placeholder `window`: the subquery `m`, with column `id`. */
export function newestMatches(db: Db, source: FullTextSource): SQL {
  return sql`(${matches(db, source)} order by id desc limit ${sql.placeholder('window')}) as m`;
}

/** How many rows of `source` match, counted up to the placeholder `window` (no sorting). */
export function matchCountUpToWindow(db: Db, source: FullTextSource): SQL<number> {
  const upToWindow = sql`${matches(db, source)} limit ${sql.placeholder('window')}`;
  return sql<number>`(select count(*) from (${upToWindow}) as counted)`.mapWith(Number);
}

/** Puts the titles of the tickets with ids in (`after`, `upTo`] into the index; returns how many. */
export function indexTicketTitles(db: Db, after: number, upTo: number): Promise<number> {
  return dialectOf(db) === 'postgres'
    ? indexTicketTitlesTsvector(db, after, upTo)
    : indexTicketTitlesFts5(db, after, upTo);
}

/** Puts the articles with ids in (`after`, `upTo`] into the index; returns how many. */
export function indexArticleTexts(db: Db, after: number, upTo: number): Promise<number> {
  return dialectOf(db) === 'postgres'
    ? indexArticleTextsTsvector(db, after, upTo)
    : indexArticleTextsFts5(db, after, upTo);
}
