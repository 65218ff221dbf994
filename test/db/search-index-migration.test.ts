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
import { queueKeyOf } from '../../src/core/model.js';
import { createDb } from '../../src/db/client.js';
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

it('upgrading keeps what the per-row triggers indexed, and indexes only what comes after', async () => {
  const path = join(dir, 'desk.db');
  const config = parseQueuesConfig(TEST_CONFIG, 'test.yml');
  const old = new Database(path);
  const oldDb = drizzle(old, { schema });
  migrate(oldDb, { migrationsFolder: migrationsBeforeBatchedIndexing() });
  // A queue and a ticket written by the desk of then (the code of now would write columns that did not exist
  // yet); the queues file is applied once upgraded.
  const at = START.getTime();
  old.exec(`insert into queues (key, name, updated_at) values ('helpdesk', 'Helpdesk', ${at})`);
  old.exec(
    `insert into customers (slack_user_id, name, notify_via, created_at) values ('U0STUDENT1', 'Sofia', 'dm', ${at})`,
  );
  old.exec(`insert into tickets (number, title, state, working, priority, queue_id, customer_id, article_count,
      created_at, updated_at) values ('2026113010000013', 'Scanner guasto', 'new', 1, 3,
      (select id from queues where key = 'helpdesk'), 1, 1, ${at}, ${at})`);
  old.exec(`insert into articles (ticket_id, article_number, sender_type, channel, customer_visible, body, created_at)
      values (1, 1, 'customer', 'slack', 1, 'Scanner guasto: non funziona.', ${at})`);
  old.close();

  const upgraded = createDb(path);
  const desk = createHelpDesk({
    db: upgraded.db,
    connection: upgraded.connection,
    clock: new ManualClock(START),
    systemId: '10',
    timeZone: 'Europe/Rome',
  });
  await desk.syncQueuesConfig(config);
  const progress = () => upgraded.sqlite.prepare('select * from search_index_progress').all();
  expect(progress()).toEqual([{ id: 1, tickets_up_to: 1, articles_up_to: 1 }]);
  await desk.openTicket(student, {
    queueKey: queueKeyOf('helpdesk'),
    title: 'Scanner lento',
    article: { channel: 'slack', body: 'Scanner lento: non funziona.' },
  });
  expect(await desk.searchTickets(maria, 'scanner')).toHaveLength(2);
  expect(progress()).toEqual([{ id: 1, tickets_up_to: 2, articles_up_to: 2 }]);
  // Each row is in the index once: the index agrees with its content tables.
  upgraded.sqlite.exec(`insert into tickets_fts(tickets_fts, rank) values ('integrity-check', 1)`);
  upgraded.sqlite.exec(`insert into articles_fts(articles_fts, rank) values ('integrity-check', 1)`);
  upgraded.close();
});
