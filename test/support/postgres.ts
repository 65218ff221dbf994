// Fresh PostgreSQL databases for the tests, on one cluster per test run: the first test file that asks starts
// it (and migrates a template database), the others wait for it and use it; each database is a copy of the
// template (or empty), so a test file costs a CREATE DATABASE, not a server.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { inject } from 'vitest';
import { migratePostgres } from '../../src/db/pg/migrate.js';
import { clusterAt, type PostgresCluster, startPostgresCluster } from './postgres-cluster.js';
import { CLUSTER } from './postgres-global-setup.js';

/** Migrated once; every migrated test database is created from it. */
const TEMPLATE = 'sportello_template';
const STARTUP_WAIT_MS = 60_000;

let cluster: Promise<PostgresCluster> | undefined;
let databasesMade = 0;

/**
 * Creates a database of its own for the caller and returns its URL: migrated (the default) or, with
 * `{ migrated: false }`, empty.
 */
export async function freshPostgresDatabase(options: { migrated?: boolean } = {}): Promise<string> {
  cluster ??= sharedCluster();
  const server = await cluster;
  const name = `test_${process.pid}_${++databasesMade}`;
  const template = options.migrated === false ? 'template0' : TEMPLATE;
  await onServer(server, (client) => client.query(`create database "${name}" template "${template}"`));
  return server.url(name);
}

async function sharedCluster(): Promise<PostgresCluster> {
  const dir = inject('postgresDir');
  if (!dir) throw new Error('no postgresDir: run the tests with vitest.config.ts (its globalSetup)');
  const ready = join(dir, 'cluster.json');
  const failed = join(dir, 'failed.txt');
  try {
    // mkdir is atomic: one test process starts the cluster, the others wait for it.
    mkdirSync(join(dir, 'starting'));
  } catch {
    return waitForCluster(ready, failed);
  }
  try {
    chmodSync(dir, 0o711); // the server's user must reach its own directory inside
    const server = await startPostgresCluster(join(dir, CLUSTER));
    await migrateTemplate(server);
    writeFileSync(`${ready}.tmp`, JSON.stringify({ port: server.port }));
    renameSync(`${ready}.tmp`, ready);
    return server;
  } catch (error) {
    writeFileSync(failed, error instanceof Error ? (error.stack ?? error.message) : String(error));
    throw error;
  }
}

async function waitForCluster(ready: string, failed: string): Promise<PostgresCluster> {
  const deadline = Date.now() + STARTUP_WAIT_MS;
  while (Date.now() < deadline) {
    if (existsSync(ready))
      return clusterAt((JSON.parse(readFileSync(ready, 'utf8')) as { port: number }).port);
    if (existsSync(failed))
      throw new Error(`the test PostgreSQL cluster failed to start:\n${readFileSync(failed)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the test PostgreSQL cluster was not ready within ${STARTUP_WAIT_MS} ms`);
}

async function migrateTemplate(server: PostgresCluster): Promise<void> {
  await onServer(server, (client) => client.query(`create database "${TEMPLATE}"`));
  const pool = new Pool({ connectionString: server.url(TEMPLATE) });
  try {
    await migratePostgres(pool);
  } finally {
    await pool.end();
  }
  // Nobody may connect to it from now on: a database is copied only from a template nobody is connected to.
  await onServer(server, (client) =>
    client.query(`alter database "${TEMPLATE}" with allow_connections false`),
  );
}

async function onServer<T>(server: PostgresCluster, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: server.url('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
