import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AlreadyClaimedError,
  HelpDeskError,
  PermissionDeniedError,
  TicketNotWorkingError,
} from '../../src/core/errors.js';
import { queueKeyOf, type SlackUserId, slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';
import type { OutboxMessage } from '../../src/core/outbox.js';

import {
  anna,
  createTestDesk,
  giulia,
  historyEvents,
  luca,
  maria,
  openSimple,
  outboxTopics,
  sharedTestDatabase,
  student,
  systemActor,
  type TestDesk,
  useTestDesk,
} from '../support/desk.js';
import { catchError } from '../support/refusals.js';

const t = useTestDesk();

async function agentId(d: TestDesk, slackUserId: SlackUserId): Promise<number> {
  const row = (
    await d.db.select().from(d.tables.agents).where(eq(d.tables.agents.slackUserId, slackUserId))
  )[0];
  if (!row) throw new Error(`no agent ${slackUserId}`);
  return row.id;
}

async function outboxMessages(d: TestDesk, ticketId: number): Promise<OutboxMessage[]> {
  return (
    await d.db
      .select({ payload: d.tables.outbox.payload })
      .from(d.tables.outbox)
      .where(eq(d.tables.outbox.ticketId, ticketId))
      .orderBy(asc(d.tables.outbox.id))
  ).map((r) => r.payload as OutboxMessage);
}

async function lastHistory(d: TestDesk, ticketId: number) {
  return (
    await d.db
      .select()
      .from(d.tables.history)
      .where(eq(d.tables.history.ticketId, ticketId))
      .orderBy(asc(d.tables.history.id))
  ).at(-1);
}

/** The ticket row and the counts of its history and outbox rows. */
async function state(d: TestDesk, ticketId: number) {
  return {
    ticket: (await d.db.select().from(d.tables.tickets).where(eq(d.tables.tickets.id, ticketId)))[0],
    history: await historyEvents(d, ticketId),
    outbox: await outboxTopics(d, ticketId),
  };
}

describe('claiming', () => {
  it('makes the claimer owner, locks the ticket and opens it', async () => {
    const { ticket } = await openSimple(t);
    const claimed = await t.desk.claimTicket(maria, ticket.number);
    expect(claimed.ownerId).toBe(await agentId(t, slackUserIdOf('U0MARIA001')));
    expect(claimed.locked).toBe(true);
    expect(claimed.state).toBe('open');
    const details = await t.desk.getTicket(maria, ticket.number);
    expect(details.owner?.name).toBe('Maria Rossi');
    expect(details.ticket.locked).toBe(true);
    expect(details.ticket.state).toBe('open');
    expect(await historyEvents(t, ticket.id)).toEqual(['NewTicket', 'Lock', 'OwnerUpdate', 'StateUpdate']);
    expect(details.history.find((h) => h.event === 'OwnerUpdate')?.newValue).toBe('Maria Rossi');
    expect(await outboxTopics(t, ticket.id)).toContain('customer.notify:claimed');
  });

  it('refuses a second claim by another operator, naming the owner', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.claimTicket(maria, ticket.number);
    const before = await state(t, ticket.id);
    const error = await catchError(() => t.desk.claimTicket(anna, ticket.number));
    expect(error).toBeInstanceOf(AlreadyClaimedError);
    expect(error).toBeInstanceOf(HelpDeskError);
    const claimed = error as AlreadyClaimedError;
    expect(claimed.code).toBe('already_claimed');
    expect(claimed.message).toBe(`Ticket#${ticket.number} is already claimed by Maria Rossi.`);
    expect(claimed.params.owner).toEqual({ name: 'Maria Rossi', slackUserId: 'U0MARIA001' });
    expect(await state(t, ticket.id)).toEqual(before);
  });

  it('claiming one’s own ticket again changes nothing', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.claimTicket(maria, ticket.number);
    const before = await state(t, ticket.id);
    const again = await t.desk.claimTicket(maria, ticket.number);
    expect(again.ownerId).toBe(await agentId(t, slackUserIdOf('U0MARIA001')));
    expect(await state(t, ticket.id)).toEqual(before);
  });

  it('an open ticket claimed after a release does not notify the customer again', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.claimTicket(maria, ticket.number);
    await t.desk.releaseTicket(maria, ticket.number);
    await t.desk.claimTicket(anna, ticket.number);
    expect((await outboxTopics(t, ticket.id)).filter((x) => x === 'customer.notify:claimed')).toHaveLength(1);
    expect((await historyEvents(t, ticket.id)).slice(-3)).toEqual(['Unlock', 'Lock', 'OwnerUpdate']);
  });

  it('refuses to claim a closed ticket', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    const before = await state(t, ticket.id);
    const error = await catchError(() => t.desk.claimTicket(maria, ticket.number));
    expect(error).toBeInstanceOf(TicketNotWorkingError);
    expect((error as TicketNotWorkingError).code).toBe('ticket_not_working');
    expect((error as TicketNotWorkingError).message).toBe(`Ticket#${ticket.number} is closed successful.`);
    expect(await state(t, ticket.id)).toEqual(before);
  });

  it('the desk itself cannot claim: only an operator can', async () => {
    const { ticket } = await openSimple(t);
    const before = await state(t, ticket.id);
    const error = await catchError(() => t.desk.claimTicket(systemActor, ticket.number));
    expect(error).toBeInstanceOf(HelpDeskError);
    expect((error as HelpDeskError).code).toBe('not_an_operator');
    expect(await state(t, ticket.id)).toEqual(before);
  });
});

