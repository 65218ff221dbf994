import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { OutboxMessage } from '../../src/core/outbox.js';
import { outbox, tickets } from '../../src/db/schema.js';
import { DeliveryError, type DeliveryHandler, OutboxWorker } from '../../src/delivery/outbox-worker.js';
import { createTestDesk, maria, openSimple, TEST_CONFIG, type TestDesk } from '../support/desk.js';

let t: TestDesk;
let clock: ManualClock;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

beforeEach(() => {
  // Three rows per new ticket (card, received notice, queue alert): nobody here asked for new-ticket DMs.
  t = createTestDesk(':memory:', TEST_CONFIG.replace(', dm_new_tickets: true', ''));
  clock = new ManualClock(new Date('2026-11-30T09:00:00Z'));
});
afterEach(() => t.close());

function rows() {
  return t.handle.db.select().from(outbox).orderBy(asc(outbox.id)).all();
}

function worker(
  handle: DeliveryHandler,
  options: Partial<ConstructorParameters<typeof OutboxWorker>[0]> = {},
) {
  return new OutboxWorker({
    db: t.handle.db,
    connection: t.handle.connection,
    clock,
    handle,
    logger: quiet,
    lanes: ['slack', 'email'],
    baseBackoffMs: 1000,
    maxAttempts: 4,
    ...options,
  });
}

