import type { Tx } from '../../db/client.js';
import { type Actor, type Principal, resolvePrincipal } from '../actor.js';
import type { TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { InvalidTransitionError, ValidationError } from '../errors.js';
import { recordHistory } from '../history.js';
import { enqueue } from '../outbox.js';
import { requireTicketPermission, type TicketRow } from '../permissions.js';
import { PRIORITY_NAMES, validatePriority } from '../priorities.js';
import {
  type ClosedState,
  canTransition,
  isClosed,
  isWorking,
  type PendingState,
  type TicketState,
} from '../states.js';
import { appendArticle } from './add-article.js';
import { workingTicketFor } from './guards.js';
import { loadTicket, updateTicket } from './load.js';
import { unlock } from './ownership.js';

/** Moves the ticket to `to` if the transition table allows it, with its history row. */
export async function transition(
  tx: Tx,
  who: Principal,
  ticket: TicketRow,
  to: TicketState,
  at: Date,
  extra: Partial<TicketRow> = {},
): Promise<TicketRow> {
  if (!canTransition(ticket.state, to)) {
    throw new InvalidTransitionError(ticket.number, ticket.state, to);
  }
  const closing = isClosed(to) || to === 'merged';
  const updated = await updateTicket(
    tx,
    ticket,
    {
      state: to,
      working: isWorking(to),
      closedAt: closing ? at : to === 'open' ? null : ticket.closedAt,
      pendingUntil: null,
      ...extra,
    },
    at,
  );
  await recordHistory(tx, who, ticket.id, at, { event: 'StateUpdate', oldValue: ticket.state, newValue: to });
  await enqueue(tx, at, { topic: 'card.sync', ticketId: ticket.id });
  return closing ? await unlock(tx, who, updated, at) : updated;
}

export interface CloseInput {
  state: ClosedState;
  /** Told to the customer as a reply before closing. */
  message?: string;
}

/** Closes the ticket, successful or not; the customer may close their own request. */
export async function closeTicket(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  input: CloseInput,
): Promise<TicketRow> {
  return await inTransaction(ctx, async (tx) => {
    const who = await resolvePrincipal(tx, actor);
    let ticket = await loadTicket(tx, ticketNumber);
    await requireTicketPermission(tx, who, ticket, 'close');
    const now = ctx.clock.now();
    if (!canTransition(ticket.state, input.state)) {
      throw new InvalidTransitionError(ticket.number, ticket.state, input.state);
    }
    if (input.message?.trim()) {
      const kind = who.agent && who.customer?.id !== ticket.customerId ? 'reply' : 'customer';
      if (kind === 'reply') await requireTicketPermission(tx, who, ticket, 'rw');
      ticket = (await appendArticle(tx, who, ticket, { kind, channel: 'slack', body: input.message }, now))
        .ticket;
    }
    const closed = await transition(tx, who, ticket, input.state, now);
    await enqueue(tx, now, { topic: 'customer.notify', ticketId: ticket.id, event: 'closed' });
    return closed;
  });
}

/** Opens a closed or waiting ticket again; solution time keeps running from the first opening. */
export async function reopenTicket(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
): Promise<TicketRow> {
  return await inTransaction(ctx, async (tx) => {
    const who = await resolvePrincipal(tx, actor);
    const ticket = await loadTicket(tx, ticketNumber);
    await requireTicketPermission(tx, who, ticket, 'rw');
    const now = ctx.clock.now();
    const reopened = await transition(tx, who, ticket, 'open', now);
    if (isClosed(ticket.state))
      await enqueue(tx, now, { topic: 'customer.notify', ticketId: ticket.id, event: 'reopened' });
    return reopened;
  });
}

/** Puts the ticket on hold until `until`: a reminder to the owner then, or an automatic close. */
export async function setPending(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  state: PendingState,
  until: Date,
): Promise<TicketRow> {
  return await inTransaction(ctx, async (tx) => {
    const { who, ticket } = await workingTicketFor(tx, actor, ticketNumber, 'rw');
    return await putOnHold(tx, who, ticket, state, until, ctx.clock.now());
  });
}

/** Puts a working ticket on hold until `until` (in the future), with its history and notices. */
export async function putOnHold(
  tx: Tx,
  who: Principal,
  ticket: TicketRow,
  state: PendingState,
  until: Date,
  now: Date,
): Promise<TicketRow> {
  if (Number.isNaN(until.getTime()) || until <= now) {
    throw new ValidationError('pending_until', 'in_the_past', 'The pending time must be in the future.');
  }
  const pending =
    ticket.state === state
      ? await updateTicket(tx, ticket, { pendingUntil: until }, now)
      : await transition(tx, who, ticket, state, now, { pendingUntil: until });
  await recordHistory(tx, who, ticket.id, now, {
    event: 'SetPendingTime',
    oldValue: ticket.pendingUntil?.toISOString(),
    newValue: until.toISOString(),
  });
  await enqueue(tx, now, { topic: 'card.sync', ticketId: ticket.id });
  await enqueue(tx, now, { topic: 'customer.notify', ticketId: ticket.id, event: 'pending' });
  return pending;
}

export async function setPriority(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  priority: number,
): Promise<TicketRow> {
  const value = validatePriority(priority);
  return await inTransaction(ctx, async (tx) => {
    const { who, ticket } = await workingTicketFor(tx, actor, ticketNumber, 'priority');
    if (ticket.priority === value) return ticket;
    const now = ctx.clock.now();
    const updated = await updateTicket(tx, ticket, { priority: value }, now);
    await recordHistory(tx, who, ticket.id, now, {
      event: 'PriorityUpdate',
      oldValue: `${ticket.priority} ${PRIORITY_NAMES[validatePriority(ticket.priority)]}`,
      newValue: `${value} ${PRIORITY_NAMES[value]}`,
    });
    await enqueue(tx, now, { topic: 'card.sync', ticketId: ticket.id });
    return updated;
  });
}
