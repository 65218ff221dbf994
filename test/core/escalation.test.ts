import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { HelpDeskError, PermissionDeniedError, TicketNotWorkingError } from '../../src/core/errors.js';
import {
  type QueueKey,
  queueKeyOf,
  type SlackUserId,
  slackUserIdOf,
  ticketNumberOf,
} from '../../src/core/model.js';
import type { OutboxMessage } from '../../src/core/outbox.js';

import {
  anna,
  giulia,
  historyEvents,
  luca,
  maria,
  openSimple,
  outboxTopics,
  student,
  useTestDesk,
} from '../support/desk.js';
import { expectRefused } from '../support/refusals.js';

const t = useTestDesk();

async function agentId(slackUserId: SlackUserId): Promise<number> {
  const row = (
    await t.db.select().from(t.tables.agents).where(eq(t.tables.agents.slackUserId, slackUserId))
  )[0];
  if (!row) throw new Error(`no agent ${slackUserId}`);
  return row.id;
}

async function queueId(key: QueueKey): Promise<number> {
  const row = (await t.db.select().from(t.tables.queues).where(eq(t.tables.queues.key, key)))[0];
  if (!row) throw new Error(`no queue ${key}`);
  return row.id;
}

async function outboxMessages(ticketId: number): Promise<OutboxMessage[]> {
  return (
    await t.db
      .select({ payload: t.tables.outbox.payload })
      .from(t.tables.outbox)
      .where(eq(t.tables.outbox.ticketId, ticketId))
      .orderBy(asc(t.tables.outbox.id))
  ).map((r) => r.payload as OutboxMessage);
}

async function historyRows(ticketId: number) {
  return await t.db
    .select()
    .from(t.tables.history)
    .where(eq(t.tables.history.ticketId, ticketId))
    .orderBy(asc(t.tables.history.id));
}

async function state(ticketId: number) {
  return {
    ticket: (await t.db.select().from(t.tables.tickets).where(eq(t.tables.tickets.id, ticketId)))[0],
    history: await historyEvents(t, ticketId),
    outbox: await outboxTopics(t, ticketId),
    articles: (await t.desk.getTicket(anna, ticketNumberOf(await numberOf(ticketId)))).articles.length,
  };
}

async function numberOf(ticketId: number): Promise<string> {
  const row = (await t.db.select().from(t.tables.tickets).where(eq(t.tables.tickets.id, ticketId)))[0];
  if (!row) throw new Error(`no ticket ${ticketId}`);
  return row.number;
}

