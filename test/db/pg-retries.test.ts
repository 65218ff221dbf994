/**
 * Which failures a change on PostgreSQL is run again for: a race on a key the change looks up first (the
 * second run finds the winner's row), not a unique key the change itself breaks, which would break it again.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPgDb, type PgHandle } from '../../src/db/pg/client.js';
import { tablesOf } from '../../src/db/tables.js';
import { freshPostgresDatabase } from '../support/postgres.js';

const CREATED = new Date('2026-11-30T09:15:00Z');
const ROME = {
  key: 'rome',
  name: 'Roma',
  timeZone: 'Europe/Rome',
  definition: {
    hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    holidays: { dates: [], italianNational: true },
  },
};
let handle: PgHandle;

beforeAll(async () => {
  handle = createPgDb(await freshPostgresDatabase(), 2);
  const db = handle.current();
  const { calendars, customers } = tablesOf(db);
  await db.insert(calendars).values(ROME);
  await db.insert(customers).values({ name: 'Maria Rossi', email: 'maria@example.org', createdAt: CREATED });
}, 60_000);

afterAll(async () => {
  await handle?.close();
});

it('a customer inserted by another process meanwhile: run again, the change finds it', async () => {
  let runs = 0;
  const id = await handle.connection.transaction(async () => {
    runs += 1;
    const db = handle.current();
    const { customers } = tablesOf(db);
    // The first run looked before the other process committed its row, and inserts the same customer.
    if (runs === 1) {
      await db.insert(customers).values({ name: 'Maria', email: 'maria@example.org', createdAt: CREATED });
    }
    const [found] = await db.select().from(customers).where(eq(customers.email, 'maria@example.org'));
    return found?.id;
  });
  expect(runs).toBe(2);
  expect(id).toBeDefined();
});

it('a unique key the change itself breaks: refused on the first run, not run again', async () => {
  let runs = 0;
  const inserting = handle.connection.transaction(async () => {
    runs += 1;
    const db = handle.current();
    const { calendars } = tablesOf(db);
    await db.insert(calendars).values(ROME);
  });
  await expect(inserting).rejects.toMatchObject({ cause: { code: '23505' } });
  expect(runs).toBe(1);
});
