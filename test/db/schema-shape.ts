// A dialect-neutral description of a drizzle table, from each dialect's public getTableConfig, so the SQLite and
// the PostgreSQL schema can be compared as plain data.
import { Column, getTableColumns, is, SQL, type Table } from 'drizzle-orm';
import { IndexedColumn, PgDialect, PgTable, getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { SQLiteSyncDialect, SQLiteTable, getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';

export interface ColumnShape {
  sqlName: string;
  notNull: boolean;
  hasDefault: boolean;
  primaryKey: boolean;
  /** The name of the column's own unique constraint, when it has one. */
  unique: string | null;
  enumValues: readonly string[] | null;
}

export interface IndexShape {
  name: string;
  /** Column names; an expression as its SQL. */
  columns: string[];
  unique: boolean;
  where: string | null;
}

export interface ForeignKeyShape {
  name: string;
  columns: string[];
  foreignTable: string;
  foreignColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface TableShape {
  name: string;
  /** By JS property name. */
  columns: Record<string, ColumnShape>;
  compositePrimaryKeys: { name: string; columns: string[] }[];
  uniqueConstraints: { name: string; columns: string[] }[];
  indexes: IndexShape[];
  foreignKeys: ForeignKeyShape[];
}

/** The tables a schema module exports, by export name (the modules also export vocabulary and helpers). */
export function tablesOf(schema: Record<string, unknown>): Map<string, Table> {
  const tables = new Map<string, Table>();
  for (const [exportName, value] of Object.entries(schema)) {
    if (is(value, SQLiteTable) || is(value, PgTable)) tables.set(exportName, value);
  }
  return tables;
}

export function shapeOf(table: Table): TableShape {
  if (is(table, PgTable)) return pgShape(table);
  if (is(table, SQLiteTable)) return sqliteShape(table);
  throw new Error('neither a PostgreSQL nor a SQLite table');
}

function pgShape(table: PgTable): TableShape {
  const config = pgTableConfig(table);
  const dialect = new PgDialect();
  const render = (expression: SQL) => dialect.sqlToQuery(expression).sql;
  return {
    name: config.name,
    columns: columnShapes(table),
    compositePrimaryKeys: config.primaryKeys.map((key) => ({
      name: key.getName(),
      columns: names(key.columns),
    })),
    uniqueConstraints: config.uniqueConstraints.map((unique) => ({
      name: unique.getName() ?? '',
      columns: names(unique.columns),
    })),
    indexes: config.indexes.map(({ config: index }) => ({
      name: index.name ?? '',
      columns: index.columns.map((part) => {
        if (is(part, SQL)) return render(part);
        if (is(part, IndexedColumn))
          // Ascending is the default, the only order SQLite's plain column parts have.
          return part.indexConfig?.order === 'desc' ? `${part.name} desc` : (part.name ?? '');
        throw new Error(`index ${index.name}: an index part neither column nor expression`);
      }),
      unique: index.unique,
      where: index.where ? render(index.where) : null,
    })),
    foreignKeys: config.foreignKeys.map((key) => {
      const reference = key.reference();
      return {
        name: key.getName(),
        columns: names(reference.columns),
        foreignTable: pgTableConfig(reference.foreignTable).name,
        foreignColumns: names(reference.foreignColumns),
        onDelete: key.onDelete ?? 'no action',
        onUpdate: key.onUpdate ?? 'no action',
      };
    }),
  };
}

function sqliteShape(table: SQLiteTable): TableShape {
  const config = sqliteTableConfig(table);
  const dialect = new SQLiteSyncDialect();
  const render = (expression: SQL) => dialect.sqlToQuery(expression).sql;
  return {
    name: config.name,
    columns: columnShapes(table),
    compositePrimaryKeys: config.primaryKeys.map((key) => ({
      name: key.getName(),
      columns: names(key.columns),
    })),
    uniqueConstraints: config.uniqueConstraints.map((unique) => ({
      name: unique.getName() ?? '',
      columns: names(unique.columns),
    })),
    indexes: config.indexes.map(({ config: index }) => ({
      name: index.name,
      columns: index.columns.map((part) => (is(part, SQL) ? render(part) : part.name)),
      unique: index.unique,
      where: index.where ? render(index.where) : null,
    })),
    foreignKeys: config.foreignKeys.map((key) => {
      const reference = key.reference();
      return {
        name: key.getName(),
        columns: names(reference.columns),
        foreignTable: sqliteTableConfig(reference.foreignTable).name,
        foreignColumns: names(reference.foreignColumns),
        onDelete: key.onDelete ?? 'no action',
        onUpdate: key.onUpdate ?? 'no action',
      };
    }),
  };
}

function columnShapes(table: Table): Record<string, ColumnShape> {
  const shapes: Record<string, ColumnShape> = {};
  for (const [property, column] of Object.entries(getTableColumns(table))) {
    if (!is(column, Column)) continue;
    shapes[property] = {
      sqlName: column.name,
      notNull: column.notNull,
      hasDefault: column.hasDefault,
      primaryKey: column.primary,
      unique: column.isUnique ? (column.uniqueName ?? '') : null,
      enumValues: column.enumValues ?? null,
    };
  }
  return shapes;
}

function names(columns: readonly Column[]): string[] {
  return columns.map((column) => column.name);
}
