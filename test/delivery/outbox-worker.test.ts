import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { type DeliveryRecord, type OutboxMessage, queueKeyOf, ticketNumberOf } from '../../src/core/model.js';

import { DeliveryError, type DeliveryHandler, OutboxWorker } from '../../src/delivery/outbox-worker.js';
import { createTestDesk, maria, openSimple, TEST_CONFIG, type TestDesk } from '../support/desk.js';

let t: TestDesk;
let clock: ManualClock;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

beforeEach(async () => {
  // Three rows per new ticket (card, received notice, queue alert): nobody here asked for new-ticket DMs.
  t = await createTestDesk(undefined, TEST_CONFIG.replace(', dm_new_tickets: true', ''));
  clock = new ManualClock(new Date('2026-11-30T09:00:00Z'));
});
afterEach(() => t.close());

async function rows() {
  return await t.db.select().from(t.tables.outbox).orderBy(asc(t.tables.outbox.id));
}

function worker(
  handle: DeliveryHandler,
  options: Partial<ConstructorParameters<typeof OutboxWorker>[0]> = {},
) {
  return new OutboxWorker({
    desk: t.desk,
    clock,
    handle,
    logger: quiet,
    lanes: ['slack', 'email'],
    baseBackoffMs: 1000,
    maxAttempts: 4,
    ...options,
  });
}

/** A ticket number no ticket has: recording on it fails. */
const UNKNOWN_TICKET = '2026113010999999';

/** The record a sent notice leaves: an article on its ticket. */
function noticeOn(ticketNumber: string): DeliveryRecord {
  return {
    kind: 'notice',
    ticketNumber: ticketNumberOf(ticketNumber),
    notice: { channel: 'slack', customerVisible: true, body: 'Notice sent' },
  };
}

/** The notices kept as articles of the ticket. */
async function noticesOf(ticketNumber: string): Promise<string[]> {
  const { articles } = await t.desk.getTicket(maria, ticketNumberOf(ticketNumber));
  return articles.filter((article) => article.senderType === 'system').map((article) => article.body);
}

