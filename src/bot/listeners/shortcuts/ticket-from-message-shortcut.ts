import { slackUserIdFrom } from '../../../core/model.js';
import type { BotDeps } from '../../deps.js';
import { openNewTicketModal } from '../../new-ticket-modal.js';
import { withRefusals } from '../../with-refusals.js';
import { type MessageShortcutArgs, messageShortcutAudience } from './message-shortcut-args.js';

/**
 * "Open a ticket from this message": the description is the message with a link back to it; when an
 * operator uses it on someone else's message, that person is the customer.
 */
export function ticketFromMessageShortcut(deps: BotDeps) {
  return withRefusals(
    deps,
    messageShortcutAudience,
    async ({ shortcut, ack, client }: MessageShortcutArgs, to) => {
      await ack();
      const { permalink } = await client.chat.getPermalink({
        channel: shortcut.channel.id,
        message_ts: shortcut.message.ts,
      });
      const text = shortcut.message.text ?? '';
      await openNewTicketModal(deps, client, {
        userId: to.userId,
        triggerId: shortcut.trigger_id,
        description: permalink ? `${text}\n\n${permalink}` : text,
        channelId: shortcut.channel.id,
        messageAuthor: slackUserIdFrom(shortcut.message.user ?? ''),
      });
    },
  );
}
