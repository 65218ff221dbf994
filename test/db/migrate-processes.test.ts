import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Child, ROOT, startChild } from '../support/child-process.js';

const PROCESSES = 3;
/** Each child opens these in turn: the children race on every one (a race of timing: 2 runs in 9 failed). */
const FILES = 5;

const journal = JSON.parse(readFileSync(join(ROOT, 'src/db/migrations/meta/_journal.json'), 'utf8')) as {
  entries: unknown[];
};

let dir: string;
let children: Child<{ pid: number }>[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-migrate-'));
});
afterEach(() => {
  for (const child of children) if (child.process.exitCode === null) child.process.kill();
  children = [];
  rmSync(dir, { recursive: true, force: true });
});

describe('processes starting together on a fresh SQLite file', () => {
  it('all start, and the migrations are applied once', async () => {
    const dbPaths = Array.from({ length: FILES }, (_, file) => join(dir, `desk-${file}.db`));
    children = Array.from({ length: PROCESSES }, () =>
      startChild<{ pid: number }>('test/support/migrate-process.ts', dbPaths),
    );
    await Promise.all(children.map((child) => child.ready));
    for (const child of children) child.go();
    await Promise.all(children.map((child) => child.done));

    for (const dbPath of dbPaths) {
      const sqlite = new Database(dbPath, { readonly: true });
      try {
        const applied = sqlite.prepare('select count(*) as count from __drizzle_migrations').get();
        expect(applied).toEqual({ count: journal.entries.length });
        const agents = sqlite
          .prepare("select count(*) as count from sqlite_master where name = 'agents'")
          .get();
        expect(agents).toEqual({ count: 1 });
      } finally {
        sqlite.close();
      }
    }
  }, 30_000);
});