describe('escalating to a sub-queue', () => {
  it('moves the ticket, releases it, makes the escalating operator responsible and keeps the reason as a note', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.claimTicket(maria, ticket.number);
    const {
      ticket: moved,
      from,
      to,
    } = await t.desk.escalateTicket(
      maria,
      ticket.number,
      queueKeyOf('reti'),
      'Access point on floor 3 is down',
    );
    expect(from.key).toBe('helpdesk');
    expect(to.key).toBe('reti');
    expect(moved.queueId).toBe(await queueId(queueKeyOf('reti')));
    expect(moved.locked).toBe(false);
    expect(moved.ownerId).toBeNull();
    expect(moved.responsibleId).toBe(await agentId(slackUserIdOf('U0MARIA001')));
    expect(moved.state).toBe('open');

    const details = await t.desk.getTicket(maria, ticket.number);
    expect(details.queue.key).toBe('reti');
    expect(details.owner).toBeNull();
    expect(details.responsible?.name).toBe('Maria Rossi');
    const reason = details.articles.at(-1);
    expect(reason?.body).toBe('Access point on floor 3 is down');
    expect(reason?.customerVisible).toBe(false);
    expect(reason?.channel).toBe('internal');
    expect(reason?.senderType).toBe('agent');
    expect(reason?.authorAgentId).toBe(await agentId(slackUserIdOf('U0MARIA001')));

    expect(await historyEvents(t, ticket.id)).toEqual([
      'NewTicket',
      'Lock',
      'OwnerUpdate',
      'StateUpdate',
      'Unlock',
      'Move',
      'ResponsibleUpdate',
      'AddNote',
    ]);
    const move = (await historyRows(ticket.id)).find((h) => h.event === 'Move');
    expect([move?.oldValue, move?.newValue]).toEqual(['helpdesk', 'reti']);
    expect(await outboxMessages(ticket.id)).toContainEqual({
      topic: 'agent.notify',
      ticketId: ticket.id,
      event: 'escalated',
      queueId: await queueId(queueKeyOf('reti')),
    });
    // The escalating operator is the responsible: they are not told about their own escalation.
    expect((await outboxTopics(t, ticket.id)).filter((x) => x === 'agent.notify:escalated')).toHaveLength(1);
  });

  it('keeps an existing responsible and tells them', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.setResponsible(maria, ticket.number, slackUserIdOf('U0GIULIA01'));
    const { ticket: moved } = await t.desk.escalateTicket(
      maria,
      ticket.number,
      queueKeyOf('posta'),
      'Mailbox quota',
    );
    expect(moved.responsibleId).toBe(await agentId(slackUserIdOf('U0GIULIA01')));
    expect((await historyEvents(t, ticket.id)).filter((e) => e === 'ResponsibleUpdate')).toHaveLength(1);
    expect(await historyEvents(t, ticket.id)).not.toContain('Unlock');
    expect(await outboxMessages(ticket.id)).toContainEqual({
      topic: 'agent.notify',
      ticketId: ticket.id,
      event: 'escalated',
      agentId: await agentId(slackUserIdOf('U0GIULIA01')),
    });
  });

  it('uses the queue names as the note when no reason is given', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.escalateTicket(maria, ticket.number, queueKeyOf('reti'), '   ');
    const note = (await t.desk.getTicket(maria, ticket.number)).articles.at(-1);
    expect(note?.body).toBe('Helpdesk informatico → Reti e Wi-Fi');
    expect(note?.customerVisible).toBe(false);
  });

  it('refuses a queue that is not a sub-queue of the current one', async () => {
    const { ticket } = await openSimple(t);
    const error = await expectRefusedOf(ticket.id, HelpDeskError, 'not_a_sub_queue', () =>
      t.desk.escalateTicket(maria, ticket.number, queueKeyOf('esami'), 'wrong'),
    );
    expect(error.message).toBe('Esami is not a sub-queue of Helpdesk informatico.');
    await expectRefusedOf(ticket.id, HelpDeskError, 'not_a_sub_queue', () =>
      t.desk.escalateTicket(maria, ticket.number, queueKeyOf('helpdesk'), 'itself'),
    );
    await expectRefusedOf(ticket.id, HelpDeskError, 'not_a_sub_queue', () =>
      t.desk.escalateTicket(anna, ticket.number, queueKeyOf('didattica'), 'another first level'),
    );
    await t.desk.escalateTicket(maria, ticket.number, queueKeyOf('posta'), 'mail');
    const sibling = await expectRefusedOf(ticket.id, HelpDeskError, 'not_a_sub_queue', () =>
      t.desk.escalateTicket(maria, ticket.number, queueKeyOf('reti'), 'sibling'),
    );
    expect(sibling.message).toBe('Reti e Wi-Fi is not a sub-queue of Posta elettronica.');
  });

  it('refuses an unknown queue', async () => {
    const { ticket } = await openSimple(t);
    await expectRefusedOf(ticket.id, HelpDeskError, 'not_found', () =>
      t.desk.escalateTicket(maria, ticket.number, queueKeyOf('nowhere'), 'x'),
    );
  });

  it('refuses a closed ticket', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_unsuccessful' });
    await expectRefusedOf(ticket.id, TicketNotWorkingError, 'ticket_not_working', () =>
      t.desk.escalateTicket(maria, ticket.number, queueKeyOf('reti'), 'too late'),
    );
  });

  it('needs the move right in the current queue', async () => {
    const { ticket } = await openSimple(t);
    await expectRefusedOf(ticket.id, PermissionDeniedError, 'permission_denied', () =>
      t.desk.escalateTicket(giulia, ticket.number, queueKeyOf('reti'), 'x'),
    );
    await expectRefusedOf(ticket.id, PermissionDeniedError, 'permission_denied', () =>
      t.desk.escalateTicket(luca, ticket.number, queueKeyOf('reti'), 'x'),
    );
    await expectRefusedOf(ticket.id, PermissionDeniedError, 'permission_denied', () =>
      t.desk.escalateTicket(student, ticket.number, queueKeyOf('reti'), 'x'),
    );
  });
});

