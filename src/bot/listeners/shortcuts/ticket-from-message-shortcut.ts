import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { BotDeps } from '../../deps.js';
import { explainFailure } from '../../feedback.js';
import { openNewTicketModal } from '../../new-ticket-modal.js';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Open a ticket from this message": the description is the message with a link back to it; when an
 * operator uses it on someone else's message, that person is the customer.
 */
export function ticketFromMessageShortcut(deps: BotDeps) {
  return async ({ shortcut, ack, client, logger }: Args) => {
    await ack();
    const userId = shortcut.user.id;
    const channelId = shortcut.channel.id;
    try {
      const { permalink } = await client.chat.getPermalink({
        channel: channelId,
        message_ts: shortcut.message.ts,
      });
      const text = shortcut.message.text ?? '';
      await openNewTicketModal(deps, client, {
        userId,
        triggerId: shortcut.trigger_id,
        description: permalink ? `${text}\n\n${permalink}` : text,
        channelId,
        messageAuthor: shortcut.message.user,
      });
    } catch (error) {
      await explainFailure(deps, client, logger, { userId, channelId }, error);
    }
  };
}
