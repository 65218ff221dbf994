import type { OutboxMessage } from '../../core/outbox.js';
import type { DeliveryHandler } from '../outbox-worker.js';
import type { SlackDeliveryDeps } from './deps.js';
import { mirrorArticle } from './mirror-article.js';
import { notifyAgent } from './notify-agent.js';
import { notifyCustomerBySlack } from './notify-customer.js';
import { syncCard } from './sync-card.js';

/** Delivers the outbox's Slack side: cards, thread posts, DMs. */
export function slackDelivery(deps: SlackDeliveryDeps): DeliveryHandler {
  return async (message: OutboxMessage) => {
    switch (message.topic) {
      case 'card.sync':
        return syncCard(deps, message.ticketId);
      case 'article.mirror':
        await mirrorArticle(deps, message.ticketId, message.articleId);
        return undefined;
      case 'customer.notify':
        return notifyCustomerBySlack(deps, message.ticketId, message.event, message.articleId);
      case 'agent.notify':
        await notifyAgent(deps, message);
        return undefined;
    }
  };
}
