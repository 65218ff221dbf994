import type { SlackPostRow } from '../../core/model.js';
import type { SlackDeliveryDeps } from './deps.js';

/** The card of the ticket in the queue it is in now, whose thread holds the operators' conversation. */
export async function currentQueueCard(
  deps: SlackDeliveryDeps,
  ticketId: number,
  queueId: number,
): Promise<SlackPostRow | undefined> {
  const posts = await deps.desk.slackPostsOfTicket(ticketId);
  return posts.find((p) => p.kind === 'queue_card' && p.queueId === queueId);
}

/** The customer's DM thread: their confirmation message and everything said to them since. */
export async function customerThread(
  deps: SlackDeliveryDeps,
  ticketId: number,
): Promise<SlackPostRow | undefined> {
  const posts = await deps.desk.slackPostsOfTicket(ticketId);
  return posts.find((p) => p.kind === 'customer_thread');
}
