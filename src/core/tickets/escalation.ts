import type { Tx } from '../../db/client.js';
import { type Actor, type Principal, resolvePrincipal, SYSTEM_ACTOR } from '../actor.js';
import type { QueueKey, TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { HelpDeskError, queueRef } from '../errors.js';
import { recordHistory } from '../history.js';
import { enqueue } from '../outbox.js';
import type { QueueRow, TicketRow } from '../permissions.js';
import { slaOnMove } from '../sla.js';
import { insertArticle } from './article-store.js';
import { assignAutomatically } from './auto-assign.js';
import { workingTicketFor } from './guards.js';
import { loadQueueById, loadQueueByKey, updateTicket } from './load.js';
import { unlock } from './ownership.js';

export interface MovedTicket {
  ticket: TicketRow;
  from: QueueRow;
  to: QueueRow;
}

/**
 * Moves the ticket between a queue and one of its sub-queues. The ticket is released so the other queue's
 * operators can claim it; whoever moved it stays accountable as responsible if nobody was. The reason is
 * kept as an internal note. The customer keeps seeing the first-level queue. The SLA becomes the new queue's,
 * counted from the ticket's creation (see slaOnMove).
 */
async function moveTicket(
  tx: Tx,
  who: Principal,
  ticket: TicketRow,
  from: QueueRow,
  to: QueueRow,
  reason: string,
  at: Date,
) {
  let moved = await unlock(tx, who, ticket, at);
  const responsibleId = moved.responsibleId ?? who.agent?.id ?? null;
  moved = await updateTicket(
    tx,
    moved,
    { queueId: to.id, responsibleId, ...(await slaOnMove(tx, moved, to, at)) },
    at,
  );
  await recordHistory(tx, who, ticket.id, at, { event: 'Move', oldValue: from.key, newValue: to.key });
  if (responsibleId !== ticket.responsibleId) {
    await recordHistory(tx, who, ticket.id, at, { event: 'ResponsibleUpdate', newValue: who.label });
  }
  const note = await insertArticle(
    tx,
    moved,
    {
      senderType: 'agent',
      channel: 'internal',
      customerVisible: false,
      authorAgentId: who.agent?.id ?? null,
      subject: `${from.name} → ${to.name}`,
      body: reason.trim() || `${from.name} → ${to.name}`,
    },
    at,
  );
  await recordHistory(tx, who, ticket.id, at, { event: 'AddNote', articleId: note.id });
  await enqueue(tx, at, { topic: 'card.sync', ticketId: ticket.id });
  await enqueue(tx, at, { topic: 'article.mirror', ticketId: ticket.id, articleId: note.id });
  // Arriving in a queue that assigns automatically, the ticket gets an owner there at once.
  const desk = await resolvePrincipal(tx, SYSTEM_ACTOR);
  return (await assignAutomatically(tx, desk, moved, to, at, 'arrived')).ticket;
}

/** Who moves which ticket out of which queue, once they may: both moves start here. */
async function startMove(tx: Tx, actor: Actor, ticketNumber: TicketNumber) {
  const { who, ticket } = await workingTicketFor(tx, actor, ticketNumber, 'move');
  return { who, ticket, from: await loadQueueById(tx, ticket.queueId) };
}

/** Escalates the ticket to a sub-queue of its current queue. */
export async function escalateTicket(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  subQueueKey: QueueKey,
  reason: string,
): Promise<MovedTicket> {
  return await inTransaction(ctx, async (tx) => {
    const { who, ticket, from } = await startMove(tx, actor, ticketNumber);
    const to = await loadQueueByKey(tx, subQueueKey);
    if (to.parentId !== from.id) {
      throw new HelpDeskError('not_a_sub_queue', `${to.name} is not a sub-queue of ${from.name}.`, {
        queue: queueRef(to),
        parent: queueRef(from),
      });
    }
    if (!to.active)
      throw new HelpDeskError('queue_inactive', `Queue ${to.name} no longer takes tickets.`, {
        queue: queueRef(to),
      });
    const now = ctx.clock.now();
    const moved = await moveTicket(tx, who, ticket, from, to, reason, now);
    await enqueue(tx, now, {
      topic: 'agent.notify',
      ticketId: ticket.id,
      event: 'escalated',
      queueId: to.id,
    });
    if (moved.responsibleId && moved.responsibleId !== who.agent?.id) {
      await enqueue(tx, now, {
        topic: 'agent.notify',
        ticketId: ticket.id,
        event: 'escalated',
        agentId: moved.responsibleId,
      });
    }
    return { ticket: moved, from, to };
  });
}

/** Sends the ticket back from a sub-queue to its parent queue. */
export async function sendBackTicket(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  reason: string,
): Promise<MovedTicket> {
  return await inTransaction(ctx, async (tx) => {
    const { who, ticket, from } = await startMove(tx, actor, ticketNumber);
    if (from.parentId === null) {
      throw new HelpDeskError(
        'first_level_queue',
        `${from.name} is a first-level queue: there is no parent to send back to.`,
        { queue: queueRef(from) },
      );
    }
    const to = await loadQueueById(tx, from.parentId);
    const now = ctx.clock.now();
    const moved = await moveTicket(tx, who, ticket, from, to, reason, now);
    await enqueue(tx, now, {
      topic: 'agent.notify',
      ticketId: ticket.id,
      event: 'sent_back',
      queueId: to.id,
    });
    return { ticket: moved, from, to };
  });
}
