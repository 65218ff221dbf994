// The PostgreSQL database a benchmark runs on: a database of its own on the server of a URL, or on a throwaway
// PostgreSQL 15 cluster it starts itself (`--database postgres`), as the tests do.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { withoutPassword } from '../../src/db/pg/client.js';
import { startPostgresCluster, stopPostgresCluster } from '../../test/support/postgres-cluster.js';
import { serverCpuMs } from './proc.js';

export interface BenchPostgres {
  /** The benchmark's database (empty: the desk migrates it). */
  url: string;
  /** What it runs on, for the printed figures (no password). */
  description: string;
  /**
   * CPU milliseconds the server used so far (but for the connections whose server processes are `except`);
   * undefined when it is not this benchmark's own.
   */
  serverCpuMs(except?: number[]): number | undefined;
  /** Drops the database (or stops and deletes the cluster). */
  stop(): Promise<void>;
}

/** What `--database` says: SQLite (the default), a throwaway cluster, or a server's URL. */
export type DatabaseChoice = { kind: 'sqlite' } | { kind: 'postgres'; url?: string };

export function databaseChoice(value: string): DatabaseChoice | undefined {
  if (value === 'sqlite') return { kind: 'sqlite' };
  if (value === 'postgres') return { kind: 'postgres' };
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  return undefined;
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one benchmark run: `sportello_bench_<pid>_<time>` on the server of `url` (its user
 * must be allowed to create databases), dropped afterwards; without `url`, on a PostgreSQL 15 cluster started
 * for the run in a temp folder (fsync off, like the tests'), stopped and deleted afterwards.
 */
export async function benchPostgres(url?: string): Promise<BenchPostgres> {
  const name = `sportello_bench_${process.pid}_${Date.now()}`;
  if (url) {
    await onServer(url, `create database "${name}"`);
    const own = new URL(url);
    own.pathname = `/${name}`;
    return {
      url: own.toString(),
      description: withoutPassword(own.toString()),
      serverCpuMs: () => undefined,
      stop: () => onServer(url, `drop database "${name}" with (force)`),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-pg-'));
  chmodSync(dir, 0o711); // the server's user (postgres, when run as root) must reach its folder inside
  const clusterDir = join(dir, 'cluster');
  try {
    const cluster = await startPostgresCluster(clusterDir);
    await onServer(cluster.url('postgres'), `create database "${name}"`);
    const postmaster = Number(
      readFileSync(join(clusterDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    return {
      url: cluster.url(name),
      description: `a PostgreSQL 15 cluster of its own on 127.0.0.1:${cluster.port} (fsync off)`,
      serverCpuMs: (except) => serverCpuMs(postmaster, except),
      async stop() {
        await stopPostgresCluster(clusterDir);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (existsSync(join(clusterDir, 'data', 'postmaster.pid'))) await stopPostgresCluster(clusterDir);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
