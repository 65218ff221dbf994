/**
 * The full-text index as SQLite keeps it (FTS5 tables, migration 0001): the statements that fill it, which
 * no other database shares.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';

/** The id up to which the next `batch` rows of `table` after `after` reach (`after` when there are none). */
export async function batchEnd(
  db: Db,
  table: 'tickets' | 'articles',
  after: number,
  batch: number,
): Promise<number> {
  const row = await db.get<{ upTo: number | null }>(
    sql`select max(id) as upTo from (select id from ${sql.identifier(table)} where id > ${after} order by id limit ${batch})`,
  );
  return row?.upTo ?? after;
}

/** Puts the titles of the tickets with ids in (`after`, `upTo`] into the index; returns how many. */
export async function indexTicketTitles(db: Db, after: number, upTo: number): Promise<number> {
  const result = await db.run(
    sql`insert into tickets_fts(rowid, title) select id, title from tickets where id > ${after} and id <= ${upTo}`,
  );
  return result.changes;
}

/** Puts the articles with ids in (`after`, `upTo`] into the index; returns how many. */
export async function indexArticleTexts(db: Db, after: number, upTo: number): Promise<number> {
  const result = await db.run(
    sql`insert into articles_fts(rowid, subject, body) select id, subject, body from articles
        where id > ${after} and id <= ${upTo}`,
  );
  return result.changes;
}
