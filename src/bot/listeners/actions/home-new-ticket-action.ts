import type { BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { explainFailure } from '../../feedback.js';
import { openNewTicketModal } from '../../new-ticket-modal.js';

/** App Home's "New ticket" button. */
export function homeNewTicketAction(deps: BotDeps) {
  return async (args: BlockActionArgs) => {
    await args.ack();
    const userId = args.body.user.id;
    try {
      await openNewTicketModal(deps, args.client, { userId, triggerId: args.body.trigger_id });
    } catch (error) {
      await explainFailure(deps, args.client, args.logger, { userId }, error);
    }
  };
}
