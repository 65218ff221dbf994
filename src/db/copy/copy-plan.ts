/**
 * What copying a desk writes, table by table, worked out from the tables' declarations (db/tables.ts) so a
 * table added to the desk is copied without being named here: referenced tables before the tables that refer
 * to them, each read in primary-key order.
 */
import { getTableColumns, getTableName } from 'drizzle-orm';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { SQLITE_TABLES, type Tables } from '../tables.js';

export type TableKey = keyof Tables;

export interface TableCopy {
  key: TableKey;
  /** The table's SQL name, as the report shows it. */
  name: string;
  /** The primary key's columns (JS names): rows are read in their order. */
  primaryKey: string[];
  /**
   * Columns naming a row of the same table (a queue's parent): written once every row is in, since a row
   * may name one that comes after it.
   */
  selfReferences: string[];
  /** Rows read and written at a time: few where a row carries bytes (attachments, refused mails). */
  batchRows: number;
}

/**
 * The full-text index's progress is the target's own: its index (SQLite's FTS5 tables, PostgreSQL's
 * tsvectors, not the same on both) starts empty, and the target's core indexes every copied title and
 * article before its first search.
 */
export const REBUILT_BY_TARGET: readonly TableKey[] = ['searchIndexProgress'];

const ROWS_PER_BATCH = 500;
const ROWS_WITH_BYTES_PER_BATCH = 20;

/** Every table of the desk, in an order that writes a referenced row before a row naming it. */
export function copyPlan(): TableCopy[] {
  const keyOf = new Map<SQLiteTable, TableKey>(
    Object.entries(SQLITE_TABLES).map(([key, table]) => [table, key as TableKey]),
  );
  const planned: TableCopy[] = [];
  const placed = new Set<TableKey>();
  const place = (key: TableKey, path: readonly TableKey[]) => {
    if (placed.has(key)) return;
    if (path.includes(key)) throw new Error(`tables referring to each other: ${[...path, key].join(' → ')}`);
    const table = SQLITE_TABLES[key];
    const config = getTableConfig(table);
    const selfReferences: string[] = [];
    for (const foreignKey of config.foreignKeys) {
      const reference = foreignKey.reference();
      if (reference.foreignTable === table) {
        selfReferences.push(...reference.columns.map((column) => jsName(table, column.name)));
        continue;
      }
      const referenced = keyOf.get(reference.foreignTable);
      if (!referenced) throw new Error(`${config.name} refers to ${getTableName(reference.foreignTable)}`);
      place(referenced, [...path, key]);
    }
    placed.add(key);
    planned.push({
      key,
      name: config.name,
      primaryKey: primaryKeyOf(table),
      selfReferences,
      batchRows: config.columns.some((column) => column.dataType === 'buffer')
        ? ROWS_WITH_BYTES_PER_BATCH
        : ROWS_PER_BATCH,
    });
  };
  for (const key of Object.keys(SQLITE_TABLES) as TableKey[]) place(key, []);
  return planned;
}

function jsName(table: SQLiteTable, sqlName: string): string {
  const found = Object.entries(getTableColumns(table)).find(([, column]) => column.name === sqlName);
  if (!found) throw new Error(`${getTableName(table)} has no column ${sqlName}`);
  return found[0];
}

function primaryKeyOf(table: SQLiteTable): string[] {
  const single = Object.entries(getTableColumns(table)).filter(([, column]) => column.primary);
  if (single.length > 0) return single.map(([key]) => key);
  const composite = getTableConfig(table).primaryKeys[0];
  if (!composite) throw new Error(`${getTableName(table)} has no primary key to copy it in order`);
  return composite.columns.map((column) => jsName(table, column.name));
}