describe('outbox worker', () => {
  it('delivers every pending row once, in order, and marks it delivered', async () => {
    await openSimple(t);
    const seen: string[] = [];
    const report = await worker(async (m) => {
      seen.push(m.topic);
      return undefined;
    }).runOnce();
    expect(seen).toEqual(['card.sync', 'customer.notify', 'agent.notify']);
    expect(report).toEqual({ delivered: 3, retried: 0, failed: 0 });
    expect(rows().every((r) => r.status === 'delivered' && r.attempts === 1)).toBe(true);
    expect((await worker(async () => undefined).runOnce()).delivered).toBe(0);
  });

  it("holds a ticket's later rows while an earlier one waits for its retry, but not other tickets'", async () => {
    const first = (await openSimple(t)).ticket;
    const second = (await openSimple(t)).ticket;
    const delivered: number[] = [];
    const failingCard = async (m: OutboxMessage) => {
      if (m.topic === 'card.sync' && m.ticketId === first.id) throw new DeliveryError('slack down');
      delivered.push(m.ticketId);
      return undefined;
    };
    await worker(failingCard).runOnce();
    expect(delivered.every((id) => id === second.id)).toBe(true);
    expect(delivered).toHaveLength(3);
    const retry = rows().find((r) => r.ticketId === first.id && r.topic === 'card.sync');
    expect([retry?.status, retry?.attempts, retry?.nextAttemptAt.toISOString()]).toEqual([
      'pending',
      1,
      '2026-11-30T09:00:01.000Z',
    ]);
  });

  it('backs off exponentially, honours Retry-After, and gives up after the last attempt', async () => {
    await openSimple(t);
    t.handle.db.delete(outbox).where(eq(outbox.topic, 'agent.notify')).run();
    t.handle.db.delete(outbox).where(eq(outbox.topic, 'customer.notify')).run();
    const givenUp: string[] = [];
    let calls = 0;
    const w = worker(
      async () => {
        calls++;
        throw calls === 2
          ? new DeliveryError('rate limited', { retryAfterMs: 30_000 })
          : new DeliveryError('HTTP 500');
      },
      { onGiveUp: (row, error) => givenUp.push(`${row.topic}: ${error}`) },
    );
    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      await w.runOnce();
      const row = rows()[0];
      if (row?.status === 'pending') {
        delays.push(row.nextAttemptAt.getTime() - clock.now().getTime());
        clock.set(row.nextAttemptAt);
      }
    }
    expect(delays).toEqual([1000, 30_000, 4000]);
    expect(rows()[0]?.status).toBe('failed');
    expect(rows()[0]?.lastError).toBe('HTTP 500');
    expect(givenUp).toEqual(['card.sync: HTTP 500']);
  });

  it('gives up at once on an error no retry can fix', async () => {
    await openSimple(t);
    await worker(async () => {
      throw new DeliveryError('channel_not_found', { permanent: true });
    }).runOnce();
    expect(rows().map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
  });

  it('only takes the lanes it serves: email is not held back by undelivered Slack rows', async () => {
    t.handle.db.update(outbox).set({ lane: 'slack' }).run();
    const { ticket } = await t.desk.openTicket(maria, {
      queueKey: 'helpdesk',
      title: 'Phone call',
      article: { channel: 'phone', body: 'called' },
      customer: { email: 'prof@ateneo.example', name: 'Prof' },
    });
    const sent: string[] = [];
    await worker(
      async (m) => {
        sent.push(`${m.topic}:${'via' in m ? m.via : ''}`);
        return undefined;
      },
      { lanes: ['email'] },
    ).runOnce();
    expect(sent).toEqual(['customer.notify:email']);
    expect(
      rows()
        .filter((r) => r.ticketId === ticket.id && r.status === 'pending')
        .map((r) => r.topic),
    ).toEqual(['card.sync', 'agent.notify']);
  });

  it('runs what the delivery records in the transaction that marks it delivered, or neither', async () => {
    const { ticket } = await openSimple(t);
    t.handle.db.delete(outbox).where(eq(outbox.topic, 'agent.notify')).run();
    t.handle.db.delete(outbox).where(eq(outbox.topic, 'customer.notify')).run();
    await worker(async () => () => {
      throw new Error('recording failed');
    }).runOnce();
    expect([rows()[0]?.status, rows()[0]?.attempts]).toEqual(['pending', 1]);
    clock.advance(1000);
    await worker(async () => (tx) => {
      tx.update(tickets).set({ title: 'recorded' }).where(eq(tickets.id, ticket.id)).run();
    }).runOnce();
    expect(rows()[0]?.status).toBe('delivered');
    expect((await t.desk.getTicket(maria, ticket.number)).ticket.title).toBe('recorded');
  });

  it('two workers on one database deliver each row once (leases)', async () => {
    for (let i = 0; i < 5; i++) await openSimple(t);
    const delivered: number[] = [];
    const slow: DeliveryHandler = async (_m, row) => {
      delivered.push(row.id);
      await new Promise((resolve) => setTimeout(resolve, 2));
      return undefined;
    };
    await Promise.all([worker(slow).runOnce(), worker(slow).runOnce()]);
    expect(delivered.sort((a, b) => a - b)).toEqual(rows().map((r) => r.id));
    expect(new Set(delivered).size).toBe(delivered.length);
  });

  it('after a crash mid-delivery, a restarted worker delivers the row once the lease has run out', async () => {
    await openSimple(t);
    const crashed = worker(() => new Promise(() => {}), { leaseMs: 60_000 });
    void crashed.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const restarted: string[] = [];
    const w = worker(async (m) => {
      restarted.push(m.topic);
      return undefined;
    });
    await w.runOnce();
    expect(restarted).toEqual([]);
    clock.advance(60_001);
    await w.runOnce();
    expect(restarted).toEqual(['card.sync', 'customer.notify', 'agent.notify']);
  });

  it("delivers different tickets' rows side by side, up to the concurrency, each ticket's in order", async () => {
    const opened: number[] = [];
    for (let i = 0; i < 6; i++) opened.push((await openSimple(t)).ticket.id);
    let inFlight = 0;
    let mostInFlight = 0;
    const order = new Map<number, string[]>();
    const slow: DeliveryHandler = async (m) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.set(m.ticketId, [...(order.get(m.ticketId) ?? []), m.topic]);
      inFlight--;
      return undefined;
    };
    const report = await worker(slow, { concurrency: 4 }).runOnce();
    expect(report.delivered).toBe(18);
    expect(mostInFlight).toBe(4);
    for (const id of opened) expect(order.get(id)).toEqual(['card.sync', 'customer.notify', 'agent.notify']);
  });

  it('never records a delivery inside a desk operation that is between two of its statements', async () => {
    const { ticket } = await openSimple(t);
    const delivering = worker(async () => undefined);
    // A form's change that holds the connection, awaits, then is refused: everything it wrote is undone.
    const refused = t.desk.transaction(async () => {
      await openSimple(t, maria, 'helpdesk', 'Refused in the end');
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('refused');
    });
    const delivered = delivering.runOnce();
    await expect(refused).rejects.toThrow('refused');
    expect((await delivered).delivered).toBe(3);
    // The deliveries are kept though the refused change was rolled back, and it left no ticket behind.
    expect(
      rows()
        .filter((r) => r.ticketId === ticket.id)
        .map((r) => r.status),
    ).toEqual(['delivered', 'delivered', 'delivered']);
    expect(t.handle.db.select().from(tickets).all()).toHaveLength(1);
  });

  it('stops after the deliveries in flight are done, and starts no more', async () => {
    for (let i = 0; i < 3; i++) await openSimple(t);
    const started: number[] = [];
    const w = worker(
      async (_m, row) => {
        started.push(row.id);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return undefined;
      },
      { concurrency: 2 },
    );
    w.kick();
    await w.stop();
    expect(started).toHaveLength(2);
    expect(rows().filter((r) => r.status === 'delivered')).toHaveLength(2);
    w.kick();
    expect(started).toHaveLength(2);
    // What it had taken but not started is free at once for the next worker.
    const next: number[] = [];
    await worker(async (_m, row) => {
      next.push(row.id);
      return undefined;
    }).runOnce();
    expect(next).toHaveLength(7);
  });

  it('records deliveries done together in one transaction, a failing record holding back only its own row', async () => {
    const ids = [
      (await openSimple(t)).ticket.id,
      (await openSimple(t)).ticket.id,
      (await openSimple(t)).ticket.id,
    ];
    t.handle.db.delete(outbox).where(eq(outbox.topic, 'agent.notify')).run();
    t.handle.db.delete(outbox).where(eq(outbox.topic, 'customer.notify')).run();
    const report = await worker(async (m) => (tx) => {
      if (m.ticketId === ids[1]) throw new Error('recording failed');
      tx.update(tickets).set({ title: 'recorded' }).where(eq(tickets.id, m.ticketId)).run();
    }).runOnce();
    expect(report).toEqual({ delivered: 2, retried: 1, failed: 0 });
    expect(rows().map((r) => [r.ticketId, r.status])).toEqual([
      [ids[0], 'delivered'],
      [ids[1], 'pending'],
      [ids[2], 'delivered'],
    ]);
    const titles = ids.map((id) => t.handle.db.select().from(tickets).where(eq(tickets.id, id)).get()?.title);
    expect(titles).toEqual(['recorded', 'Cannot connect to eduroam', 'recorded']);
  });
});
