/**
 * The health check of a replica whose PostgreSQL server is down: the balancer is told at once (503, the
 * database unreachable), not after the desk's own queries have waited out their reconnection window (30 s).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migratePostgres } from '../../src/db/pg/migrate.js';
import { type HealthServer, startHealthServer } from '../../src/web/health-server.js';
import { createTestDesk, type TestDesk } from '../support/desk.js';
import {
  type PostgresCluster,
  startPostgresCluster,
  startPostgresServer,
  stopPostgresCluster,
  stopPostgresServer,
} from '../support/postgres-cluster.js';

// A cluster of this file's own: stopping it must not disturb the other tests' databases.
let dir: string;
let cluster: PostgresCluster;
let t: TestDesk;
let health: HealthServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-health-'));
  chmodSync(dir, 0o711); // the server's user must reach its own directory inside
  cluster = await startPostgresCluster(join(dir, 'cluster'));
  const admin = new Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query('create database desk');
  await admin.end();
  const pool = new Pool({ connectionString: cluster.url('desk') });
  await migratePostgres(pool);
  await pool.end();
  t = await createTestDesk(cluster.url('desk'));
  health = await startHealthServer(t.desk, 0, '127.0.0.1');
}, 60_000);

afterAll(async () => {
  await health?.close();
  await t?.close();
  await stopPostgresCluster(join(dir, 'cluster'));
  rmSync(dir, { recursive: true, force: true });
});

const askHealth = () => fetch(`http://127.0.0.1:${health.port}/healthz`);

it('answers 503 at once while the database is down, and 200 again once it is back', async () => {
  expect((await askHealth()).status).toBe(200);
  await stopPostgresServer(join(dir, 'cluster'));

  const asked = Date.now();
  const down = await askHealth();
  // Well within the 30 s the desk's queries wait for a server to come back: the check has its own 2 s.
  expect(Date.now() - asked).toBeLessThan(10_000);
  expect(down.status).toBe(503);
  expect(down.headers.get('content-type')).toBe('application/json');
  expect(await down.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });

  await startPostgresServer(join(dir, 'cluster'), cluster.port);
  const up = await askHealth();
  expect(up.status).toBe(200);
  expect(await up.json()).toMatchObject({ status: 'ok', database: 'ok' });
}, 60_000);
