import { RespondError, type RespondFn } from '@slack/bolt';
import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { SlackUserId } from '../core/model.js';
import type { KnownBlock } from '../views/slack.js';

/** Where to tell a person something only they should see. */
export interface Audience {
  userId: SlackUserId;
  /** The channel they acted in; without one they are told by DM. */
  channelId?: string;
  threadTs?: string;
  /**
   * The interaction's response_url (Bolt's `respond`): an answer through it reaches the person even in a
   * channel they are not a member of (a public queue channel seen in preview), where an ephemeral cannot.
   */
  respond?: RespondFn;
}

/** Slack's answers to an ephemeral for someone who cannot see the channel: they are told another way. */
const NOT_THERE = new Set(['user_not_in_channel', 'channel_not_found', 'not_in_channel']);

/**
 * Says something to one person: ephemeral in the channel they acted in; where that cannot reach them (a
 * channel they are not a member of) through the interaction's response_url, which can; by DM when neither
 * does (an expired response_url), or when they acted nowhere in particular.
 */
export async function tell(
  client: WebClient,
  to: Audience,
  message: { text: string; blocks?: KnownBlock[] },
) {
  const { blocks } = message;
  if (to.channelId) {
    try {
      await client.chat.postEphemeral({
        channel: to.channelId,
        user: to.userId,
        text: message.text,
        blocks,
        ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
      });
      return;
    } catch (error) {
      if (!(error instanceof WebAPIPlatformError && NOT_THERE.has(error.data.error))) throw error;
    }
    if (to.respond && (await answered(to.respond, message))) return;
  }
  await client.chat.postMessage({ channel: to.userId, text: message.text, blocks });
}

/** Answers through the response_url, ephemeral and beside the message acted on; false when Slack refused. */
async function answered(respond: RespondFn, message: { text: string; blocks?: KnownBlock[] }) {
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, ...message });
    return true;
  } catch (error) {
    // An expired or used-up response_url (30 minutes, 5 uses): the DM below still reaches them.
    if (error instanceof RespondError) return false;
    throw error;
  }
}
