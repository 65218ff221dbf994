/**
 * Child process of the multi-process scheduler test: runs the due jobs of the database at `dbPath` (already
 * migrated, configured and filled by the parent) at `isoTime`, in small batches, until none is left, and
 * prints what it fired as one JSON line.
 *
 * Usage: node --import tsx test/core/scheduler/run-jobs-process.ts <dbPath> <isoTime> <leaseMs>
 *
 * It writes `ready` first and waits for a line on stdin, so the parent can release every child at once.
 */
import { childDesk, waitForRelease } from '../../support/child-desk.js';

const [dbPath, isoTime, leaseText] = process.argv.slice(2);
const leaseMs = Number(leaseText);
if (!dbPath || !isoTime || !Number.isInteger(leaseMs)) {
  process.stderr.write('usage: run-jobs-process.ts <dbPath> <isoTime> <leaseMs>\n');
  process.exit(2);
}

const { desk, close } = await childDesk(dbPath, isoTime);
await waitForRelease();

let fired = 0;
let failed = 0;
for (;;) {
  const run = await desk.runDueJobs({ batch: 4, leaseMs });
  fired += run.fired;
  failed += run.failed.length;
  if (!run.more) break;
  // Let the other processes take the write lock in between.
  await new Promise((resolve) => setTimeout(resolve, 1));
}
await close();
process.stdout.write(`${JSON.stringify({ pid: process.pid, fired, failed })}\n`);