describe('sending back', () => {
  it('moves the ticket from the sub-queue to its parent and tells the parent queue', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.escalateTicket(maria, ticket.number, queueKeyOf('reti'), 'AP down');
    await t.desk.claimTicket(luca, ticket.number);
    const {
      ticket: back,
      from,
      to,
    } = await t.desk.sendBackTicket(luca, ticket.number, 'Not a network problem');
    expect([from.key, to.key]).toEqual(['reti', 'helpdesk']);
    expect(back.queueId).toBe(await queueId(queueKeyOf('helpdesk')));
    expect(back.locked).toBe(false);
    expect(back.ownerId).toBeNull();
    expect(back.responsibleId).toBe(await agentId(slackUserIdOf('U0MARIA001')));
    const rows = await historyRows(ticket.id);
    const moves = rows.filter((h) => h.event === 'Move').map((h) => [h.oldValue, h.newValue]);
    expect(moves).toEqual([
      ['helpdesk', 'reti'],
      ['reti', 'helpdesk'],
    ]);
    expect(rows.at(-1)?.event).toBe('AddNote');
    expect(await outboxMessages(ticket.id)).toContainEqual({
      topic: 'agent.notify',
      ticketId: ticket.id,
      event: 'sent_back',
      queueId: await queueId(queueKeyOf('helpdesk')),
    });
    const note = (await t.desk.getTicket(maria, ticket.number)).articles.at(-1);
    expect(note?.body).toBe('Not a network problem');
    expect(note?.customerVisible).toBe(false);
    // Back in helpdesk, luca has no rights on it any more.
    await expect(t.desk.getTicket(luca, ticket.number)).rejects.toThrow(PermissionDeniedError);
  });

  it('refuses a ticket in a first-level queue', async () => {
    const { ticket } = await openSimple(t);
    const error = await expectRefusedOf(ticket.id, HelpDeskError, 'first_level_queue', () =>
      t.desk.sendBackTicket(maria, ticket.number, 'x'),
    );
    expect(error.message).toBe(
      'Helpdesk informatico is a first-level queue: there is no parent to send back to.',
    );
  });

  it('refuses a closed ticket', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.escalateTicket(maria, ticket.number, queueKeyOf('reti'), 'AP down');
    await t.desk.closeTicket(luca, ticket.number, { state: 'closed_successful' });
    await expectRefusedOf(ticket.id, TicketNotWorkingError, 'ticket_not_working', () =>
      t.desk.sendBackTicket(luca, ticket.number, 'x'),
    );
  });
});

describe('what the customer sees of an escalation', () => {
  it('still the first-level queue, and not the reason', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.escalateTicket(
      maria,
      ticket.number,
      queueKeyOf('reti'),
      'Internal: the RADIUS server is misconfigured',
    );
    const seen = await t.desk.getTicket(student, ticket.number);
    expect(seen.view).toBe('customer');
    expect(seen.queue.key).toBe('helpdesk');
    expect(seen.articles).toHaveLength(1);
    expect(JSON.stringify(seen)).not.toContain('RADIUS');
    expect(seen.history).toEqual([]);
    // The customer's own messages still land on the escalated ticket.
    const { outcome } = await t.desk.followUp(student, ticket.number, {
      channel: 'slack',
      body: 'Any news?',
    });
    expect(outcome).toBe('appended');
    expect((await t.desk.getTicket(student, ticket.number)).articles.map((a) => a.body)).toEqual([
      'Cannot connect to eduroam: it keeps asking for my password.',
      'Any news?',
    ]);
  });
});

/** A refusal that must leave the ticket as it was. */
async function expectRefusedOf<E extends HelpDeskError>(
  ticketId: number,
  type: abstract new (...args: never[]) => E,
  code: string,
  action: () => unknown,
): Promise<E> {
  return expectRefused(type, code, action, () => state(ticketId));
}
