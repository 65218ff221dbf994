import { HelpDeskError } from '../../../core/errors.js';
import type { BotDeps } from '../../deps.js';
import { openTicketModal } from '../../ticket-modals.js';
import { withRefusals } from '../../with-refusals.js';
import { type MessageShortcutArgs, messageShortcutAudience } from './message-shortcut-args.js';

/**
 * "Send to customer" on a message in a ticket's thread: opens the reply form with that message, so the
 * operator can check it before it goes out.
 */
export function sendToCustomerShortcut(deps: BotDeps) {
  return withRefusals(
    deps,
    messageShortcutAudience,
    async ({ shortcut, ack, client }: MessageShortcutArgs, to) => {
      await ack();
      const channelId = shortcut.channel.id;
      const threadTs = shortcut.message.thread_ts ?? shortcut.message.ts;
      const post = await deps.desk.slackPostByMessage(channelId, threadTs);
      if (post?.kind !== 'queue_card') {
        throw new HelpDeskError('not_a_ticket_thread', 'This message is not in the thread of a ticket.');
      }
      // Its files go along (as the desk kept them when the message was written), and its later edits.
      const files = (shortcut.message.files ?? []).map((file: { name?: string }) => file.name || 'file');
      await openTicketModal(deps, client, {
        kind: 'reply',
        ticketNumber: await deps.desk.ticketNumberById(post.ticketId),
        userId: to.userId,
        triggerId: shortcut.trigger_id,
        channelId,
        initialBody: shortcut.message.text ?? '',
        source: { ts: shortcut.message.ts, fileNames: files },
      });
    },
  );
}
