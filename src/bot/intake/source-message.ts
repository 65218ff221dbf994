import type { WebClient } from '@slack/web-api';
import { type SlackUserId, slackUserIdOf } from '../../core/model.js';
import type { SlackFile } from './message-article.js';

/** A person's message a ticket is opened from, as Slack has it now. */
export interface SourceMessage {
  channelId: string;
  ts: string;
  /** Its author. */
  user: SlackUserId;
  text: string;
  files: SlackFile[];
}

interface HistoryMessage {
  ts?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  text?: string;
  files?: SlackFile[];
}

/** Subtypes that are still a person writing; every other one (joins, bots, topics…) is no request. */
const PEOPLE_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/** Whether a message is a person's own words, not a bot's, the app's or the channel's bookkeeping. */
export function isPersonMessage(message: { user?: string; bot_id?: string; subtype?: string }): boolean {
  return Boolean(message.user) && !message.bot_id && PEOPLE_SUBTYPES.has(message.subtype);
}

/**
 * The message at `ts` in `channelId` (a reaction event names it without its text): a top-level message from
 * the channel's history, a reply from its thread. Undefined when it is gone or is not a person's.
 */
export async function fetchSourceMessage(
  client: WebClient,
  channelId: string,
  ts: string,
): Promise<SourceMessage | undefined> {
  const window = { channel: channelId, latest: ts, oldest: ts, inclusive: true, limit: 1 };
  const history = await client.conversations.history(window);
  let found: HistoryMessage | undefined = history.messages?.find((m) => m.ts === ts);
  if (!found) {
    const thread = await client.conversations.replies({ ...window, ts });
    found = thread.messages?.find((m) => m.ts === ts);
  }
  if (!found || !isPersonMessage(found)) return undefined;
  return {
    channelId,
    ts,
    user: slackUserIdOf(found.user as string),
    text: found.text ?? '',
    files: found.files ?? [],
  };
}
