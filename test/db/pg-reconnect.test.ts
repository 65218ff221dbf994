import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../src/db/pg/migrate.js';
import { createTestDesk, openSimple, type TestDesk } from '../support/desk.js';
import {
  type PostgresCluster,
  startPostgresCluster,
  startPostgresServer,
  stopPostgresCluster,
  stopPostgresServer,
} from '../support/postgres-cluster.js';

// A cluster of this file's own: restarting it must not disturb the other tests' databases.
let dir: string;
let cluster: PostgresCluster;
let t: TestDesk;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-pg-restart-'));
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
}, 60_000);

afterAll(async () => {
  await t?.close();
  await stopPostgresCluster(join(dir, 'cluster'));
  rmSync(dir, { recursive: true, force: true });
});

describe('the desk on PostgreSQL when the server restarts', () => {
  it('keeps working: what is asked while the server is down waits for it and then runs once', async () => {
    const first = await openSimple(t, undefined, 'helpdesk', 'Before the restart');
    // The pool's connections are idle now: the server closes them as it stops.
    await stopPostgresServer(join(dir, 'cluster'));
    const opening = openSimple(t, undefined, 'helpdesk', 'During the restart');
    const listing = t.desk.getTicket({ kind: 'system', label: 'test' }, first.ticket.number);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await startPostgresServer(join(dir, 'cluster'), cluster.port);

    const during = await opening;
    expect((await listing).ticket.title).toBe('Before the restart');
    const after = await openSimple(t, undefined, 'helpdesk', 'After the restart');
    const titles = await t.db.select({ title: t.tables.tickets.title }).from(t.tables.tickets);
    expect(titles.map((row) => row.title).sort()).toEqual([
      'After the restart',
      'Before the restart',
      'During the restart',
    ]);
    expect(new Set([first.ticket.number, during.ticket.number, after.ticket.number]).size).toBe(3);
  }, 60_000);
});
