/**
 * The full-text index as SQLite keeps it: FTS5 tables over titles and articles (migrations 0001 and 0007),
 * filled in batches by the core. Reached through full-text.ts.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import type { FullTextSource } from './full-text.js';

const INDEX_TABLES = { titles: 'tickets_fts', articles: 'articles_fts' } as const;

/**
 * An FTS5 query where every word must appear, each quoted so FTS5 syntax reads as words; with `prefix` the
 * last may be the start of a word.
 */
export function toFtsQuery(words: readonly string[], prefix: boolean): string {
  return words.map((w, i) => (prefix && i === words.length - 1 ? `"${w}"*` : `"${w}"`)).join(' ');
}

/** Rows of `source`'s index matching the placeholder `query`. */
export function ftsMatches(source: FullTextSource): SQL {
  const table = sql.identifier(INDEX_TABLES[source]);
  return sql`select rowid as id from ${table} where ${table} match ${sql.placeholder('query')}`;
}

/** Puts the titles of the tickets with ids in (`after`, `upTo`] into the index; returns how many. */
export async function indexTicketTitlesFts5(db: Db, after: number, upTo: number): Promise<number> {
  const result = await db.run(
    sql`insert into tickets_fts(rowid, title) select id, title from tickets where id > ${after} and id <= ${upTo}`,
  );
  return result.changes;
}

/** Puts the articles with ids in (`after`, `upTo`] into the index; returns how many. */
export async function indexArticleTextsFts5(db: Db, after: number, upTo: number): Promise<number> {
  const result = await db.run(
    sql`insert into articles_fts(rowid, subject, body) select id, subject, body from articles
        where id > ${after} and id <= ${upTo}`,
  );
  return result.changes;
}
