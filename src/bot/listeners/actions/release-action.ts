import { actionTicketNumber, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { withRefusals } from '../../with-refusals.js';

/** "Release" on a card: the ticket goes back to its queue, unclaimed. */
export function releaseAction(deps: BotDeps) {
  return withRefusals(deps, audienceOf, async (args: BlockActionArgs, to) => {
    await args.ack();
    await deps.desk.releaseTicket({ kind: 'slack', userId: to.userId }, actionTicketNumber(args));
    deps.deliverNow();
  });
}
