import { actionValue, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { explainFailure } from '../../feedback.js';
import { openTicketModal, type TicketModalKind } from '../../ticket-modals.js';

/** A card button that opens a form (Reply, Note, Escalate, Close): refused before the form if not allowed. */
export function openFormAction(deps: BotDeps, kind: TicketModalKind) {
  return async (args: BlockActionArgs) => {
    await args.ack();
    const to = audienceOf(args);
    try {
      await openTicketModal(deps, args.client, {
        kind,
        ticketNumber: actionValue(args),
        userId: to.userId,
        triggerId: args.body.trigger_id,
        channelId: to.channelId,
      });
    } catch (error) {
      await explainFailure(deps, args.client, args.logger, to, error);
    }
  };
}
