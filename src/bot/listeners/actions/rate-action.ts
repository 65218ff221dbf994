import { ValidationError } from '../../../core/errors.js';
import { type TicketNumber, ticketNumberOf } from '../../../core/model.js';
import { buildRatingCommentModal } from '../../../views/messages/rating.js';
import { actionValue, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { type RatedMessage, showRating } from '../../rating.js';
import { withRefusals } from '../../with-refusals.js';

/** Splits a rating button's value, `<rating>:<ticket number>`, refusing anything else. */
export function parseRateValue(value: string): { rating: number; ticketNumber: TicketNumber } {
  const match = /^([1-5]):(\d{14,24})$/.exec(value);
  if (!match?.[1] || !match[2]) {
    throw new ValidationError('rating', 'unknown', 'This rating is not valid.');
  }
  return { rating: Number(match[1]), ticketNumber: ticketNumberOf(match[2]) };
}

/** The message a block action was pressed on, to update it. */
export function ratedMessage(args: BlockActionArgs): RatedMessage | undefined {
  const { message, channel } = args.body;
  if (!message || !channel) return undefined;
  return {
    channelId: channel.id,
    ts: message.ts,
    threadTs: typeof message.thread_ts === 'string' ? message.thread_ts : undefined,
    text: typeof message.text === 'string' ? message.text : undefined,
    blocks: message.blocks,
  };
}

/**
 * A rating button under a closing notice: the rating is kept at once (once: a second click is refused
 * politely and changes nothing), the question turns into thanks, and a small form offers to add a comment.
 */
export function rateAction(deps: BotDeps) {
  return withRefusals(deps, audienceOf, async (args: BlockActionArgs, to) => {
    await args.ack();
    const actor = { kind: 'slack', userId: to.userId } as const;
    const { rating, ticketNumber } = parseRateValue(actionValue(args));
    const ticket = await deps.desk.rateTicket(actor, ticketNumber, rating);
    const rated = { rating, ticketNumber: ticket.number, title: ticket.title };
    deps.deliverNow();
    // The rating is kept: what follows only decorates it, so a failure there is logged, not told.
    const locale = await deps.users.locale(to.userId);
    const message = ratedMessage(args);
    try {
      // The form first: a trigger id lives for three seconds.
      await args.client.views.open({
        trigger_id: args.body.trigger_id,
        view: buildRatingCommentModal({
          locale,
          ticketNumber: rated.ticketNumber,
          title: rated.title,
          rating: rated.rating,
          privateMetadata: {
            channelId: message?.channelId,
            messageTs: message?.ts,
          },
        }),
      });
    } catch (error) {
      args.logger.warn(`rating form of Ticket#${rated.ticketNumber} not opened: ${String(error)}`);
    }
    if (!message) return;
    try {
      await showRating(args.client, message, {
        locale,
        number: rated.ticketNumber,
        rating: rated.rating,
        comment: null,
      });
    } catch (error) {
      args.logger.warn(`rating message of Ticket#${rated.ticketNumber} not updated: ${String(error)}`);
    }
  });
}