describe('releasing', () => {
  it('by the owner clears owner and lock, keeping the state', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.claimTicket(maria, ticket.number);
    const released = await t.desk.releaseTicket(maria, ticket.number);
    expect(released.ownerId).toBeNull();
    expect(released.locked).toBe(false);
    expect(released.state).toBe('open');
    const details = await t.desk.getTicket(maria, ticket.number);
    expect(details.owner).toBeNull();
    expect(details.ticket.locked).toBe(false);
    const unlock = await lastHistory(t, ticket.id);
    expect(unlock?.event).toBe('Unlock');
    expect(unlock?.oldValue).toBe('Maria Rossi');
  });

  it('by someone else needs full rights in the queue', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.claimTicket(maria, ticket.number);
    const before = await state(t, ticket.id);
    const error = await catchError(() => t.desk.releaseTicket(giulia, ticket.number));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(await state(t, ticket.id)).toEqual(before);
    expect(await catchError(() => t.desk.releaseTicket(student, ticket.number))).toBeInstanceOf(
      PermissionDeniedError,
    );
    expect((await t.desk.releaseTicket(anna, ticket.number)).locked).toBe(false);

    const inReti = (await openSimple(t, maria, 'reti', 'Switch down')).ticket;
    await t.desk.claimTicket(luca, inReti.number);
    const released = await t.desk.releaseTicket(maria, inReti.number);
    expect(released.ownerId).toBeNull();
    expect((await lastHistory(t, inReti.id))?.oldValue).toBe('Luca Verdi');
  });

  it('of an unclaimed ticket is refused as not claimed', async () => {
    const { ticket } = await openSimple(t);
    const before = await state(t, ticket.id);
    const error = await catchError(() => t.desk.releaseTicket(maria, ticket.number));
    expect(error).toBeInstanceOf(HelpDeskError);
    expect((error as HelpDeskError).code).toBe('not_claimed');
    expect((error as HelpDeskError).message).toBe(`Ticket#${ticket.number} is not claimed by anyone.`);
    expect(await state(t, ticket.id)).toEqual(before);
  });
});

