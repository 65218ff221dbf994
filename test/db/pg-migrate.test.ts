import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../src/db/pg/migrate.js';
import * as pgSchema from '../../src/db/pg/schema.js';
import { ROOT } from '../support/child-process.js';
import { freshPostgresDatabase } from '../support/postgres.js';
import { tablesOf } from './schema-shape.js';

const REPLICAS = 4;

const journal = JSON.parse(readFileSync(join(ROOT, 'src/db/migrations-pg/meta/_journal.json'), 'utf8')) as {
  entries: unknown[];
};

let pools: Pool[] = [];
afterEach(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  pools = [];
});

describe('migratePostgres', () => {
  it('migrates a fresh database once when several replicas start together', async () => {
    const url = await freshPostgresDatabase({ migrated: false });
    // One pool each, as each replica has its own connections.
    pools = Array.from({ length: REPLICAS }, () => new Pool({ connectionString: url }));
    await Promise.all(pools.map((pool) => migratePostgres(pool)));

    const [pool] = pools;
    if (!pool) throw new Error('no pool');
    const count = async (query: string) => (await pool.query<{ count: number }>(query)).rows[0]?.count;
    expect(await count('select count(*)::int as count from drizzle.__drizzle_migrations')).toBe(
      journal.entries.length,
    );
    // The schema's tables and the full-text index's (migration 0002), which drizzle does not declare.
    expect(await count("select count(*)::int as count from pg_tables where schemaname = 'public'")).toBe(
      tablesOf(pgSchema).size + ['tickets_search', 'articles_search'].length,
    );
    expect((await pool.query('select * from search_index_progress')).rows).toEqual([
      { id: 1, tickets_up_to: 0, articles_up_to: 0 },
    ]);

    // A replica started later finds nothing to do.
    await migratePostgres(pool);
    expect(await count('select count(*)::int as count from drizzle.__drizzle_migrations')).toBe(
      journal.entries.length,
    );
  });

  it('gives the next migration the lock after a failed one', async () => {
    const url = await freshPostgresDatabase({ migrated: false });
    pools = [new Pool({ connectionString: url }), new Pool({ connectionString: url })];
    const [first, second] = pools;
    if (!first || !second) throw new Error('no pools');
    await expect(migratePostgres(first, join(ROOT, 'no-such-migrations'))).rejects.toThrow();
    await migratePostgres(second);
    expect(
      (await second.query('select count(*)::int as count from drizzle.__drizzle_migrations')).rows,
    ).toEqual([{ count: journal.entries.length }]);
  });
});
