import { actionTicketNumber, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { withRefusals } from '../../with-refusals.js';

/** "Claim" on a card: the presser becomes owner; a ticket someone else holds is refused, naming them. */
export function claimAction(deps: BotDeps) {
  return withRefusals(deps, audienceOf, async (args: BlockActionArgs, to) => {
    await args.ack();
    await deps.desk.claimTicket({ kind: 'slack', userId: to.userId }, actionTicketNumber(args));
    deps.deliverNow();
  });
}