describe('assigning an owner', () => {
  it('gives the ticket to an operator who may own it and tells them', async () => {
    const { ticket } = await openSimple(t);
    const assigned = await t.desk.assignOwner(anna, ticket.number, slackUserIdOf('U0MARIA001'));
    const mariaId = await agentId(t, slackUserIdOf('U0MARIA001'));
    expect(assigned.ownerId).toBe(mariaId);
    expect(assigned.locked).toBe(true);
    expect(assigned.state).toBe('open');
    expect(await historyEvents(t, ticket.id)).toEqual(['NewTicket', 'Lock', 'OwnerUpdate', 'StateUpdate']);
    expect(await outboxTopics(t, ticket.id)).toContain('agent.notify:assigned');
    expect(await outboxMessages(t, ticket.id)).toContainEqual({
      topic: 'agent.notify',
      ticketId: ticket.id,
      event: 'assigned',
      agentId: mariaId,
    });
  });

  it('hands a claimed ticket over from one owner to another', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.claimTicket(maria, ticket.number);
    const handed = await t.desk.assignOwner(maria, ticket.number, slackUserIdOf('U0ANNA0001'));
    expect(handed.ownerId).toBe(await agentId(t, slackUserIdOf('U0ANNA0001')));
    const update = await lastHistory(t, ticket.id);
    expect(update?.event).toBe('OwnerUpdate');
    expect(update?.oldValue).toBe('Maria Rossi');
    expect(update?.newValue).toBe('Anna Neri');
  });

  it('assigning oneself does not notify oneself', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.assignOwner(maria, ticket.number, slackUserIdOf('U0MARIA001'));
    expect(await outboxTopics(t, ticket.id)).not.toContain('agent.notify:assigned');
  });

  it('refuses an operator without owner rights in the queue', async () => {
    const { ticket } = await openSimple(t);
    for (const target of ['U0GIULIA01', 'U0LUCA0001', 'U0PAOLO001']) {
      const before = await state(t, ticket.id);
      const error = await catchError(() => t.desk.assignOwner(maria, ticket.number, slackUserIdOf(target)));
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect((error as PermissionDeniedError).code).toBe('permission_denied');
      expect((error as PermissionDeniedError).message).toMatch(
        /^You are not allowed to give tickets to .+\.$/,
      );
      expect(await state(t, ticket.id)).toEqual(before);
    }
  });

  it('may give the ticket to its responsible, even one without rights in the queue', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.escalateTicket(maria, ticket.number, queueKeyOf('reti'), 'Access point');
    await t.desk.setResponsible(anna, ticket.number, slackUserIdOf('U0LUCA0001'));
    await t.desk.sendBackTicket(luca, ticket.number, 'Not a network problem');
    const assigned = await t.desk.assignOwner(maria, ticket.number, slackUserIdOf('U0LUCA0001'));
    expect((await t.desk.getTicket(luca, assigned.number)).owner?.name).toBe('Luca Verdi');
  });

  it('needs owner rights of the one assigning', async () => {
    const { ticket } = await openSimple(t);
    const before = await state(t, ticket.id);
    expect(
      await catchError(() => t.desk.assignOwner(giulia, ticket.number, slackUserIdOf('U0MARIA001'))),
    ).toBeInstanceOf(PermissionDeniedError);
    expect(await state(t, ticket.id)).toEqual(before);
  });
});

describe('setting the responsible', () => {
  it('records ResponsibleUpdate and tells the new responsible', async () => {
    const { ticket } = await openSimple(t);
    const giuliaId = await agentId(t, slackUserIdOf('U0GIULIA01'));
    const updated = await t.desk.setResponsible(maria, ticket.number, slackUserIdOf('U0GIULIA01'));
    expect(updated.responsibleId).toBe(giuliaId);
    expect(updated.ownerId).toBeNull();
    expect((await t.desk.getTicket(maria, ticket.number)).responsible?.name).toBe('Giulia Bianchi');
    const row = await lastHistory(t, ticket.id);
    expect(row?.event).toBe('ResponsibleUpdate');
    expect(row?.newValue).toBe('Giulia Bianchi');
    expect(await outboxMessages(t, ticket.id)).toContainEqual({
      topic: 'agent.notify',
      ticketId: ticket.id,
      event: 'responsible',
      agentId: giuliaId,
    });
  });

  it('setting the same responsible again changes nothing; oneself is not notified', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.setResponsible(maria, ticket.number, slackUserIdOf('U0MARIA001'));
    expect(await outboxTopics(t, ticket.id)).not.toContain('agent.notify:responsible');
    const before = await state(t, ticket.id);
    await t.desk.setResponsible(maria, ticket.number, slackUserIdOf('U0MARIA001'));
    expect(await state(t, ticket.id)).toEqual(before);
    await t.desk.setResponsible(anna, ticket.number, slackUserIdOf('U0GIULIA01'));
    const row = await lastHistory(t, ticket.id);
    expect(row?.oldValue).toBe('Maria Rossi');
    expect(row?.newValue).toBe('Giulia Bianchi');
  });
});

