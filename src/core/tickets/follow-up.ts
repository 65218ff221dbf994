import { differenceInMilliseconds } from 'date-fns';
import type { Tx } from '../../db/client.js';
import { tablesOf } from '../../db/tables.js';
import { type Actor, type Principal, resolvePrincipal } from '../actor.js';
import type { TicketNumber } from '../brands.js';
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
import { isParticipant } from './participants.js';
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
  /**
   * A mail from someone who is neither the ticket's customer nor one of its participants (or whose sender
   * could not be authenticated): kept as an internal article showing its real sender, with no other effect.
   */
  | 'not_from_customer'
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
  /**
   * Mail, when the desk checks senders: a mail whose sender did not pass authentication (`article.mailAuth`)
   * is not believed to come from the customer or a participant, whatever its From says.
   */
  requireAuthenticatedSender?: boolean;
}

function withinReopenWindow(queue: QueueRow, ticket: TicketRow, now: Date): boolean {
  if (queue.reopenWindowDays === null || ticket.closedAt === null) return true;
  return differenceInMilliseconds(now, ticket.closedAt) <= queue.reopenWindowDays * DAY_MS;
}

/**
 * Who wrote to `ticket`, as far as the desk believes it: its customer (or the desk on their behalf), one of
 * its participants, or someone else writing by mail. A Slack user who is not the customer is refused.
 */
async function writerOf(
  tx: Tx,
  who: Principal,
  tickets: TicketRow[],
  article: ArticleInput,
  options: FollowUpOptions,
): Promise<'customer' | 'participant' | 'outsider'> {
  if (who.isSystem) return 'customer';
  const [addressed] = tickets as [TicketRow];
  const authenticated = !options.requireAuthenticatedSender || article.mailAuth === 'pass';
  if (isTicketCustomer(who, addressed)) return authenticated ? 'customer' : 'outsider';
  if (who.actor.kind !== 'email') {
    throw new PermissionDeniedError('write_as_customer', { ticketNumber: addressed.number });
  }
  const address = who.actor.address.toLowerCase();
  let participant = false;
  for (const ticket of tickets) participant ||= await isParticipant(tx, ticket.id, address);
  return participant && authenticated ? 'participant' : 'outsider';
}

/**
 * The customer writes about a ticket. A merged ticket forwards to the one it was merged into (unless that
 * one is another customer's: then the writer gets a new ticket of their own, linked to theirs); a closed one
 * follows its first-level queue's option: reopen (within the reopen window, else a new linked ticket),
 * reject, or a new linked ticket. Mail from anyone else is kept, internal, and changes nothing.
 */
export async function followUp(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  article: ArticleInput,
  options: FollowUpOptions = {},
): Promise<FollowUpResult> {
  const notifyCustomer = options.notifyCustomer !== false;
  return await inTransaction(ctx, async (tx) => {
    const who = await resolvePrincipal(tx, actor);
    const addressed = await loadTicket(tx, ticketNumber);
    const ticket = await resolveMerged(tx, addressed);
    const writer = await writerOf(tx, who, [addressed, ticket], article, options);
    const previousTicket = ticket.id === addressed.id ? undefined : addressed;
    const stored = await findStoredMessage(tx, article);
    if (stored)
      return { outcome: 'duplicate', ticket: await loadTicketById(tx, stored.ticketId), article: stored };
    const now = ctx.clock.now();
    if (writer === 'outsider') {
      const added = await appendArticle(tx, who, ticket, { ...article, kind: 'external' }, now);
      return { outcome: 'not_from_customer', ticket: added.ticket, article: added.article, previousTicket };
    }
    const message = { ...article, kind: 'customer' as const };
    const author = writer === 'customer' ? addressed.customerId : null;
    if (ticket.customerId !== addressed.customerId) {
      // Merged into another customer's ticket: that customer must not read this one's messages.
      const queue = await customerQueue(tx, await loadQueueById(tx, addressed.queueId));
      return openLinkedTicket(ctx, tx, who, addressed, queue, message, now, notifyCustomer);
    }
    if (!isClosed(ticket.state)) {
      const added = await appendArticle(tx, who, ticket, message, now, author);
      return { outcome: 'appended', ticket: added.ticket, article: added.article, previousTicket };
    }
    const queue = await customerQueue(tx, await loadQueueById(tx, ticket.queueId));
    if (queue.followUp === 'reject') {
      const added = await appendArticle(tx, who, ticket, message, now, author);
      await recordHistory(tx, who, ticket.id, now, {
        event: 'FollowUpRejected',
        articleId: added.article.id,
      });
      if (notifyCustomer) {
        await enqueue(tx, now, {
          topic: 'customer.notify',
          ticketId: ticket.id,
          event: 'follow_up_rejected',
        });
      }
      return { outcome: 'rejected', ticket: added.ticket, article: added.article, previousTicket };
    }
    if (queue.followUp === 'reopen' && withinReopenWindow(queue, ticket, now)) {
      const reopened = await transition(tx, who, ticket, 'open', now);
      if (notifyCustomer)
        await enqueue(tx, now, { topic: 'customer.notify', ticketId: ticket.id, event: 'reopened' });
      const added = await appendArticle(tx, who, reopened, message, now, author);
      return { outcome: 'reopened', ticket: added.ticket, article: added.article, previousTicket };
    }
    return openLinkedTicket(ctx, tx, who, ticket, queue, message, now, notifyCustomer);
  });
}

/** A new ticket in the customer's queue for a follow-up the closed ticket cannot take, linked back to it. */
async function openLinkedTicket(
  ctx: CoreContext,
  tx: Tx,
  who: Principal,
  closed: TicketRow,
  queue: QueueRow,
  message: ArticleInput,
  now: Date,
  notifyCustomer: boolean,
): Promise<FollowUpResult> {
  const { ticketLinks } = tablesOf(ctx.db);
  const customer = await loadCustomerById(tx, closed.customerId);
  const created = await createTicket(
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
  await tx.insert(ticketLinks).values({
    sourceTicketId: created.ticket.id,
    targetTicketId: closed.id,
    kind: 'follow_up_of',
    createdAt: now,
  });
  await recordHistory(tx, who, closed.id, now, {
    event: 'FollowUp',
    newValue: `new ticket ${created.ticket.number}`,
  });
  return { outcome: 'new_ticket', ticket: created.ticket, article: created.article, previousTicket: closed };
}