describe('outbox worker', () => {
  it('delivers every pending row once, in order, and marks it delivered', async () => {
    await openSimple(t);
    const seen: string[] = [];
    const report = await worker(async (m) => {
      seen.push(m.topic);
      return [];
    }).runOnce();
    expect(seen).toEqual(['card.sync', 'customer.notify', 'agent.notify']);
    expect(report).toEqual({ delivered: 3, retried: 0, failed: 0 });
    expect((await rows()).every((r) => r.status === 'delivered' && r.attempts === 1)).toBe(true);
    expect((await worker(async () => []).runOnce()).delivered).toBe(0);
  });

  it("holds a ticket's later rows while an earlier one waits for its retry, but not other tickets'", async () => {
    const first = (await openSimple(t)).ticket;
    const second = (await openSimple(t)).ticket;
    const delivered: number[] = [];
    const failingCard = async (m: OutboxMessage) => {
      if (m.topic === 'card.sync' && m.ticketId === first.id) throw new DeliveryError('slack down');
      delivered.push(m.ticketId);
      return [];
    };
    await worker(failingCard).runOnce();
    expect(delivered.every((id) => id === second.id)).toBe(true);
    expect(delivered).toHaveLength(3);
    const retry = (await rows()).find((r) => r.ticketId === first.id && r.topic === 'card.sync');
    expect([retry?.status, retry?.attempts, retry?.nextAttemptAt.toISOString()]).toEqual([
      'pending',
      1,
      '2026-11-30T09:00:01.000Z',
    ]);
  });

  it('backs off exponentially, honours Retry-After, and gives up after the last attempt', async () => {
    await openSimple(t);
    await t.db.delete(t.tables.outbox).where(eq(t.tables.outbox.topic, 'agent.notify'));
    await t.db.delete(t.tables.outbox).where(eq(t.tables.outbox.topic, 'customer.notify'));
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
      const row = (await rows())[0];
      if (row?.status === 'pending') {
        delays.push(row.nextAttemptAt.getTime() - clock.now().getTime());
        clock.set(row.nextAttemptAt);
      }
    }
    expect(delays).toEqual([1000, 30_000, 4000]);
    expect((await rows())[0]?.status).toBe('failed');
    expect((await rows())[0]?.lastError).toBe('HTTP 500');
    expect(givenUp).toEqual(['card.sync: HTTP 500']);
  });

  it('gives up at once on an error no retry can fix', async () => {
    await openSimple(t);
    await worker(async () => {
      throw new DeliveryError('channel_not_found', { permanent: true });
    }).runOnce();
    expect((await rows()).map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
  });

  it('only takes the lanes it serves: email is not held back by undelivered Slack rows', async () => {
    await t.db.update(t.tables.outbox).set({ lane: 'slack' });
    const { ticket } = await t.desk.openTicket(maria, {
      queueKey: queueKeyOf('helpdesk'),
      title: 'Phone call',
      article: { channel: 'phone', body: 'called' },
      customer: { email: 'prof@ateneo.example', name: 'Prof' },
    });
    const sent: string[] = [];
    await worker(
      async (m) => {
        sent.push(`${m.topic}:${'via' in m ? m.via : ''}`);
        return [];
      },
      { lanes: ['email'] },
    ).runOnce();
    expect(sent).toEqual(['customer.notify:email']);
    expect(
      (await rows()).filter((r) => r.ticketId === ticket.id && r.status === 'pending').map((r) => r.topic),
    ).toEqual(['card.sync', 'agent.notify']);
  });

  it('records what the delivery leaves behind with the row marked delivered, or neither', async () => {
    const { ticket } = await openSimple(t);
    await t.db.delete(t.tables.outbox).where(eq(t.tables.outbox.topic, 'agent.notify'));
    await t.db.delete(t.tables.outbox).where(eq(t.tables.outbox.topic, 'customer.notify'));
    await worker(async () => [noticeOn(UNKNOWN_TICKET)]).runOnce();
    expect([(await rows())[0]?.status, (await rows())[0]?.attempts]).toEqual(['pending', 1]);
    clock.advance(1000);
    await worker(async () => [noticeOn(ticket.number)]).runOnce();
    expect((await rows())[0]?.status).toBe('delivered');
    expect(await noticesOf(ticket.number)).toEqual(['Notice sent']);
  });

  it('two workers on one database deliver each row once (leases)', async () => {
    for (let i = 0; i < 5; i++) await openSimple(t);
    const delivered: number[] = [];
    const slow: DeliveryHandler = async (_m, row) => {
      delivered.push(row.id);
      await new Promise((resolve) => setTimeout(resolve, 2));
      return [];
    };
    await Promise.all([worker(slow).runOnce(), worker(slow).runOnce()]);
    expect(delivered.sort((a, b) => a - b)).toEqual((await rows()).map((r) => r.id));
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
      return [];
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
      return [];
    };
    const report = await worker(slow, { concurrency: 4 }).runOnce();
    expect(report.delivered).toBe(18);
    expect(mostInFlight).toBe(4);
    for (const id of opened) expect(order.get(id)).toEqual(['card.sync', 'customer.notify', 'agent.notify']);
  });

  it('never records a delivery inside a desk operation that is between two of its statements', async () => {
    const { ticket } = await openSimple(t);
    const delivering = worker(async () => []);
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
    expect((await rows()).filter((r) => r.ticketId === ticket.id).map((r) => r.status)).toEqual([
      'delivered',
      'delivered',
      'delivered',
    ]);
    expect(await t.db.select().from(t.tables.tickets)).toHaveLength(1);
  });

  it('stops after the deliveries in flight are done, and starts no more', async () => {
    for (let i = 0; i < 3; i++) await openSimple(t);
    const started: number[] = [];
    const w = worker(
      async (_m, row) => {
        started.push(row.id);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return [];
      },
      { concurrency: 2 },
    );
    await w.kick();
    await w.stop();
    expect(started).toHaveLength(2);
    expect((await rows()).filter((r) => r.status === 'delivered')).toHaveLength(2);
    await w.kick();
    expect(started).toHaveLength(2);
    // What it had taken but not started is free at once for the next worker.
    const next: number[] = [];
    await worker(async (_m, row) => {
      next.push(row.id);
      return [];
    }).runOnce();
    expect(next).toHaveLength(7);
  });

  it('records deliveries done together in one transaction, a failing record holding back only its own row', async () => {
    const ids = [(await openSimple(t)).ticket, (await openSimple(t)).ticket, (await openSimple(t)).ticket];
    const numberOf = (id: number) => ids.find((ticket) => ticket.id === id)?.number ?? UNKNOWN_TICKET;
    await t.db.delete(t.tables.outbox).where(eq(t.tables.outbox.topic, 'agent.notify'));
    await t.db.delete(t.tables.outbox).where(eq(t.tables.outbox.topic, 'customer.notify'));
    const report = await worker(async (m) => [
      noticeOn(m.ticketId === ids[1]?.id ? UNKNOWN_TICKET : numberOf(m.ticketId)),
    ]).runOnce();
    expect(report).toEqual({ delivered: 2, retried: 1, failed: 0 });
    expect((await rows()).map((r) => [r.ticketId, r.status])).toEqual([
      [ids[0]?.id, 'delivered'],
      [ids[1]?.id, 'pending'],
      [ids[2]?.id, 'delivered'],
    ]);
    const notices = [];
    for (const ticket of ids) notices.push(await noticesOf(ticket.number));
    expect(notices).toEqual([['Notice sent'], [], ['Notice sent']]);
  });
});
