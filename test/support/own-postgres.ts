/**
 * A PostgreSQL cluster of one test file's own, with an empty `desk` database: a test that stops or restarts
 * the server must not disturb the other tests' databases.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { migratePostgres } from '../../src/db/pg/migrate.js';
import {
  type PostgresCluster,
  startPostgresCluster,
  startPostgresServer,
  stopPostgresCluster,
  stopPostgresServer,
} from './postgres-cluster.js';

export interface OwnPostgres {
  cluster: PostgresCluster;
  /** The `desk` database's URL. */
  deskUrl: string;
  /** Stops the server (the data stays), as an outage would. */
  stopServer(): Promise<void>;
  /** Starts it again on the same port. */
  startServer(): Promise<void>;
  /** Stops the cluster and deletes it. */
  dispose(): Promise<void>;
}

/** `migrated`: the desk's schema is made at once (else the app processes started on it make it). */
export async function startOwnPostgres(name: string, { migrated = false } = {}): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), `sportello-${name}-`));
  chmodSync(dir, 0o711); // the server's user must reach its own directory inside
  const clusterDir = join(dir, 'cluster');
  const cluster = await startPostgresCluster(clusterDir);
  const admin = new Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query('create database desk');
  await admin.end();
  if (migrated) {
    const pool = new Pool({ connectionString: cluster.url('desk') });
    await migratePostgres(pool);
    await pool.end();
  }
  return {
    cluster,
    deskUrl: cluster.url('desk'),
    stopServer: () => stopPostgresServer(clusterDir),
    startServer: () => startPostgresServer(clusterDir, cluster.port),
    async dispose() {
      await stopPostgresCluster(clusterDir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
