import { type InferInsertModel, type InferSelectModel, sql, type Table } from 'drizzle-orm';
import { index as pgIndex, pgTable, text as pgText } from 'drizzle-orm/pg-core';
import { index as sqliteIndex, sqliteTable, text as sqliteText } from 'drizzle-orm/sqlite-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as pgSchema from '../../src/db/pg/schema.js';
import * as sqliteSchema from '../../src/db/schema.js';
import { shapeOf, tablesOf } from './schema-shape.js';

const sqliteTables = tablesOf(sqliteSchema);
const pgTables = tablesOf(pgSchema);

describe('the PostgreSQL schema declares what the SQLite schema declares', () => {
  it('exports the same tables under the same names', () => {
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
    expect(sqliteTables.size).toBeGreaterThan(15);
  });

  for (const [exportName, sqliteTable] of sqliteTables) {
    it(`${exportName}: same SQL name, columns, keys, indexes and foreign keys`, () => {
      const pgTable = pgTables.get(exportName);
      if (!pgTable) throw new Error(`${exportName} is missing from the PostgreSQL schema`);
      expect(shapeOf(pgTable)).toEqual(shapeOf(sqliteTable));
    });
  }

  it('reads and writes rows of the same JS types (checked by the type checker)', () => {
    // On a mismatch the type checker may name outbox.payload (a union it cannot diff): compare the tables.
    expectTypeOf<Rows<typeof pgSchema>>().toEqualTypeOf<Rows<typeof sqliteSchema>>();
    expectTypeOf<NewRows<typeof pgSchema>>().toEqualTypeOf<NewRows<typeof sqliteSchema>>();
  });
});

describe('the comparison', () => {
  const sqliteNotes = sqliteTable('notes', { body: sqliteText('body') }, (t) => [
    sqliteIndex('notes_body_idx').on(t.body),
  ]);

  it('sees the same table in both dialects as equal', () => {
    const pgNotes = pgTable('notes', { body: pgText('body') }, (t) => [pgIndex('notes_body_idx').on(t.body)]);
    expect(shapeOf(pgNotes)).toEqual(shapeOf(sqliteNotes));
  });

  it('notices a column added to one schema only', () => {
    const pgNotes = pgTable('notes', { body: pgText('body'), title: pgText('title') }, (t) => [
      pgIndex('notes_body_idx').on(t.body),
    ]);
    expect(shapeOf(pgNotes)).not.toEqual(shapeOf(sqliteNotes));
  });

  it('notices an index that differs in its condition', () => {
    const pgNotes = pgTable('notes', { body: pgText('body') }, (t) => [
      pgIndex('notes_body_idx').on(t.body).where(sql`${t.body} is not null`),
    ]);
    expect(shapeOf(pgNotes)).not.toEqual(shapeOf(sqliteNotes));
  });
});

type TablesOf<Schema> = { [K in keyof Schema as Schema[K] extends Table ? K : never]: Schema[K] };
type Rows<Schema> = {
  [K in keyof TablesOf<Schema>]: Schema[K] extends Table ? InferSelectModel<Schema[K]> : never;
};
type NewRows<Schema> = {
  [K in keyof TablesOf<Schema>]: Schema[K] extends Table ? InferInsertModel<Schema[K]> : never;
};
