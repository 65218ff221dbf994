// What the tests of full-text search read and write beside the desk, on either database: what the index holds
// (SQLite's FTS5 tables, PostgreSQL's tsvector tables) and statements written once for both.
import { type SQL, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { TEST_DATABASE, type TestDesk } from './desk.js';

/** Runs `statement` on the test desk's database; returns its rows. */
export async function rowsOf<T>(t: TestDesk, statement: SQL): Promise<T[]> {
  if (TEST_DATABASE === 'sqlite') return t.db.all<T>(statement);
  return (await (t.db as unknown as NodePgDatabase).execute(statement)).rows as T[];
}

/** Runs `statement`, which returns no rows, on the test desk's database. */
export async function runStatement(t: TestDesk, statement: SQL): Promise<void> {
  if (TEST_DATABASE === 'sqlite') t.db.run(statement);
  else await (t.db as unknown as NodePgDatabase).execute(statement);
}

const INDEX_TABLES = {
  sqlite: { titles: 'tickets_fts', articles: 'articles_fts' },
  postgres: { titles: 'tickets_search', articles: 'articles_search' },
};

/** Rows in the index of `source` matching `word`: what it holds, not what a search would catch up on. */
export async function indexedMatches(
  t: TestDesk,
  source: 'titles' | 'articles',
  word: string,
): Promise<number> {
  const table = sql.identifier(INDEX_TABLES[TEST_DATABASE][source]);
  const matching =
    TEST_DATABASE === 'sqlite' ? sql`${table} match ${`"${word}"`}` : sql`document @@ search_query(${word})`;
  const [row] = await rowsOf<{ n: number | string }>(
    t,
    sql`select count(*) as n from ${table} where ${matching}`,
  );
  return Number(row?.n ?? 0);
}

/** Throws unless every indexed title and article is indexed as its row reads now: nothing stale is left. */
export async function checkIndexAgreesWithRows(t: TestDesk): Promise<void> {
  if (TEST_DATABASE === 'sqlite') {
    await runStatement(t, sql`insert into articles_fts(articles_fts, rank) values ('integrity-check', 1)`);
    await runStatement(t, sql`insert into tickets_fts(tickets_fts, rank) values ('integrity-check', 1)`);
    return;
  }
  const [stale] = await rowsOf<{ n: string }>(
    t,
    sql`select (select count(*) from tickets_search s join tickets r using (id)
                where s.document <> search_document(r.title))
             + (select count(*) from articles_search s join articles r using (id)
                where s.document <> search_document(concat_ws(' ', r.subject, r.body))) as n`,
  );
  if (Number(stale?.n) !== 0) throw new Error(`${stale?.n} indexed rows are stale`);
}
