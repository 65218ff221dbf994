import { createInterface } from 'node:readline';
import { ManualClock } from '../../src/core/clock.js';
import { type OpenedDesk, openHelpDesk } from '../../src/core/help-desk.js';

/**
 * For the child processes of the multi-process tests: the test desk on the database at `location` (a SQLite
 * file, or a postgres:// URL; migrated and configured by the parent), its clock standing at `isoTime`.
 */
export function childDesk(location: string, isoTime: string): Promise<OpenedDesk> {
  return openHelpDesk({
    database: location.startsWith('postgres://') ? { url: location, poolSize: 2 } : { path: location },
    clock: new ManualClock(new Date(isoTime)),
    systemId: '10',
    timeZone: 'Europe/Rome',
  });
}

/** Says `ready` and waits for a line on stdin, so the parent can release every child at once. */
export async function waitForRelease(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();
}
