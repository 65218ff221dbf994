import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDesk, sharedTestDatabase, TEST_DATABASE, type TestDesk } from '../support/desk.js';

const MINUTE = 60_000;
const START = new Date('2026-12-01T08:00:00Z');
const at = (ms: number) => new Date(START.getTime() + ms);

let dir: string;
let desks: TestDesk[] = [];
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-turns-'));
  const database = await sharedTestDatabase(dir);
  // Two replicas' desks on one database.
  desks = [await createTestDesk(database), await createTestDesk(database)];
}, 60_000);
afterEach(async () => {
  for (const desk of desks) await desk.close();
  desks = [];
  rmSync(dir, { recursive: true, force: true });
});

const turn = (index: number, now: Date) =>
  (desks[index] as TestDesk).desk.takePeriodicTurn({ task: 'slack_presence', intervalMs: MINUTE, now });

describe('a periodic task shared by replicas', () => {
  it('is done by one replica per interval, whichever asks first once it is due', async () => {
    expect(await turn(0, at(0))).toBe(true);
    expect(await turn(1, at(1_000))).toBe(false);
    expect(await turn(0, at(30_000))).toBe(false);
    // The replicas' timers run at the same interval: the next one to fire once the interval has (nearly) passed.
    expect(await turn(1, at(MINUTE - 1_000))).toBe(true);
    expect(await turn(0, at(MINUTE))).toBe(false);
    expect(await turn(0, at(2 * MINUTE))).toBe(true);
    expect(await turn(1, at(2 * MINUTE + 5))).toBe(false);
  });

  // On PostgreSQL the replicas' transactions run side by side and meet at the row (skipped, not waited for).
  // SQLite runs one write transaction at a time (two apps on one file: test/app/replicas-presence), and two
  // handles of one file in one process would only wait on each other.
  it.runIf(TEST_DATABASE === 'postgres')(
    'asked by both replicas at the same moment, goes to one of them',
    async () => {
      for (let round = 0; round < 5; round++) {
        const now = at(round * MINUTE);
        const answers = await Promise.all([turn(0, now), turn(1, now), turn(0, now), turn(1, now)]);
        expect(answers.filter(Boolean)).toHaveLength(1);
      }
    },
  );

  it('is due again at once after a clock was put back past it', async () => {
    expect(await turn(0, at(10 * MINUTE))).toBe(true);
    expect(await turn(1, at(0))).toBe(true);
    expect(await turn(0, at(30_000))).toBe(false);
  });
});
