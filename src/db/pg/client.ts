import { AsyncLocalStorage } from 'node:async_hooks';
import type { Table } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from '../client.js';
import type { ConnectionLender } from '../connection-lender.js';
import { withQueriesBuiltPerUse } from '../prepared.js';
import { type Tables, tablesIn, useTables } from '../tables.js';
import { retryingLostConnections } from './connection-retry.js';
import { migratePostgres } from './migrate.js';
import * as pgSchema from './schema.js';
import { retryingSerializationFailures } from './serialization-retry.js';

/**
 * PostgreSQL's tables by the names the core uses: the same tables as SQLite's (a table SQLite has and
 * PostgreSQL lacks does not compile; test/db/pg-schema-parity compares their columns and indexes).
 */
const PG_TABLES = tablesIn(pgSchema) satisfies Record<keyof Tables, Table>;

type PgDatabase = ReturnType<typeof drizzle<typeof pgSchema>>;
type PgTransaction = Parameters<Parameters<PgDatabase['transaction']>[0]>[0];

export interface PgHandle {
  /** The handle of the operation running now: its transaction's, or the pool's outside one. */
  current(): Db;
  connection: ConnectionLender;
  close(): Promise<void>;
}

/**
 * A handle of drizzle's PostgreSQL dialect where the core expects one: the core's queries are written once
 * with drizzle's builder and typed with SQLite's declarations; what runs here are PostgreSQL's own tables
 * (tablesOf) through PostgreSQL's own dialect. The tests run the core's suites on both databases.
 */
function asCoreHandle(handle: object, parent?: Db): Db {
  const db = handle as Db;
  useTables(db, PG_TABLES as unknown as Tables, 'postgres', parent !== undefined);
  return withQueriesBuiltPerUse(db, parent);
}

/**
 * Opens a pool of `poolSize` connections to the PostgreSQL database at `url` (already migrated). Each change
 * runs in a READ COMMITTED transaction on a connection of its own, locking the rows it reads to change
 * (db/row-locks.ts); one that loses a race with another process (a deadlock, a row inserted meanwhile) is
 * run again, so nobody sees it.
 */
export function createPgDb(url: string, poolSize = 10): PgHandle {
  return onPool(reconnectingPool(url, poolSize), reconnectingPool(url, APART_POOL_SIZE));
}

/**
 * Connections for the statements committed apart from a transaction (the day's ticket counter): a pool of
 * their own, so a transaction waiting for one never waits for a connection another transaction holds.
 */
const APART_POOL_SIZE = 2;

/**
 * A pool that outlives a restart of the server. A connection the server closes is dropped and a new one opened
 * when next needed; a statement outside a transaction that failed for it runs again once the server is back
 * (transactions are run again whole, in `onPool`).
 */
function reconnectingPool(url: string, poolSize: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Without a listener, a connection closed by the server (idle in the pool, or lent between two statements)
  // would end the process. Nothing is lost there: the pool drops it, and a statement that was running on it
  // fails by itself and is run again.
  const dropped = () => undefined;
  pool.on('error', dropped);
  pool.on('connect', (client) => client.on('error', dropped));
  const query = pool.query.bind(pool);
  pool.query = ((...args: unknown[]) =>
    typeof args.at(-1) === 'function'
      ? Reflect.apply(query, pool, args)
      : retryingLostConnections(() => Reflect.apply(query, pool, args))) as typeof pool.query;
  return pool;
}

/**
 * Opens the PostgreSQL database at `url`, bringing its schema up to date (one replica at a time). A database
 * that cannot be reached is said in words that name DATABASE_URL, never its password.
 */
export async function openPgDb(url: string, poolSize: number): Promise<PgHandle> {
  const pool = reconnectingPool(url, poolSize);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot open the PostgreSQL database of DATABASE_URL (${withoutPassword(url)}): ${reason}`,
      {
        cause: error,
      },
    );
  }
  return onPool(pool, reconnectingPool(url, APART_POOL_SIZE));
}

/** `url` with its password left out: what the log and error messages may show. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unreadable URL';
  }
}

function onPool(pool: pg.Pool, apartPool: pg.Pool): PgHandle {
  let closing: Promise<void> | undefined;
  const pgDb = drizzle(pool, { schema: pgSchema });
  const root = asCoreHandle(pgDb);
  const apartDb = asCoreHandle(drizzle(apartPool, { schema: pgSchema }));
  /** The transaction the operation running now is in, both as PostgreSQL's and as the core's handle. */
  const loans = new AsyncLocalStorage<{ tx: PgTransaction; db: Db }>();

  const lent = <T>(tx: PgTransaction, work: () => Promise<T>) =>
    loans.run({ tx, db: asCoreHandle(tx, root) }, work);

  const connection: ConnectionLender = {
    withConnection: (work) => work(),
    transaction: (work) => {
      const loan = loans.getStore();
      // Inside a transaction: a savepoint of it, undone alone when `work` fails.
      if (loan) return loan.tx.transaction((savepoint) => lent(savepoint, work));
      return retryingLostConnections(() =>
        retryingSerializationFailures(() => pgDb.transaction((tx) => lent(tx, work))),
      );
    },
    apart: (work) => work(apartDb),
  };
  return {
    current: () => loans.getStore()?.db ?? root,
    connection,
    // Once: a second stop (the app's, then its test's) finds the pool closed, not an error.
    close: () => {
      closing ??= Promise.all([pool.end(), apartPool.end()]).then(() => undefined);
      return closing;
    },
  };
}
