import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { type ArticleInput, type SlackPostRow, slackUserIdOf } from '../../../core/model.js';
import type { BotDeps } from '../../deps.js';
import type { Audience } from '../../feedback.js';
import { messageArticle } from '../../intake/message-article.js';
import { openFromMessage } from '../../intake/open-from-message.js';
import { openOrAskQueue } from '../../intake/open-or-ask.js';
import { isPleasantry } from '../../intake/pleasantries.js';
import type { SourceMessage } from '../../intake/source-message.js';
import { fetchSlackFiles, type SlackFile } from '../../slack-files.js';
import { ticketThreadPost } from '../../thread-post.js';
import { tellRefusedFiles } from '../../told-files.js';
import { withRefusals } from '../../with-refusals.js';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/** A message in a ticket's thread, from a person, to be kept as an article. */
interface ThreadMessage {
  client: Args['client'];
  logger: Args['logger'];
  author: Audience;
  post: SlackPostRow;
  article: ArticleInput;
}

/** Keeps the message on its ticket: the customer's as a follow-up, anyone else's as an internal note. */
function threadArticle(deps: BotDeps) {
  const authorOf = (message: ThreadMessage) => message.author;
  return withRefusals(deps, authorOf, async ({ client, post, article }, author) => {
    const actor = { kind: 'slack', userId: author.userId } as const;
    const number = await deps.desk.ticketNumberById(post.ticketId);
    if (post.kind === 'customer_thread') await deps.desk.followUp(actor, number, article);
    else await deps.desk.addArticle(actor, number, { ...article, kind: 'note' });
    deps.deliverNow();
    await tellRefusedFiles(deps, client, author, article);
  });
}

/** A person's message written to the desk: the app's DM, a request channel. */
interface RequestMessage {
  client: Args['client'];
  logger: Args['logger'];
  message: SourceMessage;
}

/**
 * A request channel's top-level message is a ticket of the channel's queue (or joins the author's ticket of
 * moments before); a DM is a ticket of the one queue that fits, or its author is asked which. Closing words
 * ("grazie", "ok thanks", an emoji) ask nothing and open nothing.
 */
function messageRequest(deps: BotDeps) {
  const authorOf = ({ message }: RequestMessage): Audience => ({
    userId: message.user,
    channelId: message.channelId,
  });
  return withRefusals(deps, authorOf, async ({ client, message }) => {
    if (message.files.length === 0 && isPleasantry(message.text, deps.intake.pleasantries)) return;
    const queueKey = deps.intake.requestChannels.has(message.channelId)
      ? deps.intake.queueOfChannel.get(message.channelId)
      : undefined;
    if (!queueKey) {
      await openOrAskQueue(deps, client, message);
      return;
    }
    await openFromMessage(deps, client, {
      message,
      queueKey,
      withPermalink: true,
      groupWithinMs: deps.intake.groupingWindowMs,
    });
  });
}

/**
 * Every human message in a ticket's thread is an article: in a queue channel's card thread an internal note
 * by the operator; in the customer's DM thread a follow-up by the customer (relayed to the queue's thread,
 * the owner told). Edits and deletions are recorded; the bot's own posts are not stored again.
 */
export function messageEvent(deps: BotDeps) {
  const addToThread = threadArticle(deps);
  const request = messageRequest(deps);
  return async ({ event, client, logger, context }: Args) => {
    const takeRequest = (message: SourceMessage) => request({ client, logger, message });
    const { desk } = deps;
    if (event.subtype === 'message_changed') {
      const edited = event.message;
      // The app's own posts (its copies, brought up to date) are no one's edit.
      if ('user' in edited && edited.user && !('bot_id' in edited && edited.bot_id) && 'text' in edited) {
        await desk.recordMessageEdit(
          { kind: 'slack', userId: slackUserIdOf(edited.user) },
          event.channel,
          edited.ts,
          edited.text ?? '',
        );
      }
      return;
    }
    if (event.subtype === 'message_deleted') {
      const previous = event.previous_message;
      const userId = 'user' in previous && previous.user ? slackUserIdOf(previous.user) : undefined;
      const actor = userId
        ? ({ kind: 'slack', userId } as const)
        : ({ kind: 'system', label: 'Slack' } as const);
      await desk.recordMessageDeletion(actor, event.channel, event.deleted_ts);
      return;
    }
    if (event.subtype !== undefined && event.subtype !== 'file_share' && event.subtype !== 'thread_broadcast')
      return;
    if (!('user' in event) || !event.user || ('bot_id' in event && event.bot_id)) return;
    const threadTs = 'thread_ts' in event ? event.thread_ts : undefined;
    const files = 'files' in event ? (event.files as SlackFile[] | undefined) : undefined;
    const parentUserId = 'parent_user_id' in event ? event.parent_user_id : undefined;
    const post =
      threadTs && threadTs !== event.ts
        ? await ticketThreadPost(deps, client, {
            channelId: event.channel,
            threadTs,
            parentUserId,
            botUserId: context.botUserId,
          })
        : undefined;
    if (!post) {
      const message = {
        channelId: event.channel,
        ts: event.ts,
        user: slackUserIdOf(event.user),
        text: event.text ?? '',
        files: files ?? [],
      };
      const topLevel = !threadTs || threadTs === event.ts;
      // Written to the app in its DM, or at the top of a request channel: a request, unless it asks nothing.
      if (event.channel_type === 'im') await takeRequest(message);
      else if (topLevel && deps.intake.requestChannels.has(event.channel)) await takeRequest(message);
      return;
    }
    await addToThread({
      client,
      logger,
      author: { userId: slackUserIdOf(event.user), channelId: event.channel, threadTs },
      post,
      article: {
        ...messageArticle(event.channel, { ts: event.ts, text: event.text, files }),
        attachments: await fetchSlackFiles(deps.files, files ?? []),
      },
    });
  };
}
