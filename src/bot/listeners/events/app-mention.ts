import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { slackUserIdOf } from '../../../core/model.js';
import type { BotDeps } from '../../deps.js';
import type { SlackFile } from '../../intake/message-article.js';
import { openFromMessage } from '../../intake/open-from-message.js';
import { openOrAskQueue } from '../../intake/open-or-ask.js';
import { isPersonMessage } from '../../intake/source-message.js';
import { ticketThreadPost } from '../../thread-post.js';
import { withRefusals } from '../../with-refusals.js';

type Args = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs;

/**
 * `@Sportello <text>` in a channel opens a ticket for whoever wrote it: in the channel's queue, or the one
 * queue they may write to, or they are asked which. A mention inside a ticket's thread is a message of that
 * ticket (the message listener keeps it), and a request channel's messages are requests anyway.
 */
export function appMention(deps: BotDeps) {
  const author = ({ event }: Args) => ({
    userId: slackUserIdOf(event.user ?? ''),
    channelId: event.channel,
  });
  const handle = withRefusals(deps, author, async ({ event, client, context }: Args) => {
    const threadTs = event.thread_ts;
    if (threadTs && threadTs !== event.ts) {
      const parentUserId = 'parent_user_id' in event ? String(event.parent_user_id) : undefined;
      const reply = { channelId: event.channel, threadTs, parentUserId, botUserId: context.botUserId };
      if (await ticketThreadPost(deps, client, reply)) return;
    }
    if (!threadTs && deps.intake.requestChannels.has(event.channel)) return;
    const mention = new RegExp(`<@${context.botUserId ?? ''}(\\|[^>]*)?>`, 'g');
    const message = {
      channelId: event.channel,
      ts: event.ts,
      user: slackUserIdOf(event.user ?? ''),
      text: event.text.replace(mention, ' ').trim(),
      files: ('files' in event ? (event.files as SlackFile[] | undefined) : undefined) ?? [],
    };
    const queueKey = deps.intake.queueOfChannel.get(event.channel);
    if (queueKey) await openFromMessage(deps, client, { message, queueKey, withPermalink: true });
    else await openOrAskQueue(deps, client, message);
  });
  return async (args: Args) => {
    const { event } = args;
    if (!isPersonMessage(event) || event.user === args.context.botUserId) return;
    await handle(args);
  };
}
