import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { tablesOf } from '../../db/tables.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import type { TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { HelpDeskError } from '../errors.js';
import { recordHistory } from '../history.js';
import { enqueue } from '../outbox.js';
import { requireTicketPermission, type TicketRow } from '../permissions.js';
import { loadCustomerById, loadTicket, loadTicketById } from './load.js';
import { transition } from './state-changes.js';

export interface MergedTickets {
  source: TicketRow;
  target: TicketRow;
}

export interface MergeOptions {
  /**
   * The tickets are of different customers and the operator confirmed merging them anyway. Each customer
   * keeps seeing only their own messages, and a follow-up to the merged ticket opens a new one for its own
   * customer instead of landing on the other customer's ticket.
   */
  acrossCustomers?: boolean;
}

/**
 * Merges `sourceNumber` into `targetNumber`: the source becomes `merged` and links to the target, its
 * articles stay where they are and are shown with the target's; later follow-ups go to the target.
 */
export async function mergeTickets(
  ctx: CoreContext,
  actor: Actor,
  sourceNumber: TicketNumber,
  targetNumber: TicketNumber,
  options: MergeOptions = {},
): Promise<MergedTickets> {
  const { ticketLinks } = tablesOf(ctx.db);
  return await inTransaction(ctx, async (tx) => {
    const who = await resolvePrincipal(tx, actor);
    const source = await loadTicket(tx, sourceNumber);
    const target = await loadTicket(tx, targetNumber);
    if (source.id === target.id)
      throw new HelpDeskError('merge_into_itself', 'A ticket cannot be merged into itself.');
    await requireTicketPermission(tx, who, source, 'rw');
    await requireTicketPermission(tx, who, target, 'rw');
    if (target.state === 'merged') {
      throw new HelpDeskError(
        'merge_into_merged',
        `Ticket#${target.number} was itself merged: merge into the ticket it went to.`,
        { ticketNumber: target.number },
      );
    }
    if (source.customerId !== target.customerId && !options.acrossCustomers) {
      throw new HelpDeskError(
        'merge_across_customers',
        `Ticket#${source.number} and Ticket#${target.number} are of different customers: confirm to merge them anyway.`,
        {
          source: source.number,
          target: target.number,
          sourceCustomer: (await loadCustomerById(tx, source.customerId)).name,
          targetCustomer: (await loadCustomerById(tx, target.customerId)).name,
        },
      );
    }
    const now = ctx.clock.now();
    const merged = await transition(tx, who, source, 'merged', now);
    await tx
      .insert(ticketLinks)
      .values({ sourceTicketId: source.id, targetTicketId: target.id, kind: 'merged_into', createdAt: now });
    await recordHistory(tx, who, source.id, now, {
      event: 'Merged',
      oldValue: source.number,
      newValue: target.number,
    });
    await recordHistory(tx, who, target.id, now, {
      event: 'Merged',
      oldValue: source.number,
      newValue: target.number,
    });
    await enqueue(tx, now, { topic: 'card.sync', ticketId: target.id });
    await enqueue(tx, now, {
      topic: 'agent.notify',
      ticketId: target.id,
      event: 'merged',
      queueId: target.queueId,
    });
    return { source: merged, target };
  });
}

/** Where a merged ticket's follow-ups belong: the end of its chain of merges. */
export async function resolveMerged(tx: Db, ticket: TicketRow): Promise<TicketRow> {
  const { ticketLinks } = tablesOf(tx);
  let current = ticket;
  for (let hops = 0; current.state === 'merged' && hops < 32; hops++) {
    const link = (
      await tx
        .select({ targetTicketId: ticketLinks.targetTicketId })
        .from(ticketLinks)
        .where(and(eq(ticketLinks.sourceTicketId, current.id), eq(ticketLinks.kind, 'merged_into')))
    )[0];
    if (!link) break;
    current = await loadTicketById(tx, link.targetTicketId);
  }
  return current;
}
