import type { WebClient } from '@slack/web-api';
import type { SlackUserId } from '../core/model.js';
import type { KnownBlock } from '../views/slack.js';

/** Where to tell a person something only they should see. */
export interface Audience {
  userId: SlackUserId;
  /** The channel they acted in; without one they are told by DM. */
  channelId?: string;
  threadTs?: string;
}

/** Says something to one person: ephemeral in the channel they acted in, else by DM. */
export async function tell(
  client: WebClient,
  to: Audience,
  message: { text: string; blocks?: KnownBlock[] },
) {
  const { blocks } = message;
  if (to.channelId) {
    await client.chat.postEphemeral({
      channel: to.channelId,
      user: to.userId,
      text: message.text,
      blocks,
      ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
    });
  } else {
    await client.chat.postMessage({ channel: to.userId, text: message.text, blocks });
  }
}
