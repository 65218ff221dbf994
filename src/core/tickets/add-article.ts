import type { Tx } from '../../db/client.js';
import { type Actor, type Principal, resolvePrincipal } from '../actor.js';
import type { TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { PermissionDeniedError } from '../errors.js';
import { recordHistory } from '../history.js';
import { enqueue } from '../outbox.js';
import {
  hasTicketPermission,
  isTicketCustomer,
  requireTicketPermission,
  type TicketRow,
} from '../permissions.js';
import { UPDATE_SETTLED, updateOwedAfter } from '../sla.js';
import { isPending } from '../states.js';
import {
  type ArticleInput,
  type ArticleRow,
  findArticleBySlackMessage,
  findStoredMessage,
  insertArticle,
} from './article-store.js';
import { requireWorking } from './guards.js';
import { loadQueueById, loadTicket, updateTicket } from './load.js';

export type ArticleKind =
  /** An operator's answer: reaches the customer. */
  | 'reply'
  /** An operator's internal note: never reaches the customer. */
  | 'note'
  /** The customer's words, written by them or recorded by an operator (a phone call). */
  | 'customer'
  /** A notification the desk sent, kept as the record of what was said. */
  | 'system'
  /** Mail about the ticket from someone outside it (see follow-up): internal, with no effect. */
  | 'external';

export interface AddArticleInput extends ArticleInput {
  kind: ArticleKind;
  /** Only for 'system': whether the notification went to the customer. */
  customerVisible?: boolean;
  /** Only for 'reply': the canned response it was written from, named in its history row (SendAnswer). */
  responseTitle?: string;
}

export interface AddedArticle {
  ticket: TicketRow;
  article: ArticleRow;
  /** False when this message was already stored (a retried Slack event or a re-read mail). */
  created: boolean;
}

async function authorize(tx: Tx, who: Principal, ticket: TicketRow, kind: ArticleKind): Promise<void> {
  if (kind === 'note') {
    await requireTicketPermission(tx, who, ticket, 'note');
  } else if (kind === 'reply') {
    await requireTicketPermission(tx, who, ticket, 'rw');
  } else if (kind === 'system') {
    if (!who.isSystem) throw new PermissionDeniedError('write_as_desk', { ticketNumber: ticket.number });
  } else if (kind === 'external') {
    throw new PermissionDeniedError('write_as_outsider', { ticketNumber: ticket.number });
  } else if (!isTicketCustomer(who, ticket) && !(await hasTicketPermission(tx, who, ticket, 'note'))) {
    throw new PermissionDeniedError('write_for_customer', { ticketNumber: ticket.number });
  }
}

/**
 * Stores one article in its transaction with its history row and deliveries: a reply goes to the customer,
 * a customer's message to the owner, and anything not written in the Slack thread is mirrored there.
 * Writes to a closed ticket by its customer go through follow-up instead.
 */
export async function addArticle(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  input: AddArticleInput,
): Promise<AddedArticle> {
  return await inTransaction(ctx, async (tx) => {
    const who = await resolvePrincipal(tx, actor);
    const ticket = await loadTicket(tx, ticketNumber);
    await authorize(tx, who, ticket, input.kind);
    const existing = await findStoredMessage(tx, input);
    if (existing) return { ticket, article: existing, created: false };
    if (input.kind !== 'system') requireWorking(ticket);
    return appendArticle(tx, who, ticket, input, ctx.clock.now());
  });
}

/**
 * The part of adding an article shared with follow-ups: the article, its effects, history and deliveries.
 * A customer article's author is the ticket's customer unless said otherwise (a participant: null; the
 * customer of a ticket merged into this one).
 */
export async function appendArticle(
  tx: Tx,
  who: Principal,
  ticket: TicketRow,
  input: AddArticleInput,
  at: Date,
  authorCustomerId: number | null = ticket.customerId,
): Promise<AddedArticle> {
  const { kind } = input;
  const customerVisible =
    kind === 'reply' || kind === 'customer' || (kind === 'system' && input.customerVisible === true);
  const article = await insertArticle(
    tx,
    ticket,
    {
      ...input,
      senderType: kind === 'reply' || kind === 'note' ? 'agent' : kind,
      customerVisible,
      authorAgentId: kind === 'reply' || kind === 'note' ? (who.agent?.id ?? null) : null,
      authorCustomerId: kind === 'customer' ? authorCustomerId : null,
    },
    at,
  );
  let updated = ticket;
  if (kind === 'reply') updated = await afterReply(tx, who, ticket, article, at, input.responseTitle);
  if (kind === 'note') updated = await afterNote(tx, who, ticket, article, at);
  if (kind === 'customer') updated = await afterCustomerMessage(tx, who, ticket, article, at);
  if (kind === 'external') {
    await recordHistory(tx, who, ticket.id, at, { event: 'FollowUpNotFromCustomer', articleId: article.id });
  }
  if (kind === 'system') {
    const event = customerVisible ? 'SendCustomerNotification' : 'SendAgentNotification';
    await recordHistory(tx, who, ticket.id, at, { event, articleId: article.id });
  }
  if (kind !== 'system' && !(await writtenInQueueThread(tx, ticket, article))) {
    await enqueue(tx, at, { topic: 'article.mirror', ticketId: ticket.id, articleId: article.id });
  }
  return { ticket: updated, article, created: true };
}

/** The article a Slack message of this ticket became; one of another ticket (a tampered form) is none. */
export async function messageArticleOf(
  tx: Tx,
  ticket: TicketRow,
  message: { slackChannelId: string; slackTs: string },
): Promise<ArticleRow | undefined> {
  const source = await findArticleBySlackMessage(tx, message.slackChannelId, message.slackTs);
  return source?.ticketId === ticket.id ? source : undefined;
}

/** Whether the article was written in the queue channel's thread of the ticket, so it is there already. */
async function writtenInQueueThread(tx: Tx, ticket: TicketRow, article: ArticleRow): Promise<boolean> {
  if (!article.slackChannelId) return false;
  return article.slackChannelId === (await loadQueueById(tx, ticket.queueId)).slackChannelId;
}

/** A note is work on the ticket: it counts as a change (a claim nobody touches is released after a while). */
async function afterNote(
  tx: Tx,
  who: Principal,
  ticket: TicketRow,
  article: ArticleRow,
  at: Date,
): Promise<TicketRow> {
  await recordHistory(tx, who, ticket.id, at, { event: 'AddNote', articleId: article.id });
  return await updateTicket(tx, ticket, {}, at);
}

/** An answer meets the first-response promise, settles the pending update, and starts work on a new ticket. */
async function afterReply(
  tx: Tx,
  who: Principal,
  ticket: TicketRow,
  article: ArticleRow,
  at: Date,
  responseTitle: string | undefined,
): Promise<TicketRow> {
  await recordHistory(tx, who, ticket.id, at, {
    event: 'SendAnswer',
    articleId: article.id,
    newValue: responseTitle ?? null,
  });
  const changes: Partial<TicketRow> = { ...UPDATE_SETTLED };
  if (ticket.firstResponseAt === null) {
    changes.firstResponseAt = at;
    await recordHistory(tx, who, ticket.id, at, { event: 'EscalationResponseTimeStop' });
  }
  if (ticket.state === 'new') {
    changes.state = 'open';
    await recordHistory(tx, who, ticket.id, at, { event: 'StateUpdate', oldValue: 'new', newValue: 'open' });
  }
  await enqueue(tx, at, {
    topic: 'customer.notify',
    ticketId: ticket.id,
    event: 'replied',
    articleId: article.id,
  });
  await enqueue(tx, at, { topic: 'card.sync', ticketId: ticket.id });
  return await updateTicket(tx, ticket, changes, at);
}

/** The customer wrote: a waiting ticket is open again, an update is owed, and the owner (or queue) is told. */
async function afterCustomerMessage(
  tx: Tx,
  who: Principal,
  ticket: TicketRow,
  article: ArticleRow,
  at: Date,
): Promise<TicketRow> {
  await recordHistory(tx, who, ticket.id, at, { event: 'FollowUp', articleId: article.id });
  const queue = await loadQueueById(tx, ticket.queueId);
  const changes: Partial<TicketRow> = await updateOwedAfter(tx, queue, at);
  if (isPending(ticket.state)) {
    changes.state = 'open';
    changes.pendingUntil = null;
    await recordHistory(tx, who, ticket.id, at, {
      event: 'StateUpdate',
      oldValue: ticket.state,
      newValue: 'open',
    });
  }
  const recipient = ticket.ownerId ? { agentId: ticket.ownerId } : { queueId: ticket.queueId };
  await enqueue(tx, at, {
    topic: 'agent.notify',
    ticketId: ticket.id,
    event: 'follow_up',
    articleId: article.id,
    ...recipient,
  });
  await enqueue(tx, at, { topic: 'card.sync', ticketId: ticket.id });
  return updateTicket(tx, ticket, changes, at);
}
