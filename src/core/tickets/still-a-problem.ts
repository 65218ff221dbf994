import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import { tablesOf } from '../../db/tables.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import type { TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { HelpDeskError, PermissionDeniedError, queueRef } from '../errors.js';
import { isTicketCustomer, type TicketRow } from '../permissions.js';
import { CLOSED_STATES } from '../states.js';
import type { FollowUpOption } from '../vocabulary.js';
import { type FollowUpResult, followUp } from './follow-up.js';
import { customerQueue, loadQueueById, loadTicket } from './load.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A request of the customer's closed lately, and what saying "still a problem" about it would do. */
export interface ClosedRequest {
  ticket: TicketRow;
  /** Its first-level queue's follow-up option: reopen it, open a new linked ticket, or refuse. */
  followUp: FollowUpOption;
}

/** The customer's own requests closed in the last `days` days, the latest closed first. */
export async function recentlyClosedRequests(
  ctx: CoreContext,
  actor: Actor,
  days: number,
  limit: number,
): Promise<ClosedRequest[]> {
  const { tickets } = tablesOf(ctx.db);
  const who = await resolvePrincipal(ctx.db, actor);
  if (!who.customer) return [];
  const since = new Date(ctx.clock.now().getTime() - days * DAY_MS);
  const rows = await ctx.db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.customerId, who.customer.id),
        inArray(tickets.state, [...CLOSED_STATES]),
        gte(tickets.closedAt, since),
      ),
    )
    .orderBy(desc(tickets.closedAt), desc(tickets.id))
    .limit(limit);
  // Most of a customer's requests share a few queues: each queue's rule is read once.
  const ruleOf = new Map<number, FollowUpOption>();
  const closed: ClosedRequest[] = [];
  for (const ticket of rows) {
    let rule = ruleOf.get(ticket.queueId);
    if (rule === undefined) {
      rule = (await customerQueue(ctx.db, await loadQueueById(ctx.db, ticket.queueId))).followUp;
      ruleOf.set(ticket.queueId, rule);
    }
    closed.push({ ticket, followUp: rule });
  }
  return closed;
}

/**
 * The customer says a closed request of theirs is still a problem: it is reopened, or a new ticket linked to
 * it is opened, as its queue's follow-up option says. Refused where the queue takes nothing back once closed.
 */
export async function reportStillAProblem(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  message: { body: string },
): Promise<FollowUpResult> {
  // One transaction: the queue's rule is read where the follow-up is written, so a change meanwhile counts.
  return await inTransaction(ctx, async (tx) => {
    const ticket = await loadTicket(tx, ticketNumber);
    const who = await resolvePrincipal(tx, actor);
    if (!isTicketCustomer(who, ticket))
      throw new PermissionDeniedError('write_as_customer', { ticketNumber });
    const queue = await customerQueue(tx, await loadQueueById(tx, ticket.queueId));
    if (queue.followUp === 'reject') {
      throw new HelpDeskError('follow_up_refused', `${queue.key} takes no follow-up on closed tickets`, {
        ticketNumber,
        queue: queueRef(queue),
      });
    }
    return await followUp(ctx, actor, ticketNumber, { channel: 'slack', body: message.body });
  });
}
