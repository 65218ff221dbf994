import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { type Child, startChild } from '../../support/child-process.js';
import { sharedTestDatabase } from '../../support/desk.js';
import { open, slaDesk } from '../sla/sla-desk.js';

const PROCESSES = 3;
const TICKETS = 40;

let dir: string;
let children: Child<{ fired: number; failed: number }>[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-jobs-'));
});
afterEach(() => {
  for (const child of children) if (child.process.exitCode === null) child.process.kill();
  children = [];
  rmSync(dir, { recursive: true, force: true });
});

describe('the scheduler across processes', () => {
  // Lease 0: every runner tries every due job at once; only the transaction that re-reads the job stands
  // between them and a double notice. A long lease: the runners share out the jobs.
  it.each([0, 60_000])(
    'fires each due job exactly once with %i ms leases and three processes on one file',
    async (leaseMs) => {
      const dbPath = await sharedTestDatabase(dir);
      const t = await slaDesk('2026-02-09T10:00:00+01:00', dbPath);
      for (let i = 0; i < TICKETS; i++) await open(t, 'helpdesk', `Richiesta ${i}`);
      await t.close();

      // Tuesday 9:00: first response and update (warning and breach) of every ticket are due.
      const due = TICKETS * 4;
      children = Array.from({ length: PROCESSES }, () =>
        startChild<{ fired: number; failed: number }>('test/core/scheduler/run-jobs-process.ts', [
          dbPath,
          '2026-02-10T08:00:00Z',
          String(leaseMs),
        ]),
      );
      await Promise.all(children.map((c) => c.ready));
      for (const child of children) child.go();
      const results = await Promise.all(children.map((c) => c.done));

      expect(results.reduce((sum, r) => sum + r.fired, 0)).toBe(due);
      expect(results.every((r) => r.failed === 0)).toBe(true);
      const check = await slaDesk('2026-02-10T08:00:00Z', dbPath);
      try {
        const { history, scheduledJobs } = check.tables;
        const escalations = (
          await check.db.select({ ticketId: history.ticketId, event: history.event }).from(history)
        ).filter((row) => row.event.startsWith('Escalation'));
        expect(escalations).toHaveLength(due);
        expect(new Set(escalations.map((row) => `${row.ticketId} ${row.event}`)).size).toBe(due);
        const jobs = await check.db.select({ status: scheduledJobs.status }).from(scheduledJobs);
        expect(jobs.filter((job) => job.status === 'done')).toHaveLength(due);
      } finally {
        await check.close();
      }
    },
    60_000,
  );
});
