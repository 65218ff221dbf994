/**
 * Child process of the migration race test: opens (creating and migrating) each SQLite database of `dbPaths` in
 * turn, as an app process does at start, and prints one JSON line. Children given the same paths race on each.
 *
 * Usage: node --import tsx test/support/migrate-process.ts <dbPath>...
 *
 * It writes `ready` first and waits for a line on stdin, so the parent can release every child at once.
 */
import { createDb } from '../../src/db/client.js';
import { waitForRelease } from './child-desk.js';

const dbPaths = process.argv.slice(2);
if (dbPaths.length === 0) {
  process.stderr.write('usage: migrate-process.ts <dbPath>...\n');
  process.exit(2);
}

await waitForRelease();
for (const dbPath of dbPaths) createDb(dbPath).close();
process.stdout.write(`${JSON.stringify({ pid: process.pid })}\n`);
