import type { Tx } from '../../db/client.js';
import { insertReturning } from '../../db/prepared.js';
import { tablesOf } from '../../db/tables.js';
import { type CustomerRow, type Principal, resolvePrincipal, SYSTEM_ACTOR } from '../actor.js';
import type { CoreContext } from '../context.js';
import { recordHistory } from '../history.js';
import { enqueue } from '../outbox.js';
import type { QueueRow, TicketRow } from '../permissions.js';
import { syncTicketJobs } from '../scheduler/jobs.js';
import { slaAtCreation } from '../sla.js';
import { nextTicketNumber } from '../ticket-number.js';
import { type ArticleInput, type ArticleRow, insertArticle } from './article-store.js';
import { assignAutomatically } from './auto-assign.js';
import { newTicketSubscribers } from './new-ticket-subscribers.js';

export interface NewTicket {
  title: string;
  priority: number;
  queue: QueueRow;
  customer: CustomerRow;
  responsibleId?: number | null;
  /** The request: article 1, in the customer's name. */
  article: ArticleInput;
  /** Recorded in the NewTicket history row, e.g. which ticket this one follows up. */
  note?: string;
  /** False: no "received" notice for the customer (a mail that must not be answered automatically). */
  notifyCustomer?: boolean;
}

/**
 * Numbers and stores a new ticket with its request, its NewTicket history row, and the deliveries every new
 * ticket owes: its card, the customer's "received" notice and the queue's alert.
 */
export async function createTicket(ctx: CoreContext, tx: Tx, who: Principal, input: NewTicket, at: Date) {
  const { tickets } = tablesOf(ctx.db);
  const number = await nextTicketNumber(ctx, at);
  const ticket: TicketRow = await insertReturning(tx, tickets, {
    number,
    title: input.title,
    state: 'new',
    working: true,
    priority: input.priority,
    queueId: input.queue.id,
    customerId: input.customer.id,
    responsibleId: input.responsibleId ?? null,
    createdAt: at,
    updatedAt: at,
    ...(await slaAtCreation(tx, input.queue, at)),
  });
  await syncTicketJobs(tx, ticket, at);
  const article: ArticleRow = await insertArticle(
    tx,
    ticket,
    {
      ...input.article,
      subject: input.article.subject ?? input.title,
      senderType: 'customer',
      customerVisible: true,
      authorCustomerId: input.customer.id,
    },
    at,
  );
  const summary = `${number} queue=${input.queue.key} priority=${input.priority} state=new`;
  await recordHistory(tx, who, ticket.id, at, {
    event: 'NewTicket',
    newValue: input.note ? `${summary} ${input.note}` : summary,
    articleId: article.id,
  });
  await enqueue(tx, at, { topic: 'card.sync', ticketId: ticket.id });
  // The card shows the request's text; its files follow in the card's thread.
  if (input.article.attachments?.some((file) => file.content !== undefined)) {
    await enqueue(tx, at, { topic: 'article.files', ticketId: ticket.id, articleId: article.id });
  }
  if (input.notifyCustomer !== false) {
    await enqueue(tx, at, { topic: 'customer.notify', ticketId: ticket.id, event: 'received' });
  }
  await enqueue(tx, at, {
    topic: 'agent.notify',
    ticketId: ticket.id,
    event: 'new_ticket',
    queueId: input.queue.id,
  });
  // Operators who asked for it get a DM of their own besides the card in the queue's channel.
  for (const agentId of await newTicketSubscribers(tx, input.queue)) {
    await enqueue(tx, at, { topic: 'agent.notify', ticketId: ticket.id, event: 'new_ticket', agentId });
  }
  const desk = await resolvePrincipal(tx, SYSTEM_ACTOR);
  const assigned = await assignAutomatically(tx, desk, ticket, input.queue, at, 'arrived');
  return { ticket: assigned.ticket, article };
}
