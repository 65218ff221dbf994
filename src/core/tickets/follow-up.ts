import { differenceInMilliseconds } from 'date-fns';
import type { Tx } from '../../db/client.js';
import { ticketLinks } from '../../db/schema.js';
import { type Actor, type Principal, resolvePrincipal } from '../actor.js';
import { type CoreContext, inTransaction } from '../context.js';
import { PermissionDeniedError } from '../errors.js';
import { recordHistory } from '../history.js';
import { enqueue } from '../outbox.js';
import { isTicketCustomer, type QueueRow, type TicketRow } from '../permissions.js';
import { isClosed } from '../states.js';
import { appendArticle } from './add-article.js';
import { type ArticleInput, type ArticleRow, findStoredMessage } from './article-store.js';
import { createTicket } from './create-ticket.js';
import { customerQueue, loadCustomerById, loadQueueById, loadTicket, loadTicketById } from './load.js';
import { resolveMerged } from './merge.js';
import { transition } from './state-changes.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export type FollowUpOutcome =
  /** Added to a ticket still being worked. */
  | 'appended'
  /** The closed ticket was opened again. */
  | 'reopened'
  /** The queue takes no follow-ups on closed tickets: kept on the ticket, the customer told to open a new one. */
  | 'rejected'
  /** A new ticket, linked to the closed one. */
  | 'new_ticket'
  /** This message was stored already (a retried Slack event, a mail read twice): nothing changed. */
  | 'duplicate';

export interface FollowUpResult {
  outcome: FollowUpOutcome;
  /** The ticket the message landed on (the new one for `new_ticket`). */
  ticket: TicketRow;
  article: ArticleRow;
  /** The ticket the customer wrote to, when it differs (merged away, or closed and followed by a new one). */
  previousTicket?: TicketRow;
}

export interface FollowUpOptions {
  /**
   * False: the customer is not told that the ticket was reopened, that the follow-up was rejected, or that
   * a new ticket was opened (an auto-generated mail must not be answered automatically). True by default.
   */
  notifyCustomer?: boolean;
}

function withinReopenWindow(queue: QueueRow, ticket: TicketRow, now: Date): boolean {
  if (queue.reopenWindowDays === null || ticket.closedAt === null) return true;
  return differenceInMilliseconds(now, ticket.closedAt) <= queue.reopenWindowDays * DAY_MS;
}

/**
 * The customer writes about a ticket. A merged ticket forwards to the one it was merged into; a closed one
 * follows its first-level queue's option: reopen (within the reopen window, else a new linked ticket),
 * reject, or a new linked ticket.
 */
export function followUp(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: string,
  article: ArticleInput,
  options: FollowUpOptions = {},
): FollowUpResult {
  const notifyCustomer = options.notifyCustomer !== false;
  return inTransaction(ctx, (tx) => {
    const who = resolvePrincipal(tx, actor);
    const addressed = loadTicket(tx, ticketNumber);
    if (!who.isSystem && !isTicketCustomer(who, addressed)) {
      throw new PermissionDeniedError('write as the customer', `Ticket#${addressed.number}`);
    }
    const ticket = resolveMerged(tx, addressed);
    const previousTicket = ticket.id === addressed.id ? undefined : addressed;
    const stored = findStoredMessage(tx, article);
    if (stored) return { outcome: 'duplicate', ticket: loadTicketById(tx, stored.ticketId), article: stored };
    const now = ctx.clock.now();
    const message = { ...article, kind: 'customer' as const };
    if (!isClosed(ticket.state)) {
      const added = appendArticle(tx, who, ticket, message, now);
      return { outcome: 'appended', ticket: added.ticket, article: added.article, previousTicket };
    }
    const queue = customerQueue(tx, loadQueueById(tx, ticket.queueId));
    if (queue.followUp === 'reject') {
      const added = appendArticle(tx, who, ticket, message, now);
      recordHistory(tx, who, ticket.id, now, { event: 'FollowUpRejected', articleId: added.article.id });
      if (notifyCustomer) {
        enqueue(tx, now, { topic: 'customer.notify', ticketId: ticket.id, event: 'follow_up_rejected' });
      }
      return { outcome: 'rejected', ticket: added.ticket, article: added.article, previousTicket };
    }
    if (queue.followUp === 'reopen' && withinReopenWindow(queue, ticket, now)) {
      const reopened = transition(tx, who, ticket, 'open', now);
      if (notifyCustomer)
        enqueue(tx, now, { topic: 'customer.notify', ticketId: ticket.id, event: 'reopened' });
      const added = appendArticle(tx, who, reopened, message, now);
      return { outcome: 'reopened', ticket: added.ticket, article: added.article, previousTicket };
    }
    return openLinkedTicket(ctx, tx, who, ticket, queue, message, now, notifyCustomer);
  });
}

/** A new ticket in the customer's queue for a follow-up the closed ticket cannot take, linked back to it. */
function openLinkedTicket(
  ctx: CoreContext,
  tx: Tx,
  who: Principal,
  closed: TicketRow,
  queue: QueueRow,
  message: ArticleInput,
  now: Date,
  notifyCustomer: boolean,
): FollowUpResult {
  const customer = loadCustomerById(tx, closed.customerId);
  const created = createTicket(
    ctx,
    tx,
    who,
    {
      title: closed.title,
      priority: closed.priority,
      queue,
      customer,
      responsibleId: closed.responsibleId,
      article: message,
      note: `follow-up of ${closed.number}`,
      notifyCustomer,
    },
    now,
  );
  tx.insert(ticketLinks)
    .values({
      sourceTicketId: created.ticket.id,
      targetTicketId: closed.id,
      kind: 'follow_up_of',
      createdAt: now,
    })
    .run();
  recordHistory(tx, who, closed.id, now, {
    event: 'FollowUp',
    newValue: `new ticket ${created.ticket.number}`,
  });
  return { outcome: 'new_ticket', ticket: created.ticket, article: created.article, previousTicket: closed };
}
