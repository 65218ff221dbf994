import { slackUserIdOf } from '../../../core/model.js';
import type { BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { openNewTicketModal } from '../../new-ticket-modal.js';
import { withRefusals } from '../../with-refusals.js';

/** App Home's "New ticket" button: a refusal is told by DM (App Home has no channel to answer in). */
export function homeNewTicketAction(deps: BotDeps) {
  const presser = (args: BlockActionArgs) => ({ userId: slackUserIdOf(args.body.user.id) });
  return withRefusals(deps, presser, async (args: BlockActionArgs, to) => {
    await args.ack();
    await openNewTicketModal(deps, args.client, { userId: to.userId, triggerId: args.body.trigger_id });
  });
}
