import type { Tx } from '../../db/client.js';
import type { Actor, Principal } from '../actor.js';
import type { TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { enqueue } from '../outbox.js';
import { requireTicketPermission, type TicketRow } from '../permissions.js';
import { isClosed, isPending } from '../states.js';
import { appendArticle, messageArticleOf } from '../tickets/add-article.js';
import { type AttachmentInput, attachmentsOfArticle } from '../tickets/article-store.js';
import { workingTicketFor } from '../tickets/guards.js';
import { putOnHold, transition } from '../tickets/state-changes.js';
import { type ResponseRow, savePersonalResponse, usableResponse } from './responses.js';

const DAY_MS = 86_400_000;

export interface ReplyInput {
  body: string;
  /** The canned response the reply was written from: history names it, and its next state is applied. */
  responseId?: number;
  /** Keep the reply as one of the operator's own responses, under this title, in the customer's language. */
  saveAs?: { title: string; language: 'it' | 'en' };
  /** The form's files. */
  attachments?: AttachmentInput[];
  /**
   * "Send to customer": the thread message the reply was sent from. Its files go along, and a reply sent as
   * the message was written follows the message's later edits and deletion.
   */
  sentFrom?: { slackChannelId: string; slackTs: string };
}

/**
 * The Reply form: an answer to the customer, possibly from a canned response (whose state then follows,
 * e.g. pending reminder in 3 days) and possibly kept as a personal response, all in one transaction.
 */
export async function sendReply(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  input: ReplyInput,
): Promise<TicketRow> {
  return await inTransaction(ctx, async (tx) => {
    const { who, ticket } = await workingTicketFor(tx, actor, ticketNumber, 'rw');
    const now = ctx.clock.now();
    const response =
      input.responseId === undefined ? undefined : await usableResponse(tx, who, ticket, input.responseId);
    const source = input.sentFrom ? await messageArticleOf(tx, ticket, input.sentFrom) : undefined;
    const copied = source ? await attachmentsOfArticle(tx, source.id) : [];
    const { ticket: replied } = await appendArticle(
      tx,
      who,
      ticket,
      {
        kind: 'reply',
        channel: 'slack',
        body: input.body,
        attachments: [...(input.attachments ?? []), ...copied],
        ...(source ? { sentFromArticleId: source.id } : {}),
        ...(response ? { responseTitle: response.title } : {}),
      },
      now,
    );
    if (input.saveAs) {
      await savePersonalResponse(tx, who, { ...input.saveAs, body: input.body }, now);
    }
    return response ? await applyNextState(tx, who, replied, response, now) : replied;
  });
}

/** The state a response leaves the ticket in, when it names one the ticket is not in already. */
async function applyNextState(
  tx: Tx,
  who: Principal,
  ticket: TicketRow,
  response: ResponseRow,
  now: Date,
): Promise<TicketRow> {
  const next = response.nextState;
  if (next === null || next === ticket.state) return ticket;
  if (isPending(next)) {
    return await putOnHold(
      tx,
      who,
      ticket,
      next,
      new Date(now.getTime() + (response.pendingDays ?? 1) * DAY_MS),
      now,
    );
  }
  if (isClosed(next)) {
    await requireTicketPermission(tx, who, ticket, 'close');
    const closed = await transition(tx, who, ticket, next, now);
    await enqueue(tx, now, { topic: 'customer.notify', ticketId: ticket.id, event: 'closed' });
    return closed;
  }
  return await transition(tx, who, ticket, next, now);
}
