// The database the core benchmark fills: a SQLite file in a temp folder, or PostgreSQL (a database of its own
// on a server's URL, or a throwaway cluster, see load/postgres.ts).
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../src/db/client.js';
import type { ConnectionLender } from '../src/db/connection-lender.js';
import { openPgDb } from '../src/db/pg/client.js';
import { benchPostgres, type DatabaseChoice } from './load/postgres.js';

export interface CoreBenchDatabase {
  /** The handle of the operation running now (see CoreContext.db). */
  db(): Db;
  connection: ConnectionLender;
  /** Where the tickets go, for the progress lines. */
  description: string;
  /** CPU milliseconds the database server used so far; undefined for SQLite (in this process) or a server not ours. */
  serverCpuMs(): number | undefined;
  /** Once the tickets are in: what the planner and the size need (SQLite's checkpoint, PostgreSQL's ANALYZE). */
  settle(): Promise<void>;
  /** Bytes on disk (SQLite: the file and its WAL; PostgreSQL: pg_database_size). */
  sizeBytes(): Promise<number>;
  /** Closes it; and deletes it, unless `keep` (a SQLite file or a URL's database; a throwaway cluster goes). */
  close(keep: boolean): Promise<void>;
}

const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);

export async function openCoreBenchDatabase(choice: DatabaseChoice): Promise<CoreBenchDatabase> {
  if (choice.kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-'));
    const path = join(dir, 'bench.db');
    const handle = createDb(path);
    return {
      db: () => handle.db,
      connection: handle.connection,
      description: `SQLite ${path}`,
      serverCpuMs: () => undefined,
      async settle() {
        handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
        handle.sqlite.pragma('optimize');
      },
      sizeBytes: async () => fileSize(path) + fileSize(`${path}-wal`),
      async close(keep) {
        handle.close();
        if (!keep) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const server = await benchPostgres(choice.url);
  // One operation at a time, as the benchmark runs them: a small pool is enough.
  const handle = await openPgDb(server.url, 2);
  const onDatabase = async <T>(sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };
  return {
    db: () => handle.current(),
    connection: handle.connection,
    description: `PostgreSQL ${server.description}`,
    serverCpuMs: () => server.serverCpuMs(),
    settle: async () => {
      await onDatabase('analyze');
    },
    sizeBytes: async () =>
      Number(
        (await onDatabase<{ n: string }>('select pg_database_size(current_database()) as n'))[0]?.n ?? 0,
      ),
    async close(keep) {
      await handle.close();
      if (!keep || !choice.url) await server.stop();
    },
  };
}
