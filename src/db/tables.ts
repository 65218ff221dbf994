/**
 * The tables a handle's queries name. The core writes each query once, with drizzle's query builder, and takes
 * the tables from the handle it runs on: SQLite's declarations (schema.ts) for a SQLite handle, PostgreSQL's
 * (pg/schema.ts, the same tables, columns and row shapes) for a PostgreSQL one. Queries are typed with
 * SQLite's declarations.
 */
import { is, Table } from 'drizzle-orm';
import type { Db } from './client.js';
import * as sqliteSchema from './schema.js';

/** The tables a schema module exports, by their export names (the module also exports its vocabulary). */
type TablesIn<Schema> = {
  [Key in keyof Schema as Schema[Key] extends Table ? Key : never]: Schema[Key];
};

/** Every table `schema` declares: a table added to it is known to the core and copied by db:copy at once. */
export function tablesIn<Schema extends object>(schema: Schema): TablesIn<Schema> {
  return Object.fromEntries(
    Object.entries(schema).filter(([, value]) => is(value, Table)),
  ) as TablesIn<Schema>;
}

/** Every table, by the name the core uses. */
export const SQLITE_TABLES = tablesIn(sqliteSchema);

export type Tables = typeof SQLITE_TABLES;

/** Which database a handle is of: the few statements that are not the same on both ask. */
export type Dialect = 'sqlite' | 'postgres';

const byHandle = new WeakMap<object, { tables: Tables; dialect: Dialect; inTransaction: boolean }>();

/**
 * Makes `tables` the ones queries on `handle` name (done once, by the function that opens the handle);
 * `inTransaction` for a handle that is a transaction of its own (PostgreSQL's, one per change).
 */
export function useTables(handle: object, tables: Tables, dialect: Dialect, inTransaction = false): void {
  byHandle.set(handle, { tables, dialect, inTransaction });
}

function opened(db: Db) {
  const known = byHandle.get(db);
  if (!known) throw new Error('tables need a handle opened by createDb or createPgDb (db/)');
  return known;
}

/** The tables of the database `db` is a handle of. */
export function tablesOf(db: Db): Tables {
  return opened(db).tables;
}

export function dialectOf(db: Db): Dialect {
  return opened(db).dialect;
}

/** Whether `db` is the handle of a change's own transaction (PostgreSQL's; SQLite has one handle). */
export function isInTransaction(db: Db): boolean {
  return opened(db).inTransaction;
}
