import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import { HelpDeskError } from '../../src/core/errors.js';
import { queueKeyOf, slackUserIdOf } from '../../src/core/model.js';
import { SLACK_PRESENCE_FRESH_MS } from '../../src/core/tickets/auto-assign.js';
import { type Child, startChild } from '../support/child-process.js';
import {
  createTestDesk,
  luca,
  maria,
  outboxTopics,
  paolo,
  START,
  sharedTestDatabase,
  student,
  type TestDesk,
} from '../support/desk.js';
import { expectRefused } from '../support/refusals.js';
import { ROUTING_CONFIG } from '../support/routing-config.js';

let t: TestDesk;
// A PostgreSQL run's first desk may wait for the test cluster to start.
beforeEach(async () => {
  t = await createTestDesk(undefined, ROUTING_CONFIG);
}, 60_000);
afterEach(async () => {
  await t.close();
});

async function open(queueKey: string, i = 0, customer: Actor = student) {
  const { ticket } = await t.desk.openTicket(customer, {
    queueKey: queueKeyOf(queueKey),
    title: `Richiesta ${i}`,
    article: { channel: 'slack', body: `Richiesta numero ${i}` },
  });
  return ticket;
}

async function ownerName(ticketId: number): Promise<string | null> {
  const { agents, tickets } = t.tables;
  const row = (
    await t.db
      .select({ name: agents.name })
      .from(tickets)
      .leftJoin(agents, eq(agents.id, tickets.ownerId))
      .where(eq(tickets.id, ticketId))
  )[0];
  return row?.name ?? null;
}

/** Open tickets each operator owns in the queue, by name. */
async function loads(queueKey: string): Promise<Record<string, number>> {
  const all = await t.desk.queueLoads(maria);
  const queue = all.find((load) => load.queue.key === queueKey);
  return Object.fromEntries((queue?.operators ?? []).map((o) => [o.name, o.open]));
}

function spread(counts: Record<string, number>): number {
  const values = Object.values(counts);
  return Math.max(...values) - Math.min(...values);
}

