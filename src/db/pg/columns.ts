import { boolean, customType, integer } from 'drizzle-orm/pg-core';

/**
 * Milliseconds since the epoch in a `bigint`, read and written as a Date, as on SQLite. Not `timestamptz`:
 * the core's raw SQL compares and subtracts times as epoch-ms numbers (`due_at <= ${now.getTime()}`), which
 * then means the same on both databases. node-postgres hands a `bigint` over as a string (a number once the
 * pool parses int8), so both are read.
 */
export const timestamp = customType<{ data: Date; driverData: number | string }>({
  dataType: () => 'bigint',
  toDriver: (value) => value.getTime(),
  fromDriver: (value) => new Date(Number(value)),
});

/** Bytes as a Buffer, as SQLite's `blob({ mode: 'buffer' })`; node-postgres reads `bytea` as a Buffer. */
export const bytes = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});

export const flag = (name: string) => boolean(name);
export const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity();
export const createdAt = () => timestamp('created_at').notNull();
