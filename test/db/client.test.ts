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

  it('hands a reused statement back in its default mode, whatever the last caller did with it', () => {
    const sql = 'select 1 as one';
    expect(handle.sqlite.prepare(sql).raw().get()).toEqual([1]);
    expect(handle.sqlite.prepare(sql).get()).toEqual({ one: 1 });
    expect(handle.sqlite.prepare(sql)).toBe(handle.sqlite.prepare(sql));
  });

  it('keeps compiling statements correctly past the cache size', () => {
    for (let i = 0; i < 1500; i++) expect(handle.sqlite.prepare(`select ${i} as n`).get()).toEqual({ n: i });
    expect(handle.sqlite.prepare('select 3 as n').get()).toEqual({ n: 3 });
  });
});
