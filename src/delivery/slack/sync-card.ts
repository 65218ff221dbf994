import type { DeliveryRecord } from '../../core/model.js';
import { cardData } from '../../present/card-data.js';
import { buildTicketCard } from '../../views/ticket-card.js';
import type { SlackDeliveryDeps } from './deps.js';
import { slackCall } from './slack-errors.js';

/**
 * Brings the ticket's cards up to date: every card it has (the ones in queues it left say where it went)
 * is updated in place, and the queue it is in gets a card if it has none yet.
 */
export async function syncCard(deps: SlackDeliveryDeps, ticketId: number): Promise<DeliveryRecord[]> {
  const { desk, client } = deps;
  const details = await desk.deliveryTicket(ticketId);
  const cards = (await desk.slackPostsOfTicket(ticketId)).filter((post) => post.kind === 'queue_card');
  for (const card of cards) {
    const queue = (await desk.queueFamily(card.queueId as number)).queue;
    const message = buildTicketCard(await cardData(desk, details, details.request, queue, deps.view));
    await slackCall('chat.update', () =>
      client.chat.update({ channel: card.channelId, ts: card.ts, ...message }),
    );
  }
  const current = details.queue;
  if (!current.slackChannelId || cards.some((card) => card.queueId === current.id)) return [];
  const message = buildTicketCard(await cardData(desk, details, details.request, current, deps.view));
  const posted = await slackCall('chat.postMessage', () =>
    client.chat.postMessage({ channel: current.slackChannelId as string, ...message }),
  );
  const card = {
    ticketId,
    kind: 'queue_card' as const,
    queueId: current.id,
    channelId: posted.channel ?? (current.slackChannelId as string),
    ts: posted.ts as string,
  };
  return [{ kind: 'slack_post', post: card }];
}
