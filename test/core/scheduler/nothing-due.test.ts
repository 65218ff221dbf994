/**
 * The delivery workers and the scheduler poll every few seconds in every process. On SQLite a write
 * transaction takes the whole file's lock: a poll with nothing to do must not take it, or every idle process
 * would queue behind (and hold up) the ones doing work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDesk, openSimple, TEST_DATABASE, type TestDesk } from '../../support/desk.js';

// SQLite's lock only: PostgreSQL locks rows.
describe.runIf(TEST_DATABASE === 'sqlite')('a poll with nothing due', () => {
  let dir: string;
  let t: TestDesk;
  let otherProcess: Database.Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-nothing-due-'));
    t = await createTestDesk(join(dir, 'desk.db'));
    otherProcess = new Database(join(dir, 'desk.db'));
  });
  afterEach(async () => {
    if (otherProcess.inTransaction) otherProcess.exec('ROLLBACK');
    otherProcess.close();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const lease = () =>
    t.desk.leaseDeliveries({ lanes: ['slack', 'email'], limit: 10, leaseMs: 60_000, now: new Date() });

  it('polls with nothing due take no write lock: they answer while another process holds it', async () => {
    otherProcess.exec('BEGIN IMMEDIATE');
    expect(await lease()).toEqual([]);
    expect(await t.desk.runDueJobs()).toMatchObject({ fired: 0, failed: [], more: false });
    otherProcess.exec('COMMIT');

    // With work due, the poll takes the lock and leases it, as before.
    await openSimple(t, undefined, 'helpdesk', 'Il Wi-Fi non funziona');
    expect((await lease()).length).toBeGreaterThan(0);
  });
});
