// Several app processes (`src/main.ts`, as `npm start` runs it) on one database, as behind a load balancer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { createDb, type Db } from '../../src/db/client.js';
import { createPgDb } from '../../src/db/pg/client.js';
import { type Tables, tablesOf } from '../../src/db/tables.js';
import { ChildApp, freePort } from '../resilience/support/child-app.js';
import { TEST_CONFIG } from './desk.js';
import { freshPostgresDatabase } from './postgres.js';

export type ReplicaDatabase = 'sqlite' | 'postgres';
export const REPLICA_DATABASES: ReplicaDatabase[] = ['sqlite', 'postgres'];

export interface Replicas {
  apps: ChildApp[];
  /** The HTTP port of each app (its receiver's in HTTP mode; its health endpoint's in Socket Mode). */
  ports: number[];
  /** The shared database, opened beside the apps, with its tables. */
  db: Db;
  tables: Tables;
  /** Outbox rows not yet delivered (nor given up), every lane. */
  pendingDeliveries(): Promise<number>;
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  database: ReplicaDatabase;
  /** A PostgreSQL URL to use instead of a fresh database on the shared test cluster. */
  postgresUrl?: string;
  count?: number;
  /** Environment of every app (Slack tokens, SMTP_URL…), over the database's and the configuration's. */
  env: Record<string, string>;
  /** Per app, over `env`. */
  envOf?: (index: number, port: number) => Record<string, string>;
  /** The log line each app prints once ready. */
  ready?: RegExp;
  /** The queues file of every app; default the test desk's. */
  config?: string;
}

/** Starts `count` (default 2) apps on one database with the test desk's configuration, together. */
export async function startReplicas(options: ReplicaOptions): Promise<Replicas> {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-replicas-'));
  const configPath = join(dir, 'sportello.yml');
  writeFileSync(configPath, options.config ?? TEST_CONFIG);
  const url =
    options.database === 'postgres'
      ? (options.postgresUrl ?? (await freshPostgresDatabase({ migrated: false })))
      : undefined;
  const database: Record<string, string> = url
    ? { DATABASE_URL: url }
    : { DATABASE_PATH: join(dir, 'sportello.db') };
  const count = options.count ?? 2;
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const apps = ports.map(
    (port, index) =>
      new ChildApp({
        ...database,
        SPORTELLO_CONFIG: configPath,
        MAIL_DIR: join(dir, `mail-${index}`),
        PORT: String(port),
        SCHEDULER_INTERVAL_SECONDS: '1',
        ...options.env,
        ...options.envOf?.(index, port),
      }),
  );
  try {
    // Together, as a load balancer's replicas start: they migrate the fresh database once between them.
    // Slow to start on a busy machine: tsx compiles the app first.
    await Promise.all(apps.map((app) => app.start(options.ready, 90_000)));
  } catch (error) {
    await Promise.all(apps.map((app) => app.kill()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const beside = url ? createPgDb(url, 2) : createDb(join(dir, 'sportello.db'));
  const db = 'current' in beside ? beside.current() : beside.db;
  const { outbox } = tablesOf(db);
  return {
    apps,
    ports,
    db,
    tables: tablesOf(db),
    pendingDeliveries: async () =>
      (await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.status, 'pending'))).length,
    async stop() {
      await Promise.all(apps.map((app) => app.kill()));
      await beside.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
