/**
 * Rows a change reads and then writes (a ticket, a scheduled job, the search index's progress) are locked
 * as they are read, so another change of the same row waits and then reads it as the first left it. SQLite
 * needs none: `BEGIN IMMEDIATE` already makes one change wait for the other. PostgreSQL runs changes at READ
 * COMMITTED, where a row lock does it, row by row, so changes of different tickets run side by side.
 */
import type { Db } from './client.js';
import { dialectOf, isInTransaction } from './tables.js';

interface Lockable<T> {
  for(strength: 'update' | 'no key update', config?: { skipLocked: true }): T;
}

/** `query`, reading rows it then changes: locked on PostgreSQL inside a change, as it is elsewhere. */
export function lockedForChange<T>(db: Db, query: T): T {
  if (dialectOf(db) !== 'postgres' || !isInTransaction(db)) return query;
  // The query was built with PostgreSQL's own builder (tablesOf): it has `for`, typed as SQLite's it does not.
  // NO KEY UPDATE (what an UPDATE leaving the keys alone takes): changes of the row still wait for each other,
  // but not for the KEY SHARE lock an insert referencing the row holds (a new ticket on its queue). With FOR
  // UPDATE, two new tickets of one automatically assigned queue deadlocked: each had inserted its ticket,
  // then waited for the other's reference to lock the queue's turn.
  return (query as unknown as Lockable<T>).for('no key update');
}

/**
 * `query`, taking rows to work on (due deliveries, due jobs) that another process may be taking at the same
 * moment: on PostgreSQL inside a change, the rows it finds are locked and those another process holds are
 * skipped (`FOR UPDATE SKIP LOCKED`), so two workers never wait on each other nor take the same row.
 */
export function skippingLocked<T>(db: Db, query: T): T {
  if (dialectOf(db) !== 'postgres' || !isInTransaction(db)) return query;
  return (query as unknown as Lockable<T>).for('update', { skipLocked: true });
}
