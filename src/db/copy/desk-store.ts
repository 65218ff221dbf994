/**
 * One side of a copy: a desk's database named as the app names it, a SQLite file's path or a PostgreSQL URL,
 * opened and migrated as the app opens it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { createDb, type Db } from '../client.js';
import { openPgDb, withoutPassword } from '../pg/client.js';
import type { Dialect } from '../tables.js';
import { CopyNotMade } from './copy-not-made.js';

export interface DeskStore {
  dialect: Dialect;
  /** Where it is, as the report may show it (a URL without its password). */
  shown: string;
  /** The handle of the work running now: inside a transaction of this store, that transaction's. */
  db(): Db;
  /** Runs `work` on one snapshot of the database, changing nothing. */
  reading<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `work` as one write transaction: all of it is kept, or none. */
  writing<T>(work: () => Promise<T>): Promise<T>;
  /** The statements only PostgreSQL has, for a PostgreSQL store. */
  postgres(): NodePgDatabase;
  close(): Promise<void>;
}

export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//.test(location);

/** How two locations compare: the same file by any path, the same URL. */
export const sameLocation = (a: string, b: string) =>
  isPostgresUrl(a) || isPostgresUrl(b) ? a === b : resolve(a) === resolve(b);

/** Opens `location`, bringing its schema up to date; `mustExist` refuses a SQLite file not there yet. */
export async function openDeskStore(
  location: string,
  { mustExist }: { mustExist: boolean },
): Promise<DeskStore> {
  if (isPostgresUrl(location)) {
    const pg = await openPgDb(location, 2);
    const db = () => pg.current();
    return {
      dialect: 'postgres',
      shown: withoutPassword(location),
      db,
      reading: (work) =>
        pg.connection.transaction(async () => {
          await onPostgres(db()).execute(sql`set transaction isolation level repeatable read, read only`);
          return work();
        }),
      writing: (work) => pg.connection.transaction(work),
      postgres: () => onPostgres(db()),
      close: () => pg.close(),
    };
  }
  if (mustExist && !existsSync(location)) throw new CopyNotMade(`there is no SQLite database at ${location}`);
  const sqlite = createDb(location);
  return {
    dialect: 'sqlite',
    shown: location,
    db: () => sqlite.db,
    // A deferred transaction: its first read fixes the snapshot (WAL), and the desk's writers go on meanwhile.
    reading: (work) =>
      sqlite.connection.withConnection(async () => {
        sqlite.sqlite.exec('BEGIN');
        try {
          return await work();
        } finally {
          sqlite.sqlite.exec('ROLLBACK');
        }
      }),
    writing: (work) => sqlite.connection.transaction(work),
    postgres: () => {
      throw new Error(`${location} is a SQLite database`);
    },
    close: async () => sqlite.close(),
  };
}

const onPostgres = (db: Db) => db as unknown as NodePgDatabase;
