import { actionValue, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { explainFailure } from '../../feedback.js';

/** "It's solved" in the customer's DM: they close their own request, successfully. */
export function customerSolvedAction(deps: BotDeps) {
  return async (args: BlockActionArgs) => {
    await args.ack();
    const to = audienceOf(args);
    try {
      await deps.desk.closeTicket({ kind: 'slack', userId: to.userId }, actionValue(args), {
        state: 'closed_successful',
      });
      deps.deliverNow();
    } catch (error) {
      await explainFailure(deps, args.client, args.logger, to, error);
    }
  };
}
