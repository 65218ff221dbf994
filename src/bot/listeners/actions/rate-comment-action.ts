import { HelpDeskError } from '../../../core/errors.js';
import { buildRatingCommentModal } from '../../../views/messages/rating.js';
import { actionTicketNumber, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { withRefusals } from '../../with-refusals.js';
import { ratedMessage } from './rate-action.js';

/** "Add a comment" under the thanks for a rating: opens the comment form, once the ticket is rated. */
export function rateCommentAction(deps: BotDeps) {
  return withRefusals(deps, audienceOf, async (args: BlockActionArgs, to) => {
    await args.ack();
    const details = await deps.desk.getTicket({ kind: 'slack', userId: to.userId }, actionTicketNumber(args));
    const { ticket } = details;
    if (details.customer.slackUserId !== to.userId || ticket.satisfactionRating === null) {
      throw new HelpDeskError('not_rateable', `Ticket#${ticket.number} cannot be rated now.`, {
        ticketNumber: ticket.number,
      });
    }
    if (ticket.satisfactionComment !== null) {
      throw new HelpDeskError('already_commented', `Ticket#${ticket.number} already has your comment.`, {
        ticketNumber: ticket.number,
      });
    }
    const message = ratedMessage(args);
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: buildRatingCommentModal({
        locale: await deps.users.locale(to.userId),
        ticketNumber: ticket.number,
        title: ticket.title,
        rating: ticket.satisfactionRating,
        privateMetadata: {
          channelId: message?.channelId,
          messageTs: message?.ts,
        },
      }),
    });
  });
}
