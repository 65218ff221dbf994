import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueKeyOf } from '../../src/core/model.js';
import { createDb, type Db, type DbHandle } from '../../src/db/client.js';
import { insertReturning, insertRow, prepared, updateById } from '../../src/db/prepared.js';
import { calendars, outbox, queues } from '../../src/db/schema.js';

let handle: DbHandle;
beforeEach(() => {
  handle = createDb(':memory:');
});
afterEach(() => handle.close());

const queueByKey = (db: Db) =>
  db
    .select()
    .from(queues)
    .where(eq(queues.key, sql.placeholder('key')))
    .prepare();

const at = new Date('2026-11-30T09:00:00Z');

const WEEKDAY_MORNINGS = {
  hours: { mon: ['09:00-13:00'], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  holidays: { italianNational: false, dates: [] },
};

describe('prepared queries', () => {
  it('are built once per database and serve every operation on it, in transactions and savepoints', async () => {
    const outside = prepared(handle.db, queueByKey);
    expect(prepared(handle.db, queueByKey)).toBe(outside);
    const { connection, db } = handle;
    await connection.transaction(async () => {
      const queue = await insertReturning(db, queues, {
        key: queueKeyOf('reti'),
        name: 'Reti',
        updatedAt: at,
      });
      expect((await outside.execute({ key: 'reti' }))[0]?.name).toBe('Reti');
      const undone = connection.transaction(async () => {
        await updateById(db, queues, queue.id, { name: 'Wi-Fi' });
        expect((await outside.execute({ key: 'reti' }))[0]?.name).toBe('Wi-Fi');
        throw new Error('the savepoint is undone');
      });
      await expect(undone).rejects.toThrow('the savepoint is undone');
      expect((await outside.execute({ key: 'reti' }))[0]?.name).toBe('Reti');
    });
    const other = createDb(':memory:');
    expect(prepared(other.db, queueByKey)).not.toBe(outside);
    expect((await prepared(other.db, queueByKey).execute({ key: 'reti' }))[0]).toBeUndefined();
    other.close();
  });

  it('are not found from a transaction drizzle opened on its own (bypassing the connection lender)', () => {
    handle.db.transaction((tx) => {
      // @ts-expect-error: only createDb and transaction() open handles that find their database's queries
      expect(() => prepared(tx, queueByKey)).toThrow('a handle opened by createDb');
    });
  });

  it('insert, return and update rows with dates, flags, JSON and nulls as drizzle maps them', async () => {
    const queue = await insertReturning(handle.db, queues, {
      key: queueKeyOf('helpdesk'),
      name: 'Helpdesk',
      customerVisible: false,
      calendarId: null,
      updatedAt: at,
    });
    expect(queue).toMatchObject({ key: 'helpdesk', customerVisible: false, calendarId: null, updatedAt: at });
    expect(queue.level).toBe(1);

    await updateById(handle.db, queues, queue.id, {
      customerVisible: true,
      reopenWindowDays: null,
      name: 'Help',
    });
    expect((await prepared(handle.db, queueByKey).execute({ key: 'helpdesk' }))[0]).toMatchObject({
      name: 'Help',
      customerVisible: true,
      reopenWindowDays: null,
      updatedAt: at,
    });

    await insertRow(handle.db, calendars, {
      key: 'uffici',
      name: 'Uffici',
      timeZone: 'Europe/Rome',
      definition: WEEKDAY_MORNINGS,
    });
    expect((await handle.db.select().from(calendars))[0]?.definition).toEqual(WEEKDAY_MORNINGS);
  });

  it('tell rows of different columns apart: a second shape does not reuse the first', async () => {
    const payload = { topic: 'card.sync' as const, ticketId: 1 };
    handle.sqlite.pragma('foreign_keys = OFF');
    await insertRow(handle.db, outbox, {
      topic: 'card.sync',
      lane: 'slack',
      payload,
      nextAttemptAt: at,
      createdAt: at,
    });
    await insertRow(handle.db, outbox, {
      topic: 'card.sync',
      lane: 'slack',
      payload,
      ticketId: 1,
      leaseUntil: null,
      nextAttemptAt: at,
      createdAt: at,
    });
    const rows = await handle.db.select().from(outbox);
    expect(rows.map((r) => [r.ticketId, r.leaseUntil, r.payload])).toEqual([
      [null, null, payload],
      [1, null, payload],
    ]);
  });

  it('leave a row as it was when there is nothing to write', async () => {
    const queue = await insertReturning(handle.db, queues, {
      key: queueKeyOf('reti'),
      name: 'Reti',
      updatedAt: at,
    });
    await updateById(handle.db, queues, queue.id, {});
    expect((await prepared(handle.db, queueByKey).execute({ key: 'reti' }))[0]).toEqual(queue);
  });
});
