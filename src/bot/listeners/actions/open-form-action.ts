import { actionTicketNumber, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { openTicketModal, type TicketModalKind } from '../../ticket-modals.js';
import { withRefusals } from '../../with-refusals.js';

/** A card button that opens a form (Reply, Note, Escalate, Close): refused before the form if not allowed. */
export function openFormAction(deps: BotDeps, kind: TicketModalKind) {
  return withRefusals(deps, audienceOf, async (args: BlockActionArgs, to) => {
    await args.ack();
    await openTicketModal(deps, args.client, {
      kind,
      ticketNumber: actionTicketNumber(args),
      userId: to.userId,
      triggerId: args.body.trigger_id,
      channelId: to.channelId,
    });
  });
}
