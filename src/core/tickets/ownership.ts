import type { Tx } from '../../db/client.js';
import { type Actor, type AgentRow, type Principal, resolvePrincipal } from '../actor.js';
import type { SlackUserId, TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { AlreadyClaimedError, HelpDeskError, PermissionDeniedError } from '../errors.js';
import { recordHistory } from '../history.js';
import { enqueue } from '../outbox.js';
import {
  hasQueuePermission,
  hasTicketPermission,
  requireTicketPermission,
  type TicketRow,
} from '../permissions.js';
import { requireAgent, requireWorking, workingTicketFor } from './guards.js';
import { loadAgentById, loadAgentBySlackId, loadTicket, updateTicket } from './load.js';

/**
 * Makes `owner` the locked owner of the ticket; a new ticket becomes open and its customer is told it was
 * taken in charge.
 */
export async function takeOwnership(
  tx: Tx,
  who: Principal,
  ticket: TicketRow,
  owner: AgentRow,
  at: Date,
): Promise<TicketRow> {
  const wasNew = ticket.state === 'new';
  const previousOwner = ticket.ownerId ? await loadAgentById(tx, ticket.ownerId) : null;
  const updated = await updateTicket(
    tx,
    ticket,
    { ownerId: owner.id, locked: true, state: wasNew ? 'open' : ticket.state },
    at,
  );
  if (!ticket.locked) await recordHistory(tx, who, ticket.id, at, { event: 'Lock', newValue: 'lock' });
  if (previousOwner?.id !== owner.id) {
    await recordHistory(tx, who, ticket.id, at, {
      event: 'OwnerUpdate',
      oldValue: previousOwner?.name,
      newValue: owner.name,
    });
  }
  if (wasNew)
    await recordHistory(tx, who, ticket.id, at, { event: 'StateUpdate', oldValue: 'new', newValue: 'open' });
  await enqueue(tx, at, { topic: 'card.sync', ticketId: ticket.id });
  if (wasNew) await enqueue(tx, at, { topic: 'customer.notify', ticketId: ticket.id, event: 'claimed' });
  return updated;
}

/**
 * The actor takes the ticket in charge. Claiming one's own ticket again changes nothing (a repeated click);
 * a ticket another operator holds is refused, naming them.
 */
export async function claimTicket(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
): Promise<TicketRow> {
  return await inTransaction(ctx, async (tx) => {
    const who = await resolvePrincipal(tx, actor);
    const ticket = await loadTicket(tx, ticketNumber);
    await requireTicketPermission(tx, who, ticket, 'owner');
    const agent = requireAgent(who);
    requireWorking(ticket);
    if (ticket.locked && ticket.ownerId !== null) {
      if (ticket.ownerId === agent.id) return ticket;
      const owner = await loadAgentById(tx, ticket.ownerId);
      throw new AlreadyClaimedError(ticket.number, { name: owner.name, slackUserId: owner.slackUserId });
    }
    return takeOwnership(tx, who, ticket, agent, ctx.clock.now());
  });
}

/** Gives the ticket back to its queue. The owner may; anyone else needs full rights in the queue. */
export async function releaseTicket(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
): Promise<TicketRow> {
  return await inTransaction(ctx, async (tx) => {
    const who = await resolvePrincipal(tx, actor);
    const ticket = await loadTicket(tx, ticketNumber);
    const isOwner = who.agent !== null && who.agent.id === ticket.ownerId;
    if (!isOwner) await requireTicketPermission(tx, who, ticket, 'rw');
    if (!ticket.locked)
      throw new HelpDeskError('not_claimed', `Ticket#${ticket.number} is not claimed by anyone.`, {
        ticketNumber: ticket.number,
      });
    return unlock(tx, who, ticket, ctx.clock.now());
  });
}

/** Clears the lock and the owner; shared by release, escalation and closing. */
export async function unlock(tx: Tx, who: Principal, ticket: TicketRow, at: Date): Promise<TicketRow> {
  if (!ticket.locked) return ticket;
  const previousOwner = ticket.ownerId ? await loadAgentById(tx, ticket.ownerId) : null;
  const updated = await updateTicket(tx, ticket, { locked: false, ownerId: null }, at);
  await recordHistory(tx, who, ticket.id, at, {
    event: 'Unlock',
    oldValue: previousOwner?.name,
    newValue: 'unlock',
  });
  await enqueue(tx, at, { topic: 'card.sync', ticketId: ticket.id });
  return updated;
}

/** Hands the ticket to another operator, who must be allowed to own tickets in its queue. */
export async function assignOwner(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  ownerSlackUserId: SlackUserId,
): Promise<TicketRow> {
  return await inTransaction(ctx, async (tx) => {
    const { who, ticket } = await workingTicketFor(tx, actor, ticketNumber, 'owner');
    const owner = await loadAgentBySlackId(tx, ownerSlackUserId);
    const ownerPrincipal = await resolvePrincipal(tx, { kind: 'slack', userId: owner.slackUserId });
    if (!(await hasTicketPermission(tx, ownerPrincipal, ticket, 'owner')) || !ownerPrincipal.agent) {
      throw new PermissionDeniedError('give_to_non_operator', { ticketNumber: ticket.number }, owner.name);
    }
    if (ticket.locked && ticket.ownerId === owner.id) return ticket;
    const now = ctx.clock.now();
    const updated = await takeOwnership(tx, who, ticket, owner, now);
    if (who.agent?.id !== owner.id) {
      await enqueue(tx, now, {
        topic: 'agent.notify',
        ticketId: ticket.id,
        event: 'assigned',
        agentId: owner.id,
      });
    }
    return updated;
  });
}

/** Makes an operator who can see the queue accountable for the ticket (not necessarily its owner). */
export async function setResponsible(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  responsibleSlackUserId: SlackUserId,
): Promise<TicketRow> {
  return await inTransaction(ctx, async (tx) => {
    const who = await resolvePrincipal(tx, actor);
    const ticket = await loadTicket(tx, ticketNumber);
    await requireTicketPermission(tx, who, ticket, 'owner');
    const responsible = await loadAgentBySlackId(tx, responsibleSlackUserId);
    const responsiblePrincipal = await resolvePrincipal(tx, {
      kind: 'slack',
      userId: responsible.slackUserId,
    });
    if (!(await hasQueuePermission(tx, responsiblePrincipal, ticket.queueId, 'read'))) {
      throw new PermissionDeniedError(
        'make_blind_responsible',
        { ticketNumber: ticket.number },
        responsible.name,
      );
    }
    if (ticket.responsibleId === responsible.id) return ticket;
    const now = ctx.clock.now();
    const previous = ticket.responsibleId ? await loadAgentById(tx, ticket.responsibleId) : null;
    const updated = await updateTicket(tx, ticket, { responsibleId: responsible.id }, now);
    await recordHistory(tx, who, ticket.id, now, {
      event: 'ResponsibleUpdate',
      oldValue: previous?.name,
      newValue: responsible.name,
    });
    await enqueue(tx, now, { topic: 'card.sync', ticketId: ticket.id });
    if (who.agent?.id !== responsible.id) {
      await enqueue(tx, now, {
        topic: 'agent.notify',
        ticketId: ticket.id,
        event: 'responsible',
        agentId: responsible.id,
      });
    }
    return updated;
  });
}
