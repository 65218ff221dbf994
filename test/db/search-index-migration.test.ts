import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseQueuesConfig } from '../../src/config/queues-file.js';
import { ManualClock } from '../../src/core/clock.js';
import { createHelpDesk } from '../../src/core/help-desk.js';
import { syncQueuesConfig } from '../../src/core/queue-sync.js';
import { createDb, type Db } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';
import { maria, START, student, TEST_CONFIG } from '../support/desk.js';

const MIGRATIONS = join(import.meta.dirname, '../../src/db/migrations');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-migration-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The migrations folder as it was before batched full-text indexing (0000–0006). */
function migrationsBeforeBatchedIndexing(): string {
  const folder = join(dir, 'migrations');
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalPath = join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0007');
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

it('upgrading keeps what the per-row triggers indexed, and indexes only what comes after', () => {
  const path = join(dir, 'desk.db');
  const config = parseQueuesConfig(TEST_CONFIG, 'test.yml');
  const open = (db: Db, title: string) =>
    createHelpDesk({ db, clock: new ManualClock(START), systemId: '10', timeZone: 'Europe/Rome' }).openTicket(
      student,
      { queueKey: 'helpdesk', title, article: { channel: 'slack', body: `${title}: non funziona.` } },
    );

  const old = new Database(path);
  const oldDb = drizzle(old, { schema });
  migrate(oldDb, { migrationsFolder: migrationsBeforeBatchedIndexing() });
  syncQueuesConfig(oldDb, config, START);
  open(oldDb, 'Scanner guasto');
  old.close();

  const upgraded = createDb(path);
  const progress = () => upgraded.sqlite.prepare('select * from search_index_progress').all();
  expect(progress()).toEqual([{ id: 1, tickets_up_to: 1, articles_up_to: 1 }]);
  open(upgraded.db, 'Scanner lento');
  const desk = createHelpDesk({
    db: upgraded.db,
    clock: new ManualClock(START),
    systemId: '10',
    timeZone: 'Europe/Rome',
  });
  expect(desk.searchTickets(maria, 'scanner')).toHaveLength(2);
  expect(progress()).toEqual([{ id: 1, tickets_up_to: 2, articles_up_to: 2 }]);
  // Each row is in the index once: the index agrees with its content tables.
  upgraded.sqlite.exec(`insert into tickets_fts(tickets_fts, rank) values ('integrity-check', 1)`);
  upgraded.sqlite.exec(`insert into articles_fts(articles_fts, rank) values ('integrity-check', 1)`);
  upgraded.close();
});
