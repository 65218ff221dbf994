import { type ChatPostMessageResponse, WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { DELIVERY_EVENT, type OutboxRow } from '../../core/model.js';
import { toDeliveryError } from './slack-errors.js';

/** How many messages (newest first) are looked through for a post an interrupted attempt may have made. */
const SEARCH_PAGES = 5;
const PAGE_SIZE = 200;

type PostMessage = WebClient['chat']['postMessage'];
type Found = { channel: string; ts: string };

/**
 * The client a delivery of `row` posts with. Each post carries the row's id as message metadata, and when an
 * earlier attempt may have posted already (it was cut off by a crash, its lease ran out, or it failed without
 * knowing whether Slack took the message, e.g. a timeout), the place the post goes to (the channel, or the
 * thread) is searched for it first: found, it is brought up to what it would say now (a card posted before a
 * crash may show the ticket as it was then) and used instead of posting again. So a restart or a retry never
 * shows a card or a notice twice, nor a stale one. Within one delivery no two posts go to the same place.
 */
export function postingOnce(client: WebClient, row: Pick<OutboxRow, 'id' | 'attempts' | 'leaseUntil'>) {
  const post: PostMessage = client.chat.postMessage;
  const maybePosted = row.attempts > 0 || row.leaseUntil !== null;
  const postMessage: PostMessage = async (args) => {
    const metadata = { event_type: DELIVERY_EVENT, event_payload: { outbox_id: row.id } };
    if (maybePosted) {
      const threadTs = 'thread_ts' in args && typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
      const found = await findPost(client, args.channel, threadTs, row.id);
      if (found) {
        await bringUpToDate(client, found, args);
        return { ok: true, channel: found.channel, ts: found.ts } satisfies ChatPostMessageResponse;
      }
    }
    return post(Object.assign({}, args, { metadata }));
  };
  const guarded: WebClient = Object.create(client);
  Object.defineProperty(guarded, 'chat', { value: { ...client.chat, postMessage } });
  return guarded;
}

/** Rewrites a post found again with what the delivery posts now, keeping its metadata. */
async function bringUpToDate(
  client: WebClient,
  found: Found,
  args: Parameters<PostMessage>[0],
): Promise<void> {
  const where = { channel: found.channel, ts: found.ts };
  const text = 'text' in args ? args.text : undefined;
  const blocks = 'blocks' in args ? args.blocks : undefined;
  try {
    await client.chat.update(blocks ? { ...where, blocks, text } : { ...where, text: text ?? '' });
  } catch (error) {
    throw toDeliveryError('chat.update', error);
  }
}

/**
 * The message of outbox row `outboxId` in `channel` (a user id means the DM with them), in the thread of
 * `threadTs` when given. A search Slack refuses (a scope the app lacks) finds nothing, so the post is made;
 * a search that fails for now (rate limit, timeout, 5xx) fails the attempt, to be retried.
 */
async function findPost(
  client: WebClient,
  channel: string,
  threadTs: string | undefined,
  outboxId: number,
): Promise<Found | undefined> {
  try {
    const conversation = /^[UW]/.test(channel)
      ? ((await client.conversations.open({ users: channel })).channel?.id ?? channel)
      : channel;
    let cursor: string | undefined;
    for (let page = 0; page < SEARCH_PAGES; page++) {
      const options = { channel: conversation, include_all_metadata: true, limit: PAGE_SIZE, cursor };
      const answer = threadTs
        ? await client.conversations.replies({ ...options, ts: threadTs })
        : await client.conversations.history(options);
      for (const message of answer.messages ?? []) {
        const payload: Record<string, unknown> | undefined = message.metadata?.event_payload;
        if (
          message.metadata?.event_type === DELIVERY_EVENT &&
          payload?.outbox_id === outboxId &&
          message.ts
        ) {
          return { channel: conversation, ts: message.ts };
        }
      }
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  } catch (error) {
    if (error instanceof WebAPIPlatformError) return undefined;
    throw toDeliveryError(threadTs ? 'conversations.replies' : 'conversations.history', error);
  }
}
