import { createInterface } from 'node:readline';
import { ManualClock } from '../../src/core/clock.js';
import { createHelpDesk, type HelpDesk } from '../../src/core/help-desk.js';
import { createDb } from '../../src/db/client.js';

/**
 * For the child processes of the multi-process tests: the test desk on the database at `dbPath` (migrated
 * and configured by the parent), its clock standing at `isoTime`.
 */
export function childDesk(dbPath: string, isoTime: string): { desk: HelpDesk; close(): void } {
  const handle = createDb(dbPath);
  const desk = createHelpDesk({
    db: handle.db,
    connection: handle.connection,
    clock: new ManualClock(new Date(isoTime)),
    systemId: '10',
    timeZone: 'Europe/Rome',
  });
  return { desk, close: () => handle.close() };
}

/** Says `ready` and waits for a line on stdin, so the parent can release every child at once. */
export async function waitForRelease(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();
}
