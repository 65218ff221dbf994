import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type DbHandle, type DbOrTx, transaction } from '../../src/db/client.js';
import { insertReturning, insertRow, prepared, updateById } from '../../src/db/prepared.js';
import { calendars, outbox, queues } from '../../src/db/schema.js';

let handle: DbHandle;
beforeEach(() => {
  handle = createDb(':memory:');
});
afterEach(() => handle.close());

const queueByKey = (db: DbOrTx) =>
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
  it('are built once per database and serve its transactions and savepoints, inside them', () => {
    const outside = prepared(handle.db, queueByKey);
    expect(prepared(handle.db, queueByKey)).toBe(outside);
    transaction(handle.db, (tx) => {
      const queue = insertReturning(tx, queues, { key: 'reti', name: 'Reti', updatedAt: at });
      expect(prepared(tx, queueByKey)).toBe(outside);
      expect(outside.get({ key: 'reti' })?.name).toBe('Reti');
      const undone = () =>
        transaction(tx, (savepoint) => {
          expect(prepared(savepoint, queueByKey)).toBe(outside);
          updateById(savepoint, queues, queue.id, { name: 'Wi-Fi' });
          expect(outside.get({ key: 'reti' })?.name).toBe('Wi-Fi');
          throw new Error('the savepoint is undone');
        });
      expect(undone).toThrow('the savepoint is undone');
      expect(outside.get({ key: 'reti' })?.name).toBe('Reti');
    });
    const other = createDb(':memory:');
    expect(prepared(other.db, queueByKey)).not.toBe(outside);
    expect(prepared(other.db, queueByKey).get({ key: 'reti' })).toBeUndefined();
    other.close();
  });

  it('are not found from a transaction drizzle opened on its own', () => {
    handle.db.transaction((tx) => {
      // @ts-expect-error: only createDb and transaction() open handles that find their database's queries
      expect(() => prepared(tx, queueByKey)).toThrow('a handle opened by createDb or transaction');
    });
  });

  it('insert, return and update rows with dates, flags, JSON and nulls as drizzle maps them', () => {
    const queue = insertReturning(handle.db, queues, {
      key: 'helpdesk',
      name: 'Helpdesk',
      customerVisible: false,
      calendarId: null,
      updatedAt: at,
    });
    expect(queue).toMatchObject({ key: 'helpdesk', customerVisible: false, calendarId: null, updatedAt: at });
    expect(queue.level).toBe(1);

    updateById(handle.db, queues, queue.id, { customerVisible: true, reopenWindowDays: null, name: 'Help' });
    expect(prepared(handle.db, queueByKey).get({ key: 'helpdesk' })).toMatchObject({
      name: 'Help',
      customerVisible: true,
      reopenWindowDays: null,
      updatedAt: at,
    });

    insertRow(handle.db, calendars, {
      key: 'uffici',
      name: 'Uffici',
      timeZone: 'Europe/Rome',
      definition: WEEKDAY_MORNINGS,
    });
    expect(handle.db.select().from(calendars).get()?.definition).toEqual(WEEKDAY_MORNINGS);
  });

  it('tell rows of different columns apart: a second shape does not reuse the first', () => {
    const payload = { topic: 'card.sync' as const, ticketId: 1 };
    handle.sqlite.pragma('foreign_keys = OFF');
    insertRow(handle.db, outbox, {
      topic: 'card.sync',
      lane: 'slack',
      payload,
      nextAttemptAt: at,
      createdAt: at,
    });
    insertRow(handle.db, outbox, {
      topic: 'card.sync',
      lane: 'slack',
      payload,
      ticketId: 1,
      leaseUntil: null,
      nextAttemptAt: at,
      createdAt: at,
    });
    const rows = handle.db.select().from(outbox).all();
    expect(rows.map((r) => [r.ticketId, r.leaseUntil, r.payload])).toEqual([
      [null, null, payload],
      [1, null, payload],
    ]);
  });

  it('leave a row as it was when there is nothing to write', () => {
    const queue = insertReturning(handle.db, queues, { key: 'reti', name: 'Reti', updatedAt: at });
    updateById(handle.db, queues, queue.id, {});
    expect(prepared(handle.db, queueByKey).get({ key: 'reti' })).toEqual(queue);
  });
});
