/**
 * A list of ids bound as one value, a JSON array (`JSON.stringify(ids)`): one prepared query serves lists of
 * any length. Each database unpacks the array its own way.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.js';
import { dialectOf } from './tables.js';

/** `column` is one of the ids of the JSON array bound to the placeholder `name`. */
export function inIdList(db: Db, column: SQLiteColumn, name: string): SQL {
  const ids = sql.placeholder(name);
  return dialectOf(db) === 'postgres'
    ? sql`${column} in (select id::integer from jsonb_array_elements_text(${ids}::jsonb) as ids(id))`
    : sql`${column} in (select value from json_each(${ids}))`;
}

/** As `inIdList`, where a null list means every id. */
export function inIdListOrAny(db: Db, column: SQLiteColumn, name: string): SQL {
  const ids = sql.placeholder(name);
  const isNull = dialectOf(db) === 'postgres' ? sql`${ids}::jsonb is null` : sql`${ids} is null`;
  return sql`(${isNull} or ${inIdList(db, column, name)})`;
}
