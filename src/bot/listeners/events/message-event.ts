import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { type ArticleInput, type SlackPostRow, slackUserIdOf } from '../../../core/model.js';
import { buildHelp } from '../../../views/messages/help.js';
import type { BotDeps } from '../../deps.js';
import { type Audience, tell } from '../../feedback.js';
import { fetchSlackFiles, type SlackFile } from '../../slack-files.js';
import { tellRefusedFiles } from '../../told-files.js';
import { withRefusals } from '../../with-refusals.js';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/** The article a Slack message becomes: its text (or its files' names) and its ts; its files come fetched. */
export function messageArticle(
  channelId: string,
  message: { ts: string; text?: string; files?: SlackFile[] },
): ArticleInput {
  const files = message.files ?? [];
  const text = message.text?.trim() ? message.text : files.map((f) => f.name || 'file').join(', ');
  return { channel: 'slack', body: text, slackChannelId: channelId, slackTs: message.ts };
}

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

/**
 * Every human message in a ticket's thread is an article: in a queue channel's card thread an internal note
 * by the operator; in the customer's DM thread a follow-up by the customer (relayed to the queue's thread,
 * the owner told). Edits and deletions are recorded; the bot's own posts are not stored again.
 */
export function messageEvent(deps: BotDeps) {
  const addToThread = threadArticle(deps);
  return async ({ event, client, logger }: Args) => {
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
    if (!threadTs || threadTs === event.ts) {
      // Someone writing to the app directly, not in a ticket's thread: show them how to reach the desk.
      if (event.channel_type === 'im') {
        const userId = slackUserIdOf(event.user);
        const help = buildHelp({ locale: await deps.users.locale(userId) });
        await tell(client, { userId, channelId: event.channel }, help);
      }
      return;
    }
    const post = await desk.slackPostByMessage(event.channel, threadTs);
    if (!post) return;
    const files = 'files' in event ? (event.files as SlackFile[] | undefined) : undefined;
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
