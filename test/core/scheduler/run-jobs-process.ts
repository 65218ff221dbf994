/**
 * Child process of the multi-process scheduler test: runs the due jobs of the database at `dbPath` (already
 * migrated, configured and filled by the parent) at `isoTime`, in small batches, until none is left, and
 * prints what it fired as one JSON line.
 *
 * Usage: node --import tsx test/core/scheduler/run-jobs-process.ts <dbPath> <isoTime> <leaseMs>
 *
 * It writes `ready` first and waits for a line on stdin, so the parent can release every child at once.
 */
import { createInterface } from 'node:readline';
import { ManualClock } from '../../../src/core/clock.js';
import { createHelpDesk } from '../../../src/core/help-desk.js';
import { createDb } from '../../../src/db/client.js';

const [dbPath, isoTime, leaseText] = process.argv.slice(2);
const leaseMs = Number(leaseText);
if (!dbPath || !isoTime || !Number.isInteger(leaseMs)) {
  process.stderr.write('usage: run-jobs-process.ts <dbPath> <isoTime> <leaseMs>\n');
  process.exit(2);
}

const handle = createDb(dbPath);
const desk = createHelpDesk({
  db: handle.db,
  clock: new ManualClock(new Date(isoTime)),
  systemId: '10',
  timeZone: 'Europe/Rome',
});

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
lines.close();

let fired = 0;
let failed = 0;
for (;;) {
  const run = desk.runDueJobs({ batch: 4, leaseMs });
  fired += run.fired;
  failed += run.failed.length;
  if (!run.more) break;
  // Let the other processes take the write lock in between.
  await new Promise((resolve) => setTimeout(resolve, 1));
}
handle.close();
process.stdout.write(`${JSON.stringify({ pid: process.pid, fired, failed })}\n`);
