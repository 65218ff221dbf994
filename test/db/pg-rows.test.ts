import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle as sqliteDrizzle } from 'drizzle-orm/better-sqlite3';
import { drizzle as pgDrizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueKeyOf, ticketNumberOf } from '../../src/core/model.js';
import { migrateSqlite } from '../../src/db/migrate-sqlite.js';
import * as pgSchema from '../../src/db/pg/schema.js';
import * as sqliteSchema from '../../src/db/schema.js';
import { ROOT } from '../support/child-process.js';
import { freshPostgresDatabase } from '../support/postgres.js';

const CREATED = new Date('2026-11-30T09:15:00.123Z');
const DEFINITION = {
  hours: { mon: ['09:00-17:00'], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  holidays: { dates: ['2026-12-25'], italianNational: true },
};
const BYTES = Buffer.from([0, 1, 2, 254, 255]);

// The same rows, written through each schema and read back.
const calendar = { key: 'rome', name: 'Roma', timeZone: 'Europe/Rome', definition: DEFINITION };
const queue = { key: queueKeyOf('helpdesk'), name: 'Helpdesk', calendarId: 1, updatedAt: CREATED };
const customer = { name: 'Maria Rossi', email: 'maria@example.org', createdAt: CREATED };
const ticket = {
  number: ticketNumberOf('2026113010000018'),
  title: 'Il Wi-Fi non funziona',
  state: 'new' as const,
  working: true,
  queueId: 1,
  customerId: 1,
  createdAt: CREATED,
  updatedAt: CREATED,
};
const article = {
  ticketId: 1,
  articleNumber: 1,
  senderType: 'customer' as const,
  channel: 'email' as const,
  customerVisible: true,
  body: 'Buongiorno, il Wi-Fi è lento.',
  createdAt: CREATED,
};
const attachment = {
  articleId: 1,
  filename: 'log.bin',
  contentType: 'application/octet-stream',
  sizeBytes: 5,
};
const outboxRow = {
  topic: 'card.sync' as const,
  payload: { topic: 'card.sync' as const, ticketId: 1 },
  ticketId: 1,
  nextAttemptAt: CREATED,
  createdAt: CREATED,
};

let pool: Pool;
let sqlite: Database.Database;
const sqliteDb = () => sqliteDrizzle(sqlite, { schema: sqliteSchema });
const pgDb = () => pgDrizzle(pool, { schema: pgSchema });

beforeAll(async () => {
  pool = new Pool({ connectionString: await freshPostgresDatabase() });
  sqlite = new Database(':memory:');
  migrateSqlite(sqliteDb(), ':memory:', join(ROOT, 'src/db/migrations'));

  const s = sqliteDb();
  s.insert(sqliteSchema.calendars).values(calendar).run();
  s.insert(sqliteSchema.queues).values(queue).run();
  s.insert(sqliteSchema.customers).values(customer).run();
  s.insert(sqliteSchema.tickets).values(ticket).run();
  s.insert(sqliteSchema.articles).values(article).run();
  s.insert(sqliteSchema.attachments)
    .values({ ...attachment, content: BYTES })
    .run();
  s.insert(sqliteSchema.outbox).values(outboxRow).run();

  const p = pgDb();
  await p.insert(pgSchema.calendars).values(calendar);
  await p.insert(pgSchema.queues).values(queue);
  await p.insert(pgSchema.customers).values(customer);
  await p.insert(pgSchema.tickets).values(ticket);
  await p.insert(pgSchema.articles).values(article);
  await p.insert(pgSchema.attachments).values({ ...attachment, content: BYTES });
  await p.insert(pgSchema.outbox).values(outboxRow);
});

afterAll(async () => {
  sqlite?.close();
  await pool?.end();
});

/** Each table's rows through the SQLite schema, then through the PostgreSQL one. */
const readers = {
  calendars: [
    () => sqliteDb().select().from(sqliteSchema.calendars).all(),
    () => pgDb().select().from(pgSchema.calendars),
  ],
  queues: [
    () => sqliteDb().select().from(sqliteSchema.queues).all(),
    () => pgDb().select().from(pgSchema.queues),
  ],
  customers: [
    () => sqliteDb().select().from(sqliteSchema.customers).all(),
    () => pgDb().select().from(pgSchema.customers),
  ],
  tickets: [
    () => sqliteDb().select().from(sqliteSchema.tickets).all(),
    () => pgDb().select().from(pgSchema.tickets),
  ],
  articles: [
    () => sqliteDb().select().from(sqliteSchema.articles).all(),
    () => pgDb().select().from(pgSchema.articles),
  ],
  attachments: [
    () => sqliteDb().select().from(sqliteSchema.attachments).all(),
    () => pgDb().select().from(pgSchema.attachments),
  ],
  outbox: [
    () => sqliteDb().select().from(sqliteSchema.outbox).all(),
    () => pgDb().select().from(pgSchema.outbox),
  ],
} as const;

describe('a row read through either schema', () => {
  for (const [table, [readSqlite, readPg]] of Object.entries(readers)) {
    it(`${table}: has the same JS shape and values (dates, flags, JSON, bytes, defaults)`, async () => {
      const fromSqlite: unknown[] = readSqlite();
      expect(fromSqlite).toHaveLength(1);
      expect(await readPg()).toEqual(fromSqlite);
    });
  }

  it('keeps times as epoch milliseconds, so raw SQL compares them with numbers on both', async () => {
    const created = CREATED.getTime();
    const sqliteDue = (at: number) =>
      sqliteDb()
        .select({ id: sqliteSchema.tickets.id })
        .from(sqliteSchema.tickets)
        .where(sql`${sqliteSchema.tickets.createdAt} <= ${at}`)
        .all();
    const pgDue = (at: number) =>
      pgDb()
        .select({ id: pgSchema.tickets.id })
        .from(pgSchema.tickets)
        .where(sql`${pgSchema.tickets.createdAt} <= ${at}`);
    expect(sqliteDue(created - 1)).toEqual([]);
    expect(await pgDue(created - 1)).toEqual([]);
    expect(sqliteDue(created)).toEqual([{ id: 1 }]);
    expect(await pgDue(created)).toEqual([{ id: 1 }]);
  });
});
