import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Pool } from 'pg';

export const PG_MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../migrations-pg');

/** The advisory lock every process of the desk takes to migrate: any number, the same everywhere. */
const MIGRATION_LOCK = 4_907_231_170;

/**
 * Brings the PostgreSQL database of `pool` up to date, one process at a time. Drizzle's migrator reads which
 * migrations are applied before it opens its transaction, so replicas starting together would each apply
 * them; under a session advisory lock the others wait, then find nothing left to do. The lock is held by one
 * connection, which also runs the migrations, and goes with that connection if the process dies.
 */
export async function migratePostgres(pool: Pool, migrationsFolder = PG_MIGRATIONS_FOLDER): Promise<void> {
  const connection = await pool.connect();
  try {
    await connection.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(connection), { migrationsFolder });
    await connection.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    connection.release();
  } catch (error) {
    // The connection may still hold the lock or an open transaction: close it rather than reuse it.
    connection.release(true);
    throw error;
  }
}
