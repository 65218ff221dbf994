import type { WebClient } from '@slack/web-api';
import type { Locale } from '../i18n/index.js';
import { buildRatingThanks, replaceRatingBlocks } from '../views/messages/rating.js';

/** The message a rating was given on, as a block action or the comment form's metadata names it. */
export interface RatedMessage {
  channelId: string;
  ts: string;
  /** The thread it is in (a closing notice is in the customer's DM thread). */
  threadTs?: string | undefined;
  /** Its text and blocks as Slack sent them, when known (a block action carries them). */
  text?: string | undefined;
  blocks?: unknown;
}

/**
 * Turns the rating question of a closing notice into the answer: thanks, the rating and, until a comment is
 * given, a button to add one. The notice's own words stay.
 */
export async function showRating(
  client: WebClient,
  message: RatedMessage,
  rating: { locale: Locale; number: string; rating: number; comment: string | null },
): Promise<void> {
  let { text, blocks } = message;
  if (blocks === undefined) {
    // A notice in the customer's DM thread is a reply: only conversations.replies finds it.
    const found = await client.conversations.replies({
      channel: message.channelId,
      ts: message.threadTs ?? message.ts,
      latest: message.ts,
      oldest: message.ts,
      inclusive: true,
      limit: 10,
    });
    const same = found.messages?.find((m) => m.ts === message.ts);
    text = same?.text;
    blocks = same?.blocks;
  }
  await client.chat.update({
    channel: message.channelId,
    ts: message.ts,
    text: text ?? '',
    blocks: replaceRatingBlocks(blocks, buildRatingThanks(rating)),
  });
}
