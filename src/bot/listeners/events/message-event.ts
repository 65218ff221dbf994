import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { type ArticleInput, type SlackPostRow, slackUserIdOf } from '../../../core/model.js';
import type { BotDeps } from '../../deps.js';
import type { Audience } from '../../feedback.js';
import { messageArticle } from '../../intake/message-article.js';
import { openFromMessage } from '../../intake/open-from-message.js';
import { openOrAskQueue } from '../../intake/open-or-ask.js';
import { isPleasantry } from '../../intake/pleasantries.js';
import { isPersonMessage, type SourceMessage } from '../../intake/source-message.js';
import { fetchSlackFiles, type SlackFile } from '../../slack-files.js';
import { ticketThreadPost } from '../../thread-post.js';
import { tellRefusedFiles } from '../../told-files.js';
import { withRefusals } from '../../with-refusals.js';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;
type MessageEvent = Args['event'];

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
    await tellRefusedFiles(deps, client, author, article.attachments ?? []);
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
    /** A person's message as an article of the ticket whose thread it is in; false when it is in none. */
    const keepInThread = async (message: PersonMessage): Promise<boolean> => {
      const { threadTs } = message;
      if (!threadTs || threadTs === message.ts) return false;
      const post = await ticketThreadPost(deps, client, {
        channelId: event.channel,
        threadTs,
        parentUserId: message.parentUserId,
        botUserId: context.botUserId,
      });
      if (!post) return false;
      await addToThread({
        client,
        logger,
        author: { userId: slackUserIdOf(message.user), channelId: event.channel, threadTs },
        post,
        article: {
          ...messageArticle(event.channel, message),
          attachments: await fetchSlackFiles(deps.files, message.files ?? []),
        },
      });
      return true;
    };
    if (event.subtype === 'message_changed') {
      const edited = personMessage(event.message);
      // The app's own posts (its copies, brought up to date) are no one's edit.
      if (!edited) return;
      const actor = { kind: 'slack', userId: slackUserIdOf(edited.user) } as const;
      const edit = () => desk.recordMessageEdit(actor, event.channel, edited.ts, edited.text ?? '');
      // Edited before the message itself became an article (its event is late, or being handled elsewhere):
      // the message as it reads now is the article; if the earlier text got there first, the edit follows it.
      if ((await edit()) === 'no_article' && (await keepInThread(edited))) await edit();
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
    const message = personMessage(event);
    if (!message || (await keepInThread(message))) return;
    const { threadTs } = message;
    const source = {
      channelId: event.channel,
      ts: message.ts,
      user: slackUserIdOf(message.user),
      text: message.text ?? '',
      files: message.files ?? [],
    };
    const topLevel = !threadTs || threadTs === message.ts;
    // Written to the app in its DM, or at the top of a request channel: a request, unless it asks nothing.
    if (event.channel_type === 'im') await takeRequest(source);
    else if (topLevel && deps.intake.requestChannels.has(event.channel)) await takeRequest(source);
  };
}

/** What the desk reads of a person's message (not a bot's, not the channel's bookkeeping). */
interface PersonMessage {
  ts: string;
  user: string;
  text?: string;
  threadTs?: string;
  parentUserId?: string;
  files?: SlackFile[];
}

/** A person's own message (their words or files), or undefined for a bot's post and every other subtype. */
function personMessage(message: MessageEvent): PersonMessage | undefined {
  const user = 'user' in message ? message.user : undefined;
  const botId = 'bot_id' in message ? message.bot_id : undefined;
  if (!user || !isPersonMessage({ user, bot_id: botId, subtype: message.subtype })) return undefined;
  return {
    ts: message.ts,
    user,
    text: 'text' in message ? message.text : undefined,
    threadTs: 'thread_ts' in message ? message.thread_ts : undefined,
    parentUserId: 'parent_user_id' in message ? message.parent_user_id : undefined,
    files: 'files' in message ? (message.files as SlackFile[] | undefined) : undefined,
  };
}
