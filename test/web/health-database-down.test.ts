/**
 * The health check of a replica whose PostgreSQL server is down: the balancer is told at once (503, the
 * database unreachable), not after the desk's own queries have waited out their reconnection window (30 s).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type HealthServer, startHealthServer } from '../../src/web/health-server.js';
import { createTestDesk, type TestDesk } from '../support/desk.js';
import { type OwnPostgres, startOwnPostgres } from '../support/own-postgres.js';

let postgres: OwnPostgres;
let t: TestDesk;
let health: HealthServer;

beforeAll(async () => {
  postgres = await startOwnPostgres('health', { migrated: true });
  t = await createTestDesk(postgres.deskUrl);
  health = await startHealthServer(t.desk, 0, '127.0.0.1');
}, 60_000);

afterAll(async () => {
  await health?.close();
  await t?.close();
  await postgres?.dispose();
});

const askHealth = () => fetch(`http://127.0.0.1:${health.port}/healthz`);

it('answers 503 at once while the database is down, and 200 again once it is back', async () => {
  expect((await askHealth()).status).toBe(200);
  await postgres.stopServer();

  const asked = Date.now();
  const down = await askHealth();
  // Well within the 30 s the desk's queries wait for a server to come back: the check has its own 2 s.
  expect(Date.now() - asked).toBeLessThan(10_000);
  expect(down.status).toBe(503);
  expect(down.headers.get('content-type')).toBe('application/json');
  expect(await down.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });

  await postgres.startServer();
  const up = await askHealth();
  expect(up.status).toBe(200);
  expect(await up.json()).toMatchObject({ status: 'ok', database: 'ok' });
}, 60_000);
