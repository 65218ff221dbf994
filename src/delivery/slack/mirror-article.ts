import { trimQuotedReply } from '../../mail/quoted-reply.js';
import { articleData } from '../../present/articles.js';
import { buildArticlePost } from '../../views/messages/article-post.js';
import { DeliveryError } from '../outbox-worker.js';
import type { SlackDeliveryDeps } from './deps.js';
import { shareKeptFiles } from './share-files.js';
import { slackCall } from './slack-errors.js';
import { currentQueueCard } from './threads.js';

/**
 * Posts an article written elsewhere (a modal, the customer's DM, an email) into the thread of the ticket's
 * card in its current queue, so the operators' thread holds the whole conversation.
 */
export async function mirrorArticle(
  deps: SlackDeliveryDeps,
  ticketId: number,
  articleId: number,
): Promise<void> {
  const { desk, client } = deps;
  const details = await desk.deliveryTicket(ticketId, { articleId });
  const { article } = details;
  const card = await currentQueueCard(deps, ticketId, details.ticket.queueId);
  if (!article || !card) {
    deps.logger.info(`article ${articleId} of ticket ${details.ticket.number}: no card thread to post it in`);
    return;
  }
  const data = articleData(details, article);
  // A reply by email carries the earlier messages quoted below it: the thread has them already.
  if (article.channel === 'email') data.body = trimQuotedReply(data.body);
  const message = buildArticlePost({
    locale: deps.view.locale,
    article: data,
    ticketNumber: article.ticketNumber,
  });
  await slackCall('chat.postMessage', () =>
    client.chat.postMessage({ channel: card.channelId, thread_ts: card.ts, ...message }),
  );
  await shareKeptFiles(deps, articleId, card);
}

/**
 * Uploads an article's files into the thread of the ticket's card (the card itself shows the article's text):
 * the card is posted first, by the ticket's earlier delivery, so a missing card is retried, not skipped.
 */
export async function shareFilesInQueueThread(
  deps: SlackDeliveryDeps,
  ticketId: number,
  articleId: number,
): Promise<void> {
  const { ticket } = await deps.desk.deliveryTicket(ticketId);
  const card = await currentQueueCard(deps, ticketId, ticket.queueId);
  if (!card) throw new DeliveryError(`ticket ${ticket.number}: no card thread for its files yet`);
  await shareKeptFiles(deps, articleId, card);
}
