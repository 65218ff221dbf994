import type { SlackPostRow } from '../../core/slack-posts.js';
import { slackPostsOfTicket } from '../../core/slack-posts.js';
import type { SlackDeliveryDeps } from './deps.js';

/** The card of the ticket in the queue it is in now, whose thread holds the operators' conversation. */
export function currentQueueCard(
  deps: SlackDeliveryDeps,
  ticketId: number,
  queueId: number,
): SlackPostRow | undefined {
  return slackPostsOfTicket(deps.desk.ctx, ticketId).find(
    (p) => p.kind === 'queue_card' && p.queueId === queueId,
  );
}

/** The customer's DM thread: their confirmation message and everything said to them since. */
export function customerThread(deps: SlackDeliveryDeps, ticketId: number): SlackPostRow | undefined {
  return slackPostsOfTicket(deps.desk.ctx, ticketId).find((p) => p.kind === 'customer_thread');
}