/** A seeded sequence, so a run's choices repeat. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('round robin', () => {
  it('gives 100 tickets in turn to the operators who may own them, within ±1 of each other', async () => {
    const owners: (string | null)[] = [];
    for (let i = 0; i < 100; i++) owners.push(await ownerName((await open('helpdesk', i)).id));
    expect(owners.slice(0, 6)).toEqual([
      'Maria Rossi',
      'Luca Verdi',
      'Paolo Ricci',
      'Maria Rossi',
      'Luca Verdi',
      'Paolo Ricci',
    ]);
    const counts = await loads('helpdesk');
    expect(counts).toEqual({ 'Luca Verdi': 33, 'Maria Rossi': 34, 'Paolo Ricci': 33 });
    expect(spread(counts)).toBeLessThanOrEqual(1);
    expect(owners).not.toContain('Giulia Bianchi');
  }, 120_000);

  it('records the owner change as the desk’s automatic assignment and tells the new owner', async () => {
    const ticket = await open('helpdesk');
    const details = await t.desk.getTicket(maria, ticket.number);
    expect(details.ticket.state).toBe('open');
    expect(details.ticket.locked).toBe(true);
    const ownerUpdate = details.history.find((h) => h.event === 'OwnerUpdate');
    expect(ownerUpdate).toMatchObject({
      actorLabel: 'Sportello (automatic assignment: round robin)',
      newValue: 'Maria Rossi',
    });
    expect(await outboxTopics(t, ticket.id)).toContain('agent.notify:auto_assigned');
    const { outbox } = t.tables;
    const notices = await t.db
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(eq(outbox.ticketId, ticket.id))
      .orderBy(asc(outbox.id));
    const dm = notices
      .map((n) => n.payload)
      .find((p) => p.topic === 'agent.notify' && p.event === 'auto_assigned');
    const mariaRow = (
      await t.db
        .select()
        .from(t.tables.agents)
        .where(eq(t.tables.agents.slackUserId, slackUserIdOf('U0MARIA001')))
    )[0];
    expect(dm).toMatchObject({ agentId: mariaRow?.id });
  });

  it('leaves a queue assigned by hand to be claimed', async () => {
    const ticket = await open('didattica');
    expect(await ownerName(ticket.id)).toBeNull();
    expect(await outboxTopics(t, ticket.id)).not.toContain('agent.notify:auto_assigned');
  });
});

describe('least open', () => {
  it('over 100 tickets keeps everyone within one of each other', async () => {
    for (let i = 0; i < 100; i++) await open('biblioteca', i);
    const counts = await loads('biblioteca');
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(100);
    expect(spread(counts)).toBeLessThanOrEqual(1);
  }, 120_000);

  it('never gives a ticket to someone above the least loaded + 1, while operators close tickets unevenly', async () => {
    const random = seeded(15);
    const people = [maria, luca, paolo];
    for (let i = 0; i < 100; i++) {
      const ticket = await open('biblioteca', i);
      const owner = await ownerName(ticket.id);
      const counts = await loads('biblioteca');
      expect(counts[owner ?? '']).toBeLessThanOrEqual(Math.min(...Object.values(counts)) + 1);
      // Now and then someone closes one of their tickets, Maria most often.
      if (random() < 0.4) {
        const closer = random() < 0.6 ? maria : (people[Math.floor(random() * 3)] ?? maria);
        const mine = (await t.desk.ownedTickets(closer)).items.filter((x) => x.queueId === ticket.queueId);
        const first = mine[0];
        if (first) await t.desk.closeTicket(closer, first.number, { state: 'closed_successful' });
      }
    }
  }, 120_000);

  it('gives an escalated ticket an owner in the sub-queue', async () => {
    const ticket = await open('helpdesk');
    expect(await ownerName(ticket.id)).toBe('Maria Rossi');
    const moved = await t.desk.escalateTicket(
      maria,
      ticket.number,
      queueKeyOf('reti'),
      'Access point guasto',
    );
    expect(['Maria Rossi', 'Luca Verdi']).toContain(await ownerName(moved.ticket.id));
    const details = await t.desk.getTicket(maria, ticket.number);
    expect(details.history.at(-1)?.actorLabel).toBe('Sportello (automatic assignment: least open)');
  });
});

describe('away and back', () => {
  it('passes over an operator who is away until they are back', async () => {
    await t.desk.setAway(luca, null);
    expect(await t.desk.availability(luca)).toEqual({ away: true, until: null });
    const owners = [];
    for (let i = 0; i < 4; i++) owners.push(await ownerName((await open('helpdesk', i)).id));
    expect(owners).toEqual(['Maria Rossi', 'Paolo Ricci', 'Maria Rossi', 'Paolo Ricci']);
    expect((await t.desk.queueLoads(maria))[0]?.operators.find((o) => o.name === 'Luca Verdi')?.away).toBe(
      true,
    );
    await t.desk.setBack(luca);
    // In turn after Paolo: Maria, then Luca again.
    expect(await ownerName((await open('helpdesk')).id)).toBe('Maria Rossi');
    expect(await ownerName((await open('helpdesk')).id)).toBe('Luca Verdi');
  });

  it('away until a time: skipped until then, counted again once it has passed', async () => {
    const until = new Date(START.getTime() + 60 * 60_000);
    await t.desk.setAway(paolo, until);
    expect(await t.desk.availability(paolo)).toEqual({ away: true, until });
    const before = [];
    for (let i = 0; i < 3; i++) before.push(await ownerName((await open('helpdesk', i)).id));
    expect(before).not.toContain('Paolo Ricci');
    t.clock.advance(60 * 60_000 + 1);
    expect(await t.desk.availability(paolo)).toEqual({ away: false, until: null });
    const after = [];
    for (let i = 0; i < 3; i++) after.push(await ownerName((await open('helpdesk', i)).id));
    expect(after).toContain('Paolo Ricci');
  });

  it('refuses a time already passed, and customers', async () => {
    const state = () => t.desk.availability(luca);
    await expectRefused(
      HelpDeskError,
      'invalid_away_until',
      () => t.desk.setAway(luca, new Date(START.getTime() - 1)),
      state,
    );
    await expectRefused(HelpDeskError, 'not_an_operator', () => t.desk.setAway(student, null), state);
  });

  it('leaves the ticket unclaimed when everyone is away', async () => {
    for (const person of [maria, luca, paolo]) await t.desk.setAway(person, null);
    expect(await ownerName((await open('helpdesk')).id)).toBeNull();
  });
});

describe('Slack presence', () => {
  it('watches the owners of queues that skip Slack’s away', async () => {
    expect(await t.desk.presenceWatchList()).toEqual(['U0LUCA0001', 'U0MARIA001', 'U0PAOLO001']);
  });

  it('passes over someone Slack reports away while the report is fresh, and nobody once it is stale', async () => {
    await t.desk.recordSlackPresence([
      { slackUserId: slackUserIdOf('U0MARIA001'), presence: 'away' },
      { slackUserId: slackUserIdOf('U0LUCA0001'), presence: 'active' },
      { slackUserId: slackUserIdOf('U0PAOLO001'), presence: 'active' },
    ]);
    const owners = [];
    for (let i = 0; i < 4; i++) owners.push(await ownerName((await open('biblioteca', i)).id));
    expect(owners).not.toContain('Maria Rossi');
    // Round robin in helpdesk does not skip Slack's away.
    expect(await ownerName((await open('helpdesk')).id)).toBe('Maria Rossi');
    // The poll could not ask Slack for a while: the old answer is not trusted.
    t.clock.advance(SLACK_PRESENCE_FRESH_MS + 1);
    expect(await ownerName((await open('biblioteca')).id)).toBe('Maria Rossi');
  });
});

describe('claim timeout', () => {
  it('gives an untouched claim to the next operator, and tells both', async () => {
    const ticket = await open('helpdesk');
    expect(await ownerName(ticket.id)).toBe('Maria Rossi');
    t.clock.advance(31 * 60_000);
    const run = await t.desk.runDueJobs();
    expect(run.byKind.claim_timeout).toBe(1);
    expect(await ownerName(ticket.id)).toBe('Luca Verdi');
    const details = await t.desk.getTicket(maria, ticket.number);
    expect(details.history.filter((h) => h.event === 'OwnerUpdate').at(-1)).toMatchObject({
      actorLabel: 'Sportello (automatic assignment: claim timeout, round robin)',
      oldValue: null,
      newValue: 'Luca Verdi',
    });
    const topics = await outboxTopics(t, ticket.id);
    expect(topics.filter((x) => x === 'agent.notify:claim_reassigned')).toHaveLength(2);
    expect(topics.filter((x) => x === 'agent.notify:auto_assigned')).toHaveLength(2);
    expect(topics).not.toContain('agent.notify:claim_released');
  });

  it('releases the claim when nobody else is there to take it', async () => {
    await t.desk.setAway(luca, null);
    await t.desk.setAway(paolo, null);
    const ticket = await open('helpdesk');
    t.clock.advance(31 * 60_000);
    await t.desk.runDueJobs();
    expect(await ownerName(ticket.id)).toBeNull();
    expect(await outboxTopics(t, ticket.id)).toContain('agent.notify:claim_released');
  });
});

describe('round robin across processes', () => {
  let dir: string;
  let children: Child<{ numbers: string[] }>[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-routing-'));
  });
  afterEach(() => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill();
    children = [];
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays fair when three processes open tickets in one queue at once', async () => {
    const dbPath = await sharedTestDatabase(dir);
    const shared = await createTestDesk(dbPath, ROUTING_CONFIG);
    children = Array.from({ length: 3 }, () =>
      startChild<{ numbers: string[] }>('test/support/open-tickets-process.ts', [dbPath, '20']),
    );
    await Promise.all(children.map((c) => c.ready));
    for (const child of children) child.go();
    await Promise.all(children.map((c) => c.done));
    const { agents, tickets } = shared.tables;
    const rows = await shared.db
      .select({ name: agents.name })
      .from(tickets)
      .innerJoin(agents, eq(agents.id, tickets.ownerId))
      .where(and(eq(tickets.working, true)));
    const counts: Record<string, number> = {};
    for (const row of rows) counts[row.name] = (counts[row.name] ?? 0) + 1;
    expect(rows).toHaveLength(60);
    expect(counts).toEqual({ 'Maria Rossi': 20, 'Luca Verdi': 20, 'Paolo Ricci': 20 });
    await shared.close();
  }, 120_000);
});
