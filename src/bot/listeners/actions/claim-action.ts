import { actionValue, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { explainFailure } from '../../feedback.js';

/** "Claim" on a card: the presser becomes owner; a ticket someone else holds is refused, naming them. */
export function claimAction(deps: BotDeps) {
  return async (args: BlockActionArgs) => {
    await args.ack();
    const to = audienceOf(args);
    try {
      await deps.desk.claimTicket({ kind: 'slack', userId: to.userId }, actionValue(args));
      deps.deliverNow();
    } catch (error) {
      await explainFailure(deps, args.client, args.logger, to, error);
    }
  };
}
