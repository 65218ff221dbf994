import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { type ConnectionLender, connectionLender } from './connection-lender.js';
import { migrateSqlite } from './migrate-sqlite.js';
import { withPreparedQueries } from './prepared.js';
import * as schema from './schema.js';
import { SQLITE_TABLES, useTables } from './tables.js';

declare const opened: unique symbol;
/** A handle opened by `createDb`, which finds its database's prepared queries. */
export type Db = BetterSQLite3Database<typeof schema> & { readonly [opened]: true };
/**
 * The handle as a change sees it: inside a write transaction the connection lender opened
 * (`inTransaction`), so what it reads stays true until it commits.
 */
export type Tx = Db;

export interface DbHandle {
  db: Db;
  sqlite: Database.Database;
  /** Lends the connection to one operation at a time (see connection-lender.ts). */
  connection: ConnectionLender;
  close(): void;
}

const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens (creating if needed) the SQLite database at `path` and brings its schema up to date.
 * WAL lets readers work beside the writer; the busy timeout lets a second process wait for the write lock
 * instead of failing at once.
 */
export function createDb(path: string): DbHandle {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 15000');
  const db = withPreparedQueries(drizzle(sqlite, { schema }));
  useTables(db, SQLITE_TABLES, 'sqlite');
  migrateSqlite(db, path, MIGRATIONS_FOLDER);
  return { db, sqlite, connection: connectionLender(sqlite, db), close: () => sqlite.close() };
}