describe('two desks on the same database', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-claim-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('in one process: the second claim sees the first', async () => {
    const path = await sharedTestDatabase(dir);
    const a = await createTestDesk(path);
    const b = await createTestDesk(path);
    try {
      const { ticket } = await openSimple(a);
      expect((await b.desk.getTicket(anna, ticket.number)).ticket.state).toBe('new');
      expect((await a.desk.claimTicket(maria, ticket.number)).locked).toBe(true);
      const error = await catchError(() => b.desk.claimTicket(anna, ticket.number));
      expect(error).toBeInstanceOf(AlreadyClaimedError);
      expect((error as AlreadyClaimedError).params.owner.slackUserId).toBe('U0MARIA001');

      const other = (await openSimple(b, student, 'helpdesk', 'Printer jams')).ticket;
      expect((await b.desk.claimTicket(anna, other.number)).locked).toBe(true);
      expect(await catchError(() => a.desk.claimTicket(maria, other.number))).toBeInstanceOf(
        AlreadyClaimedError,
      );
      expect((await historyEvents(a, ticket.id)).filter((e) => e === 'Lock')).toHaveLength(1);
      expect((await historyEvents(a, other.id)).filter((e) => e === 'Lock')).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('in two processes racing for the same tickets: exactly one claim wins each', async () => {
    const path = await sharedTestDatabase(dir);
    const setup = await createTestDesk(path);
    const numbers: string[] = [];
    const ids: number[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const { ticket } = await openSimple(setup, student, 'helpdesk', `Request ${i}`);
        numbers.push(ticket.number);
        ids.push(ticket.id);
      }
    } finally {
      await setup.close();
    }

    const root = fileURLToPath(new URL('../../', import.meta.url));
    const script = join(dir, 'claim.mjs');
    writeFileSync(
      script,
      `import { childDesk } from '${pathToFileURL(join(root, 'test/support/child-desk.ts')).href}';
const [dbPath, userId, startAt, ...numbers] = process.argv.slice(2);
const { desk, close } = await childDesk(dbPath, '2026-11-30T09:00:00Z');
const wait = Number(startAt) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
const results = [];
for (const number of numbers) {
  try {
    await desk.claimTicket({ kind: 'slack', userId }, number);
    results.push({ number, ok: true });
  } catch (error) {
    results.push({ number, ok: false, name: error.name, code: error.code, owner: error.params?.owner?.slackUserId });
  }
}
await close();
process.stdout.write(JSON.stringify({ late: wait <= 0, results }));
`,
    );

    interface ClaimResult {
      number: string;
      ok: boolean;
      name?: string;
      code?: string;
      owner?: string;
    }
    const run = (userId: string, startAt: number) =>
      new Promise<{ late: boolean; results: ClaimResult[] }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', script, path, userId, String(startAt), ...numbers],
          { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
        });
        child.stderr.on('data', (chunk: Buffer) => {
          err += chunk.toString();
        });
        child.on('error', reject);
        child.on('close', (code) => {
          if (code !== 0) reject(new Error(`claim process exited with ${code}: ${err}`));
          else resolve(JSON.parse(out) as { late: boolean; results: ClaimResult[] });
        });
      });

    const startAt = Date.now() + 2000;
    const [fromMaria, fromAnna] = await Promise.all([run('U0MARIA001', startAt), run('U0ANNA0001', startAt)]);

    const check = await createTestDesk(path);
    try {
      const mariaId = await agentId(check, slackUserIdOf('U0MARIA001'));
      const annaId = await agentId(check, slackUserIdOf('U0ANNA0001'));
      for (const [i, number] of numbers.entries()) {
        const m = fromMaria.results[i];
        const a = fromAnna.results[i];
        expect(m?.number).toBe(number);
        expect(a?.number).toBe(number);
        expect([m?.ok, a?.ok].filter(Boolean)).toHaveLength(1);
        const loser = m?.ok ? a : m;
        expect(loser?.name).toBe('AlreadyClaimedError');
        expect(loser?.code).toBe('already_claimed');
        expect(loser?.owner).toBe(m?.ok ? 'U0MARIA001' : 'U0ANNA0001');
        const row = (
          await check.db
            .select()
            .from(check.tables.tickets)
            .where(
              and(
                eq(check.tables.tickets.number, ticketNumberOf(number)),
                eq(check.tables.tickets.locked, true),
              ),
            )
        )[0];
        expect(row?.ownerId).toBe(m?.ok ? mariaId : annaId);
        const id = ids[i] ?? -1;
        expect((await historyEvents(check, id)).filter((e) => e === 'Lock')).toHaveLength(1);
        expect((await historyEvents(check, id)).filter((e) => e === 'OwnerUpdate')).toHaveLength(1);
        expect((await outboxTopics(check, id)).filter((x) => x === 'customer.notify:claimed')).toHaveLength(
          1,
        );
      }
    } finally {
      await check.close();
    }
  }, 15_000);
});
