import type { WebClient } from '@slack/web-api';
import { DELIVERY_EVENT, type SlackPostRow } from '../core/model.js';
import type { BotDeps } from './deps.js';

/**
 * The ticket post (a card, a customer's DM receipt) whose thread `threadTs` is in `channelId`. Usually the
 * desk has it on record; but Slack tells of a reply as soon as it took the post, and a person can answer a
 * card within the instant before the delivery that posted it (in this process or another) heard back and
 * recorded it. Then the post itself says which delivery made it: its metadata, trusted only on a message the
 * app's own bot wrote, names the outbox row, and the desk records the post from it. A thread that hangs
 * from someone else's message (the event's `parent_user_id`, when it names one) is asked no further.
 */
export async function ticketThreadPost(
  deps: BotDeps,
  client: WebClient,
  reply: {
    channelId: string;
    threadTs: string;
    /** Who wrote the thread's first message, as the event names it (unnamed: asked). */
    parentUserId?: string | undefined;
    botUserId: string | undefined;
  },
): Promise<SlackPostRow | undefined> {
  const { channelId, threadTs, botUserId } = reply;
  const recorded = await deps.desk.slackPostByMessage(channelId, threadTs);
  const parentIsSomeoneElses = reply.parentUserId !== undefined && reply.parentUserId !== botUserId;
  if (recorded || !botUserId || parentIsSomeoneElses) return recorded;
  const window = { channel: channelId, latest: threadTs, oldest: threadTs, inclusive: true, limit: 1 };
  const history = await client.conversations.history({ ...window, include_all_metadata: true });
  const parent = history.messages?.find((m) => m.ts === threadTs);
  if (!parent || parent.user !== botUserId || parent.metadata?.event_type !== DELIVERY_EVENT)
    return undefined;
  const payload: Record<string, unknown> | undefined = parent.metadata.event_payload;
  const outboxId = payload?.outbox_id;
  if (typeof outboxId !== 'number' || !Number.isSafeInteger(outboxId)) return undefined;
  return await deps.desk.recordDeliveredThread(outboxId, channelId, threadTs);
}
