import { readIntakeMessageValue } from '../../../views/ids.js';
import { actionValue, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { requestTitle } from '../../intake/request-title.js';
import { fetchSourceMessage } from '../../intake/source-message.js';
import { openNewTicketModal } from '../../new-ticket-modal.js';
import { withRefusals } from '../../with-refusals.js';

/**
 * "Open a ticket" offered after the ticket emoji in a channel of no queue: the new-ticket form, prefilled with
 * the message (read again from Slack) and a link to it; the ticket is its author's, one per message.
 */
export function intakeFormAction(deps: BotDeps) {
  return withRefusals(deps, audienceOf, async (args: BlockActionArgs, to) => {
    await args.ack();
    const where = readIntakeMessageValue(actionValue(args));
    if (!where) return;
    const message = await fetchSourceMessage(args.client, where.channelId, where.ts);
    if (!message) return;
    const { permalink } = await args.client.chat.getPermalink({
      channel: message.channelId,
      message_ts: message.ts,
    });
    await openNewTicketModal(deps, args.client, {
      userId: to.userId,
      triggerId: args.body.trigger_id,
      subject: requestTitle(message.text, message.files),
      description: permalink ? `${message.text}\n\n${permalink}` : message.text,
      channelId: message.channelId,
      messageAuthor: message.user,
      source: where,
    });
  });
}
