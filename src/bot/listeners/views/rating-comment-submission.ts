import { ValidationError } from '../../../core/errors.js';
import { slackUserIdOf } from '../../../core/model.js';
import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { parseRatingCommentMetadata } from '../../metadata.js';
import { showRating } from '../../rating.js';
import { submission } from '../../submission.js';
import { textValue } from '../../view-values.js';

/**
 * The comment on a rating: kept on the ticket, and the thanks under the closing notice now quote it. The
 * form's metadata names that notice; it is updated only if the desk recorded it as a notice in the ticket's
 * customer DM thread (a forged form must not make the bot edit another of its messages).
 */
export function ratingCommentSubmission(deps: BotDeps) {
  return submission(
    deps,
    INPUTS.ratingComment,
    async (args) => {
      const metadata = parseRatingCommentMetadata(args.view.private_metadata);
      if (!metadata)
        throw new ValidationError('form', 'form_expired', 'This form is no longer valid: open it again.');
      const userId = slackUserIdOf(args.body.user.id);
      const ticket = await deps.desk.commentOnRating(
        { kind: 'slack', userId },
        metadata.ticketNumber,
        textValue(args.view, INPUTS.ratingComment),
      );
      const { channelId, messageTs } = metadata;
      if (!channelId || !messageTs || ticket.satisfactionRating === null) return;
      const notice = await deps.desk.customerNoticePost(ticket.id, channelId, messageTs);
      if (!notice) {
        args.logger.warn(
          `rating comment of Ticket#${ticket.number}: its form named a message not its notice`,
        );
        return;
      }
      const rating = {
        locale: await deps.users.locale(userId),
        number: ticket.number,
        rating: ticket.satisfactionRating,
        comment: ticket.satisfactionComment,
      };
      // The comment is kept: updating the message must not hold up closing the form.
      await showRating(args.client, notice, rating).catch((error: unknown) =>
        args.logger.warn(`rating message of Ticket#${ticket.number} not updated: ${String(error)}`),
      );
    },
    { comment: INPUTS.ratingComment },
  );
}
