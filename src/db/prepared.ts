/**
 * Queries built once per connection and run many times. drizzle builds a query's SQL text on every call
 * (70 µs for a select of the 30-column tickets table), while a prepared query only binds its values (< 5 µs):
 * the core's hot paths (every ticket operation) run prepared queries.
 */
import { type Column, eq, getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from './client.js';

/** A transaction shares its database's session (one better-sqlite3 connection), so one build serves both. */
type Session = object;
const queriesBySession = new WeakMap<Session, Map<unknown, unknown>>();

function sessionOf(tx: DbOrTx): Session {
  const { session } = tx as unknown as { session?: Session };
  if (!session) throw new Error('prepared queries need a drizzle better-sqlite3 database or transaction');
  return session;
}

/**
 * The query `build` makes, built on first use on this connection and then reused. `key` tells queries of
 * one shape apart when `build` is shared (by default `build` itself is the key); values go in through
 * `sql.placeholder`.
 */
export function prepared<T>(tx: DbOrTx, build: (db: DbOrTx) => T, key: unknown = build): T {
  const session = sessionOf(tx);
  let queries = queriesBySession.get(session);
  if (!queries) {
    queries = new Map();
    queriesBySession.set(session, queries);
  }
  let query = queries.get(key) as T | undefined;
  if (query === undefined) {
    query = build(tx);
    queries.set(key, query);
  }
  return query;
}

/**
 * The build of a select of the rows of `table` whose `column` equals the placeholder `value`: the shape of
 * most lookups (a ticket by number, a queue by key). Run it with `prepared(tx, build).get({ value })`.
 */
export function rowsWhereEqual<T extends SQLiteTable>(table: T, column: SQLiteColumn) {
  return (db: DbOrTx) =>
    db
      .select()
      .from(table)
      .where(eq(column, sql.placeholder('value')))
      .prepare();
}

type Row = Record<string, unknown>;
interface RunQuery {
  run(values: Row): unknown;
}
interface GetQuery {
  get(values: Row): unknown;
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
function insertQuery(tx: DbOrTx, table: SQLiteTable, keys: string[], returning: boolean) {
  return prepared(
    tx,
    (db) => {
      const insert = db.insert(table).values(placeholders(keys) as SQLiteTable['$inferInsert']);
      return (returning ? insert.returning().prepare() : insert.prepare()) as unknown as RunQuery & GetQuery;
    },
    shapeKey(returning ? 'insert-returning' : 'insert', table, keys),
  );
}

/** Inserts one row through a query prepared for its set of columns; returns the stored row. */
export function insertReturning<T extends SQLiteTable>(
  tx: DbOrTx,
  table: T,
  values: T['$inferInsert'],
): T['$inferSelect'] {
  const keys = definedKeys(values as Row);
  return insertQuery(tx, table, keys, true).get(
    driverValues(table, values as Row, keys),
  ) as T['$inferSelect'];
}

/** Inserts one row through a query prepared for its set of columns. */
export function insertRow<T extends SQLiteTable>(tx: DbOrTx, table: T, values: T['$inferInsert']): void {
  const keys = definedKeys(values as Row);
  insertQuery(tx, table, keys, false).run(driverValues(table, values as Row, keys));
}

/** Writes `changes` to the row with `id` through a query prepared for that set of columns. */
export function updateById<T extends SQLiteTable & { id: Column }>(
  tx: DbOrTx,
  table: T,
  id: number,
  changes: Partial<T['$inferSelect']>,
): void {
  const keys = definedKeys(changes as Row).filter((key) => key !== 'id');
  if (keys.length === 0) return;
  const query = prepared(
    tx,
    (db) =>
      db
        .update(table)
        .set(placeholders(keys) as Partial<T['$inferInsert']>)
        .where(sql`${table.id} = ${sql.placeholder('$id')}`)
        .prepare() as unknown as RunQuery,
    shapeKey('update', table, keys),
  );
  query.run({ ...driverValues(table, changes as Row, keys), $id: id });
}
