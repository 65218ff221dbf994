import { actionValue, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { explainFailure } from '../../feedback.js';

/** "Release" on a card: the ticket goes back to its queue, unclaimed. */
export function releaseAction(deps: BotDeps) {
  return async (args: BlockActionArgs) => {
    await args.ack();
    const to = audienceOf(args);
    try {
      await deps.desk.releaseTicket({ kind: 'slack', userId: to.userId }, actionValue(args));
      deps.deliverNow();
    } catch (error) {
      await explainFailure(deps, args.client, args.logger, to, error);
    }
  };
}
