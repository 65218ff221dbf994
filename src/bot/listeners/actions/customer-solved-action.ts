import { actionTicketNumber, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { withRefusals } from '../../with-refusals.js';

/** "It's solved" in the customer's DM: they close their own request, successfully. */
export function customerSolvedAction(deps: BotDeps) {
  return withRefusals(deps, audienceOf, async (args: BlockActionArgs, to) => {
    await args.ack();
    await deps.desk.closeTicket({ kind: 'slack', userId: to.userId }, actionTicketNumber(args), {
      state: 'closed_successful',
    });
    deps.deliverNow();
  });
}
