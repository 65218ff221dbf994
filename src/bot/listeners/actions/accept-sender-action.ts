import { NotFoundError } from '../../../core/errors.js';
import { readAcceptSenderValue } from '../../../views/ids.js';
import { buildAcceptedSender } from '../../../views/messages/accepted-sender.js';
import { actionValue, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { explainFailure, tell } from '../../feedback.js';

/**
 * "Accept sender" under a mail kept as not from the customer: its sender becomes a participant of the
 * ticket, and their later mails count as follow-ups. The core checks the presser's rights and the article.
 */
export function acceptSenderAction(deps: BotDeps) {
  return async (args: BlockActionArgs) => {
    await args.ack();
    const to = audienceOf(args);
    try {
      const value = readAcceptSenderValue(actionValue(args));
      if (!value) throw new NotFoundError('Article', actionValue(args).slice(0, 40));
      const actor = { kind: 'slack' as const, userId: to.userId };
      const accepted = await deps.desk.acceptSender(actor, value.ticketNumber, value.articleNumber);
      const locale = await deps.users.locale(to.userId);
      await tell(
        args.client,
        to,
        buildAcceptedSender({
          locale,
          email: accepted.email,
          ticketNumber: accepted.ticket.number,
          added: accepted.added,
        }),
      );
    } catch (error) {
      await explainFailure(deps, args.client, args.logger, to, error);
    }
  };
}
