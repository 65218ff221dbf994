/**
 * The full-text index as PostgreSQL keeps it: a tsvector per title and per article, under GIN indexes
 * (tickets_search, articles_search, migration 0002), filled in batches by the core as SQLite's FTS5 tables.
 * Reached through ../full-text.ts.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Db } from '../client.js';
import type { FullTextSource } from '../full-text.js';

const INDEX_TABLES = { titles: 'tickets_search', articles: 'articles_search' } as const;

/** What search_query (migration 0002) takes: the words, space separated; `prefix`: the last ends in *. */
export function toSearchQueryWords(words: readonly string[], prefix: boolean): string {
  return `${words.join(' ')}${prefix ? '*' : ''}`;
}

/** Rows of `source`'s index matching the placeholder `query`. */
export function tsvectorMatches(source: FullTextSource): SQL {
  const table = sql.identifier(INDEX_TABLES[source]);
  return sql`select id from ${table} where document @@ search_query(${sql.placeholder('query')})`;
}

/** A handle the core holds for a PostgreSQL database, as what it is: the statements here are PostgreSQL's. */
const onPostgres = (db: Db) => db as unknown as NodePgDatabase;

/** Puts the titles of the tickets with ids in (`after`, `upTo`] into the index; returns how many. */
export async function indexTicketTitlesTsvector(db: Db, after: number, upTo: number): Promise<number> {
  const result = await onPostgres(db).execute(
    sql`insert into tickets_search (id, document) select id, search_document(title) from tickets
        where id > ${after} and id <= ${upTo}`,
  );
  return result.rowCount ?? 0;
}

/** Puts the articles with ids in (`after`, `upTo`] into the index; returns how many. */
export async function indexArticleTextsTsvector(db: Db, after: number, upTo: number): Promise<number> {
  const result = await onPostgres(db).execute(
    sql`insert into articles_search (id, document)
        select id, search_document(concat_ws(' ', subject, body)) from articles
        where id > ${after} and id <= ${upTo}`,
  );
  return result.rowCount ?? 0;
}
