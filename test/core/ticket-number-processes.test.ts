import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/core/context.js';
import { formatTicketNumber, isValidTicketNumber } from '../../src/core/ticket-number.js';
import { type Child, startChild } from '../support/child-process.js';
import {
  createTestDesk,
  openSimple,
  otherStudent,
  sharedTestDatabase,
  TEST_DATABASE,
} from '../support/desk.js';

const PROCESSES = 3;
const TICKETS_EACH = 300;

let dir: string;
let children: Child<{ numbers: string[] }>[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-numbers-'));
});
afterEach(() => {
  for (const child of children) if (child.process.exitCode === null) child.process.kill();
  children = [];
  rmSync(dir, { recursive: true, force: true });
});

describe('ticket numbers across processes', () => {
  it('stay unique and gapless when several processes open tickets on one database at once', async () => {
    const dbPath = await sharedTestDatabase(dir);
    // Migrate and sync the configuration once, before any child opens the database.
    await (await createTestDesk(dbPath)).close();

    children = Array.from({ length: PROCESSES }, () =>
      startChild<{ numbers: string[] }>('test/support/open-tickets-process.ts', [
        dbPath,
        String(TICKETS_EACH),
      ]),
    );
    await Promise.all(children.map((c) => c.ready));
    // Release every child at once: they compete for the same day's counter row.
    for (const child of children) child.go();
    const perChild = (await Promise.all(children.map((c) => c.done))).map((r) => r.numbers);

    const total = PROCESSES * TICKETS_EACH;
    for (const numbers of perChild) expect(numbers).toHaveLength(TICKETS_EACH);
    const all = perChild.flat();
    expect(new Set(all).size).toBe(total);
    for (const number of all) expect(isValidTicketNumber(number, '10'), number).toBe(true);

    // Every child numbered on 30 November (Rome); together they took 1..N without gaps.
    const counters = all.map((n) => Number(n.slice(10, -1))).sort((a, b) => a - b);
    expect(counters).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(all.every((n) => n.startsWith('2026113010'))).toBe(true);
    // Within one process the numbers only grow.
    const owner = new Map<number, number>();
    perChild.forEach((numbers, child) => {
      const own = numbers.map((n) => Number(n.slice(10, -1)));
      expect(own).toEqual([...own].sort((a, b) => a - b));
      for (const counter of own) owner.set(counter, child);
    });
    // The children really ran side by side: one after the other would hand the counter over only twice
    // (each pauses between tickets; in practice the counter changes hands hundreds of times).
    let handovers = 0;
    for (let counter = 2; counter <= total; counter++)
      if (owner.get(counter) !== owner.get(counter - 1)) handovers++;
    expect(handovers).toBeGreaterThan(PROCESSES * 5);

    const check = await createTestDesk(dbPath);
    try {
      const { tickets, ticketNumberCounters } = check.tables;
      const stored = await check.db.select({ number: tickets.number }).from(tickets);
      expect(stored.map((r) => r.number).sort()).toEqual([...all].sort());
      expect(await check.db.select().from(ticketNumberCounters)).toEqual([
        { day: '20261130', counter: total },
      ]);
      expect(all).toContain(formatTicketNumber('20261130', '10', total));
    } finally {
      await check.close();
    }
  }, 30_000);

  // PostgreSQL only: two SQLite connections of one process cannot write at once at all.
  it.runIf(TEST_DATABASE === 'postgres')(
    'a ticket still being written does not hold the day’s counter: another replica numbers its own meanwhile',
    async () => {
      const dbPath = await sharedTestDatabase(dir);
      const writing = await createTestDesk(dbPath);
      const other = await createTestDesk(dbPath);
      try {
        const numbers = await inTransaction(writing.ctx, async () => {
          const first = await openSimple(writing);
          // The first ticket's transaction is still open (another customer's: nothing else is shared); before,
          // the other replica waited for its commit.
          const second = await openSimple(other, otherStudent);
          return [first.ticket.number, second.ticket.number];
        });
        expect(numbers.map((n) => Number(n.slice(10, -1)))).toEqual([1, 2]);
      } finally {
        await writing.close();
        await other.close();
      }
    },
    30_000,
  );
});
