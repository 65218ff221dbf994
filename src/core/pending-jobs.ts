import { and, asc, eq, isNotNull, lte } from 'drizzle-orm';
import { tickets } from '../db/schema.js';
import { type Actor, resolvePrincipal } from './actor.js';
import { type CoreContext, inTransaction } from './context.js';
import { recordHistory } from './history.js';
import { enqueue } from './outbox.js';
import { isPending } from './states.js';
import { updateTicket } from './tickets/load.js';
import { transition } from './tickets/state-changes.js';

const DESK: Actor = { kind: 'system', label: 'Sportello' };

export interface PendingRunReport {
  remindersReached: number;
  autoClosed: number;
}

/**
 * Acts on pending tickets whose time has come: a reminder goes to the owner (or the queue) once, an auto
 * close closes the ticket and tells the customer. Each ticket is its own transaction, re-read inside it,
 * so two processes running this at once act on each ticket once.
 */
export function runDuePendingTickets(ctx: CoreContext, batchSize = 100): PendingRunReport {
  const report: PendingRunReport = { remindersReached: 0, autoClosed: 0 };
  const now = ctx.clock.now();
  const due = ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(isNotNull(tickets.pendingUntil), lte(tickets.pendingUntil, now)))
    .orderBy(asc(tickets.pendingUntil))
    .limit(batchSize)
    .all();
  for (const { id } of due) {
    inTransaction(ctx, (tx) => {
      const ticket = tx.select().from(tickets).where(eq(tickets.id, id)).get();
      if (!ticket || !isPending(ticket.state) || !ticket.pendingUntil || ticket.pendingUntil > now) return;
      const who = resolvePrincipal(tx, DESK);
      if (ticket.state === 'pending_reminder') {
        updateTicket(tx, ticket, { pendingUntil: null }, now);
        recordHistory(tx, who, ticket.id, now, {
          event: 'PendingReminderReached',
          oldValue: ticket.pendingUntil.toISOString(),
        });
        const recipient = ticket.ownerId ? { agentId: ticket.ownerId } : { queueId: ticket.queueId };
        enqueue(tx, now, {
          topic: 'agent.notify',
          ticketId: ticket.id,
          event: 'pending_reminder',
          ...recipient,
        });
        enqueue(tx, now, { topic: 'card.sync', ticketId: ticket.id });
        report.remindersReached++;
        return;
      }
      const outcome =
        ticket.state === 'pending_auto_close_successful' ? 'closed_successful' : 'closed_unsuccessful';
      transition(tx, who, ticket, outcome, now);
      enqueue(tx, now, { topic: 'customer.notify', ticketId: ticket.id, event: 'closed' });
      report.autoClosed++;
    });
  }
  return report;
}
