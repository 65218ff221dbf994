import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/db/client.js';

let handle: DbHandle;
beforeEach(() => {
  handle = createDb(':memory:');
});
afterEach(() => handle.close());

describe('the database connection', () => {
  it('is migrated, in WAL-ready mode, with foreign keys and a busy timeout', () => {
    expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(handle.sqlite.pragma('busy_timeout', { simple: true })).toBe(15000);
    const tables = handle.sqlite.prepare("select name from sqlite_master where type = 'table'").all();
    expect(tables.map((t) => (t as { name: string }).name)).toEqual(
      expect.arrayContaining(['tickets', 'articles', 'history', 'outbox', 'scheduled_jobs', 'tickets_fts']),
    );
  });
});
