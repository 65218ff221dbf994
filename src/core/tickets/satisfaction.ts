import { and, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { tablesOf } from '../../db/tables.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import type { TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { HelpDeskError, PermissionDeniedError, ValidationError } from '../errors.js';
import { recordHistory } from '../history.js';
import { enqueue } from '../outbox.js';
import { isTicketCustomer, type TicketRow } from '../permissions.js';
import { CLOSED_STATES, isClosed, STATE_NAMES } from '../states.js';
import { customerQueue, loadQueueById, loadTicket, loadTicketById, updateTicket } from './load.js';

/** Ratings go from 1 (bad) to 5 (excellent). */
export const RATINGS = [1, 2, 3, 4, 5] as const;
export type Rating = (typeof RATINGS)[number];
/** How long a satisfaction comment may be. */
export const RATING_COMMENT_CHARS = 2000;

/** The ticket was rated already: a rating is given once and never changed. */
export class AlreadyRatedError extends HelpDeskError<'already_rated'> {
  constructor(ticketNumber: TicketNumber, rating: number) {
    super('already_rated', `Ticket#${ticketNumber} was already rated ${rating}/5.`, {
      ticketNumber,
      rating,
    });
  }
}

/** The ticket cannot be rated: it is not closed, or its queue does not ask. */
export class NotRateableError extends HelpDeskError<'not_rateable'> {
  /** `why` is for the log: the person is told the ticket cannot be rated now. */
  constructor(ticketNumber: TicketNumber, why: string) {
    super('not_rateable', `Ticket#${ticketNumber} cannot be rated ${why}.`, { ticketNumber });
  }
}

export function isRating(value: number): value is Rating {
  return (RATINGS as readonly number[]).includes(value);
}

function validateComment(comment: string | undefined): string | null {
  const trimmed = comment?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length > RATING_COMMENT_CHARS) {
    throw new ValidationError(
      'comment',
      'too_long',
      `The comment may be at most ${RATING_COMMENT_CHARS} characters.`,
      {
        limit: RATING_COMMENT_CHARS,
      },
    );
  }
  return trimmed;
}

/** Whether the ticket's first-level queue asks its customers to rate the service. */
async function queueAsks(tx: Db, ticket: TicketRow): Promise<boolean> {
  return (await customerQueue(tx, await loadQueueById(tx, ticket.queueId))).askSatisfaction;
}

/** How many times the ticket has been closed (reopened tickets close more than once). */
async function timesClosed(tx: Db, ticketId: number): Promise<number> {
  const { history } = tablesOf(tx);
  return (
    (
      await tx
        .select({ n: count() })
        .from(history)
        .where(
          and(
            eq(history.ticketId, ticketId),
            eq(history.event, 'StateUpdate'),
            inArray(history.newValue, [...CLOSED_STATES]),
          ),
        )
    )[0]?.n ?? 0
  );
}

/**
 * Whether the closing notice of a ticket asks its customer for a rating: the ticket is closed, not rated, its
 * first-level queue asks, and this is its first closing. A customer is never asked twice about one ticket.
 */
export async function shouldAskSatisfaction(ctx: CoreContext, ticketId: number): Promise<boolean> {
  const ticket = await loadTicketById(ctx.db, ticketId);
  if (!isClosed(ticket.state) || ticket.satisfactionRating !== null) return false;
  return (await queueAsks(ctx.db, ticket)) && (await timesClosed(ctx.db, ticket.id)) === 1;
}

/**
 * The customer rates the service on their closed ticket, 1 to 5, with an optional comment. Only the ticket's
 * customer, only a closed ticket of a queue that asks, and only once: a second rating is refused and changes
 * nothing, so a repeated click or a retried request is harmless.
 */
export async function rateTicket(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  rating: number,
  comment?: string,
): Promise<TicketRow> {
  if (!Number.isInteger(rating) || !isRating(rating)) {
    throw new ValidationError('rating', 'out_of_range', 'A rating goes from 1 to 5.', {
      limit: RATINGS.length,
    });
  }
  const text = validateComment(comment);
  return await inTransaction(ctx, async (tx) => {
    const who = await resolvePrincipal(tx, actor);
    const ticket = await loadTicket(tx, ticketNumber);
    if (!isTicketCustomer(who, ticket)) {
      throw new PermissionDeniedError('rate', { ticketNumber: ticket.number });
    }
    if (ticket.satisfactionRating !== null)
      throw new AlreadyRatedError(ticket.number, ticket.satisfactionRating);
    if (!isClosed(ticket.state)) {
      throw new NotRateableError(ticket.number, `while it is ${STATE_NAMES[ticket.state]}`);
    }
    if (!(await queueAsks(tx, ticket))) throw new NotRateableError(ticket.number, 'in this queue');
    const now = ctx.clock.now();
    const rated = await updateTicket(
      tx,
      ticket,
      { satisfactionRating: rating, satisfactionComment: text, ratedAt: now },
      now,
    );
    await recordHistory(tx, who, ticket.id, now, { event: 'SatisfactionRated', newValue: `${rating}/5` });
    if (text !== null)
      await recordHistory(tx, who, ticket.id, now, { event: 'SatisfactionCommented', newValue: text });
    await enqueue(tx, now, { topic: 'card.sync', ticketId: ticket.id });
    return rated;
  });
}

/** The customer adds a comment to the rating they gave; once, like the rating. */
export async function commentOnRating(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  comment: string,
): Promise<TicketRow> {
  const text = validateComment(comment);
  if (text === null) throw new ValidationError('comment', 'empty', 'Write a comment, or close the form.');
  return await inTransaction(ctx, async (tx) => {
    const who = await resolvePrincipal(tx, actor);
    const ticket = await loadTicket(tx, ticketNumber);
    if (!isTicketCustomer(who, ticket)) {
      throw new PermissionDeniedError('rate', { ticketNumber: ticket.number });
    }
    if (ticket.satisfactionRating === null) throw new NotRateableError(ticket.number, 'before it is rated');
    if (ticket.satisfactionComment !== null) {
      throw new HelpDeskError('already_commented', `Ticket#${ticket.number} already has your comment.`, {
        ticketNumber: ticket.number,
      });
    }
    const now = ctx.clock.now();
    const updated = await updateTicket(tx, ticket, { satisfactionComment: text }, now);
    await recordHistory(tx, who, ticket.id, now, { event: 'SatisfactionCommented', newValue: text });
    await enqueue(tx, now, { topic: 'card.sync', ticketId: ticket.id });
    return updated;
  });
}
