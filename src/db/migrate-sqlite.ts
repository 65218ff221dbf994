import Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

/** How long a process waits for another one's migrations, which on a large desk may rewrite tables. */
const WAIT_FOR_OTHER_MIGRATION_MS = 300_000;

/**
 * Brings the SQLite database at `path` up to date, one process at a time. Drizzle's migrator reads which
 * migrations are applied before it opens its transaction, so two processes starting together on a fresh file
 * both apply the first one and one fails (`table agents already exists`). The lock cannot be a transaction on
 * the database itself, since drizzle opens its own there: it is an exclusive transaction on a small SQLite
 * file beside it (`<path>-migrate-lock`), which the others wait for and the operating system releases if the
 * process dies.
 */
export function migrateSqlite<Schema extends Record<string, unknown>>(
  db: BetterSQLite3Database<Schema>,
  path: string,
  migrationsFolder: string,
): void {
  if (path === ':memory:') {
    migrate(db, { migrationsFolder });
    return;
  }
  const lock = new Database(`${path}-migrate-lock`);
  try {
    lock.pragma(`busy_timeout = ${WAIT_FOR_OTHER_MIGRATION_MS}`);
    lock.exec('BEGIN EXCLUSIVE');
    try {
      migrate(db, { migrationsFolder });
    } finally {
      lock.exec('COMMIT');
    }
  } finally {
    lock.close();
  }
}
