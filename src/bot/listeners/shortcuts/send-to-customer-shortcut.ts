import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { HelpDeskError } from '../../../core/errors.js';
import { slackPostByMessage } from '../../../core/slack-posts.js';
import type { BotDeps } from '../../deps.js';
import { explainFailure } from '../../feedback.js';
import { openTicketModal } from '../../ticket-modals.js';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Send to customer" on a message in a ticket's thread: opens the reply form with that message, so the
 * operator can check it before it goes out.
 */
export function sendToCustomerShortcut(deps: BotDeps) {
  return async ({ shortcut, ack, client, logger }: Args) => {
    await ack();
    const userId = shortcut.user.id;
    const channelId = shortcut.channel.id;
    try {
      const threadTs = shortcut.message.thread_ts ?? shortcut.message.ts;
      const post = slackPostByMessage(deps.desk.ctx, channelId, threadTs);
      if (post?.kind !== 'queue_card') {
        throw new HelpDeskError('not_a_ticket_thread', 'This message is not in the thread of a ticket.');
      }
      await openTicketModal(deps, client, {
        kind: 'reply',
        ticketNumber: await deps.desk.ticketNumberById(post.ticketId),
        userId,
        triggerId: shortcut.trigger_id,
        channelId,
        initialBody: shortcut.message.text ?? '',
      });
    } catch (error) {
      await explainFailure(deps, client, logger, { userId, channelId }, error);
    }
  };
}
