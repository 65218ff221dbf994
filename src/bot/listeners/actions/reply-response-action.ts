import { ValidationError } from '../../../core/errors.js';
import { actionResponseId, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { parseTicketModalMetadata } from '../../metadata.js';
import { replyModalWithResponse } from '../../ticket-modals.js';
import { withRefusals } from '../../with-refusals.js';

/** A canned response picked in the Reply form: the form's text becomes it, filled in for the ticket. */
export function replyResponseAction(deps: BotDeps) {
  return withRefusals(deps, audienceOf, async (args: BlockActionArgs, to) => {
    await args.ack();
    const { view } = args.body;
    const metadata = parseTicketModalMetadata(view?.private_metadata);
    const responseId = actionResponseId(args);
    if (!view || !metadata) {
      throw new ValidationError('response', 'unknown', 'This response is not known.');
    }
    const updated = await replyModalWithResponse(deps, {
      userId: to.userId,
      ticketNumber: metadata.ticketNumber,
      channelId: metadata.channelId,
      responseId,
    });
    // The hash: a form changed meanwhile (another pick) is not overwritten with an older one.
    await args.client.views.update({ view_id: view.id, hash: view.hash, view: updated });
  });
}
