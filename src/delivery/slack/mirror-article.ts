import type { DeliveryRecord, DeliveryTicket } from '../../core/model.js';
import { trimQuotedReply } from '../../mail/quoted-reply.js';
import { articleData } from '../../present/articles.js';
import { buildArticlePost } from '../../views/messages/article-post.js';
import { DeliveryError } from '../outbox-worker.js';
import type { SlackDeliveryDeps } from './deps.js';
import { articleAuthorIdentity } from './post-identity.js';
import { shareKeptFiles } from './share-files.js';
import { slackCall } from './slack-errors.js';
import { currentQueueCard } from './threads.js';

/**
 * Posts an article written elsewhere (a modal, the customer's DM, an email) into the thread of the ticket's
 * card in its current queue, so the operators' thread holds the whole conversation. The post is recorded as
 * the article's copy, which an edit of the article brings up to date.
 */
export async function mirrorArticle(
  deps: SlackDeliveryDeps,
  ticketId: number,
  articleId: number,
): Promise<DeliveryRecord[]> {
  const { desk, client } = deps;
  const details = await desk.deliveryTicket(ticketId, { articleId });
  const card = await currentQueueCard(deps, ticketId, details.ticket.queueId);
  if (!details.article || !card) {
    deps.logger.info(`article ${articleId} of ticket ${details.ticket.number}: no card thread to post it in`);
    return [];
  }
  const message = await articlePost(deps, details);
  const author = await articleAuthorIdentity(deps, details, articleData(details, details.article).author);
  const posted = await slackCall('chat.postMessage', () =>
    client.chat.postMessage({ channel: card.channelId, thread_ts: card.ts, ...message, ...author }),
  );
  const copy = { channelId: posted.channel ?? card.channelId, ts: posted.ts as string };
  await shareKeptFiles(deps, articleId, card);
  return [
    { kind: 'slack_post', post: { ticketId, kind: 'article_copy', queueId: null, articleId, ...copy } },
  ];
}

/** The thread post of the delivery's article as it reads now, with its writer's name and picture. */
export async function articlePost(deps: SlackDeliveryDeps, details: DeliveryTicket) {
  const article = details.article as NonNullable<DeliveryTicket['article']>;
  const data = articleData(details, article);
  // A reply by email carries the earlier messages quoted below it: the thread has them already.
  if (article.channel === 'email') data.body = trimQuotedReply(data.body);
  return buildArticlePost({ locale: deps.view.locale, article: data, ticketNumber: article.ticketNumber });
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
