import { NotFoundError } from '../../../core/errors.js';
import { readAcceptSenderValue } from '../../../views/ids.js';
import { buildAcceptedSender } from '../../../views/messages/accepted-sender.js';
import { actionValue, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { tell } from '../../feedback.js';
import { withRefusals } from '../../with-refusals.js';

/**
 * "Accept sender" under a mail kept as not from the customer: its sender becomes a participant of the
 * ticket, and their later mails count as follow-ups. The core checks the presser's rights and the article.
 */
export function acceptSenderAction(deps: BotDeps) {
  return withRefusals(deps, audienceOf, async (args: BlockActionArgs, to) => {
    await args.ack();
    const value = readAcceptSenderValue(actionValue(args));
    if (!value) throw new NotFoundError('article', actionValue(args).slice(0, 40));
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
  });
}
