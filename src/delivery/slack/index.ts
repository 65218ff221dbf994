import type { OutboxMessage } from '../../core/model.js';
import type { DeliveryHandler } from '../outbox-worker.js';
import type { SlackDeliveryDeps } from './deps.js';
import { mirrorArticle, shareFilesInQueueThread } from './mirror-article.js';
import { notifyAgent } from './notify-agent.js';
import { notifyCustomerBySlack } from './notify-customer.js';
import { postingOnce } from './post-once.js';
import { syncCard } from './sync-card.js';
import { updateArticleCopies } from './update-copies.js';

/** Delivers the outbox's Slack side: cards, thread posts, DMs; each post made once, retries included. */
export function slackDelivery(shared: SlackDeliveryDeps): DeliveryHandler {
  return async (message: OutboxMessage, row) => {
    const deps = { ...shared, client: postingOnce(shared.client, row) };
    switch (message.topic) {
      case 'card.sync':
        return syncCard(deps, message.ticketId);
      case 'article.mirror':
        return mirrorArticle(deps, message.ticketId, message.articleId);
      case 'article.update':
        await updateArticleCopies(deps, message.ticketId, message.articleId);
        return [];
      case 'article.files':
        await shareFilesInQueueThread(deps, message.ticketId, message.articleId);
        return [];
      case 'customer.notify':
        return notifyCustomerBySlack(deps, message.ticketId, message.event, message.articleId);
      case 'agent.notify':
        await notifyAgent(deps, message);
        return [];
    }
  };
}
