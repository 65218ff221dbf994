import { slackUserIdOf } from '../../../core/model.js';
import type { BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { redrawNewTicketModal } from '../../new-ticket-modal.js';
import { withRefusals } from '../../with-refusals.js';

/** A queue chosen in the new-ticket form: the form is redrawn with that queue's fields. */
export function newTicketQueueAction(deps: BotDeps) {
  const chooser = (args: BlockActionArgs) => ({ userId: slackUserIdOf(args.body.user.id) });
  return withRefusals(deps, chooser, async (args: BlockActionArgs, to) => {
    await args.ack();
    const { view } = args.body;
    if (view) await redrawNewTicketModal(deps, args.client, to.userId, view);
  });
}
