/**
 * Queries built once per database and run many times. drizzle builds a query's SQL text on every call
 * (70 µs for a select of the 30-column tickets table), while a prepared query only binds its values (< 5 µs):
 * the core's hot paths (every ticket operation) run prepared queries.
 *
 * Each query is prepared with drizzle's public `.prepare()` on the database handle `createDb` opened, and
 * serves every transaction and savepoint of that database too: a better-sqlite3 statement belongs to the
 * connection, and a transaction is the connection's state (the connection lender's), not the statement's. A
 * handle finds its database's queries through `handles` below, which only `createDb` (client.ts) fills; the
 * `Db` type says so, so a transaction drizzle opened on its own does not compile where one is expected.
 */
import { type Column, eq, getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.js';
import { lockedForChange } from './row-locks.js';
import type * as schema from './schema.js';
import { type Tables, tablesOf } from './tables.js';

/** What one database keeps for itself: its handle's queries (where they can be reused) and other values. */
interface DatabaseQueries {
  db: Db;
  /**
   * Each build's query, built once on the database's own handle. Null where a query belongs to the connection
   * it was built on (a PostgreSQL transaction has a connection of its own): it is built for each use there.
   */
  built: Map<unknown, unknown> | null;
  /** Values built from the database's rows (such as its calendars), shared by all its handles. */
  kept: Map<unknown, unknown>;
}

const handles = new WeakMap<object, DatabaseQueries>();

/** `db`, now the handle of a database of its own (SQLite: one connection), with no query built yet. */
export function withPreparedQueries(db: BetterSQLite3Database<typeof schema>): Db {
  const opened = db as Db;
  handles.set(opened, { db: opened, built: new Map(), kept: new Map() });
  return opened;
}

/**
 * `handle`, a handle of a database whose queries are built for each use (PostgreSQL): of its own database, or
 * of `parent`'s (a transaction opened on it).
 */
export function withQueriesBuiltPerUse(handle: Db, parent?: Db): Db {
  handles.set(handle, parent ? databaseQueries(parent) : { db: handle, built: null, kept: new Map() });
  return handle;
}

function databaseQueries(handle: Db): DatabaseQueries {
  const queries = handles.get(handle);
  if (!queries) throw new Error('prepared queries need a handle opened by createDb (db/client.ts)');
  return queries;
}

/**
 * The query `build` makes, built on first use on this database and then reused. `key` tells queries of one
 * shape apart when `build` is shared (by default `build` itself is the key); values go in through
 * `sql.placeholder`.
 */
export function prepared<T>(handle: Db, build: (db: Db) => T, key: unknown = build): T {
  const { db, built } = databaseQueries(handle);
  if (built === null) return build(handle);
  let query = built.get(key) as T | undefined;
  if (query === undefined) {
    query = build(db);
    built.set(key, query);
  }
  return query;
}

/** The value `make` makes for this database, made on first use and then kept (shared by all its handles). */
export function keptForDatabase<T>(handle: Db, make: () => T, key: unknown = make): T {
  const { kept } = databaseQueries(handle);
  let value = kept.get(key) as T | undefined;
  if (value === undefined) {
    value = make();
    kept.set(key, value);
  }
  return value;
}

/**
 * The build of a select of the rows of the table named `table` whose column `column` picks equals the
 * placeholder `value`: the shape of most lookups (a ticket by number, a queue by key). Run it with
 * `prepared(tx, build).execute({ value })`.
 */
export function rowsWhereEqual<K extends keyof Tables>(
  table: K,
  column: (table: Tables[K]) => SQLiteColumn,
  options: { lockedForChange?: boolean } = {},
) {
  return (db: Db) => {
    const from = tablesOf(db)[table];
    const query = db
      .select()
      .from(from as Tables[K])
      .where(eq(column(from), sql.placeholder('value')));
    return (options.lockedForChange ? lockedForChange(db, query) : query).prepare();
  };
}

type Row = Record<string, unknown>;
/** A prepared query as every driver runs it: values in, the rows (or the driver's result) out. */
interface ExecutableQuery {
  execute(values: Row): PromiseLike<unknown>;
}

/**
 * One placeholder per column, taken as the driver value: drizzle's own placeholder encoding does not let
 * null through for dates and JSON, so `driverValues` encodes instead.
 */
function placeholders(keys: readonly string[]): Record<string, SQL> {
  return Object.fromEntries(keys.map((key) => [key, sql`${sql.placeholder(key)}`]));
}

function driverValues(table: SQLiteTable, values: Row, keys: readonly string[]): Row {
  const columns = getTableColumns(table) as Record<string, Column>;
  const out: Row = {};
  for (const key of keys) {
    const value = values[key];
    const column = columns[key];
    if (!column) throw new Error(`${key} is not a column`);
    out[key] = value === null ? null : column.mapToDriverValue(value);
  }
  return out;
}

const definedKeys = (values: Row) => Object.keys(values).filter((key) => values[key] !== undefined);
const shapeKey = (kind: string, table: SQLiteTable, keys: readonly string[]) =>
  `${kind} ${getTableName(table)} ${keys.join(',')}`;

/** The insert of one row with `keys` into `table`, prepared once per set of columns. */
function insertQuery(tx: Db, table: SQLiteTable, keys: string[], returning: boolean) {
  return prepared(
    tx,
    (db) => {
      const insert = db.insert(table).values(placeholders(keys) as SQLiteTable['$inferInsert']);
      return (returning ? insert.returning().prepare() : insert.prepare()) as unknown as ExecutableQuery;
    },
    shapeKey(returning ? 'insert-returning' : 'insert', table, keys),
  );
}

/** Inserts one row through a query prepared for its set of columns; returns the stored row. */
export async function insertReturning<T extends SQLiteTable>(
  tx: Db,
  table: T,
  values: T['$inferInsert'],
): Promise<T['$inferSelect']> {
  const keys = definedKeys(values as Row);
  const rows = (await insertQuery(tx, table, keys, true).execute(
    driverValues(table, values as Row, keys),
  )) as [T['$inferSelect']];
  return rows[0];
}

/** Inserts one row through a query prepared for its set of columns. */
export async function insertRow<T extends SQLiteTable>(
  tx: Db,
  table: T,
  values: T['$inferInsert'],
): Promise<void> {
  const keys = definedKeys(values as Row);
  await insertQuery(tx, table, keys, false).execute(driverValues(table, values as Row, keys));
}

/** Writes `changes` to the row with `id` through a query prepared for that set of columns. */
export async function updateById<T extends SQLiteTable & { id: Column }>(
  tx: Db,
  table: T,
  id: number,
  changes: Partial<T['$inferSelect']>,
): Promise<void> {
  const keys = definedKeys(changes as Row).filter((key) => key !== 'id');
  if (keys.length === 0) return;
  const query = prepared(
    tx,
    (db) =>
      db
        .update(table)
        .set(placeholders(keys) as Partial<T['$inferInsert']>)
        .where(sql`${table.id} = ${sql.placeholder('$id')}`)
        .prepare() as unknown as ExecutableQuery,
    shapeKey('update', table, keys),
  );
  await query.execute({ ...driverValues(table, changes as Row, keys), $id: id });
}

/** The one row of a statement that always yields one (an insert's RETURNING, an upsert's). */
export function theRow<T>(rows: readonly T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error('the statement returned no row');
  return row;
}
