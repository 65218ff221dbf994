import type { CustomerEvent, DeliveryRecord, DeliveryTicket } from '../../core/model.js';
import { type Locale, localeOf, translator } from '../../i18n/index.js';
import { queueRef } from '../../present/card-data.js';
import { operatorName } from '../../present/notice-operator.js';
import { senderName } from '../../present/sender-name.js';
import { buildCustomerNotice } from '../../views/messages/customer-notice.js';
import { buildCustomerReceipt } from '../../views/messages/customer-receipt.js';
import { recordNotice } from '../record-notice.js';
import type { SlackDeliveryDeps } from './deps.js';
import { identityOf } from './post-identity.js';
import { shareKeptFiles } from './share-files.js';
import { slackCall } from './slack-errors.js';
import { customerThread } from './threads.js';

/**
 * Tells a Slack customer about their ticket by DM: the first notice ("received") starts the DM thread that
 * every later notice, and the customer's own replies, go into. A ticket opened from a Slack message has its
 * thread already (the message's): the notices go there, where the customer asked.
 */
export async function notifyCustomerBySlack(
  deps: SlackDeliveryDeps,
  ticketId: number,
  event: CustomerEvent,
  articleId: number | undefined,
): Promise<DeliveryRecord[]> {
  const { desk, client } = deps;
  // Only a 'claimed' notice reads the history (who claimed it, as it was then).
  const details = await desk.deliveryTicket(ticketId, { articleId, history: event === 'claimed' });
  const { customer, ticket } = details;
  if (!customer.slackUserId) return [];
  const locale = localeOf(customer.language, deps.view.locale);
  const records: DeliveryRecord[] = [];
  let thread: { channelId: string; ts: string } | undefined = await customerThread(deps, ticketId);
  if (!thread) {
    const receipt = await startCustomerThread(deps, details, locale);
    records.push(recordNotice(ticket.number, dmNotice(receipt.text, receipt.post)));
    thread = receipt.post;
  } else if (event === 'received') {
    // Opened from a Slack message (a reaction, a mention, a DM, a request channel): answered in its thread.
    const receipt = customerReceipt(details, locale);
    const { channelId, ts } = thread;
    const posted = await slackCall('chat.postMessage', () =>
      client.chat.postMessage({ channel: channelId, thread_ts: ts, ...receipt }),
    );
    records.push(recordNotice(ticket.number, dmNotice(receipt.text, { channelId, ts: posted.ts as string })));
  }
  if (event !== 'received') {
    const notice = await customerNotice(deps, details, event, locale);
    const signed = await replySender(deps, details, event);
    const { channelId, ts } = thread;
    const posted = await slackCall('chat.postMessage', () =>
      client.chat.postMessage({ channel: channelId, thread_ts: ts, ...notice, ...signed }),
    );
    const post = { channelId, ts: posted.ts as string };
    records.push(recordNotice(ticket.number, dmNotice(notice.text, post)));
    // A reply's DM is its copy on the customer's side: an edit of the reply brings it up to date.
    if (event === 'replied' && details.article) {
      const copy = { ticketId, kind: 'article_copy' as const, queueId: null, articleId: details.article.id };
      records.push({ kind: 'slack_post', post: { ...copy, ...post } });
    }
    // An operator's reply brings its files along, into the same thread; an internal note's never leave.
    const { article } = details;
    if (article?.customerVisible && article.senderType === 'agent') {
      await shareKeptFiles(deps, article.id, { channelId, ts });
    }
  }
  return records;
}

/** What the customer reads about `event`, with the delivery's article as it reads now. */
export async function customerNotice(
  deps: SlackDeliveryDeps,
  details: DeliveryTicket,
  event: CustomerEvent,
  locale: Locale,
) {
  const { article, ticket } = details;
  return buildCustomerNotice({
    locale,
    event,
    number: ticket.number,
    title: ticket.title,
    owner: noticeOperator(details, event, article?.authorName),
    body: article?.customerVisible ? shownBody(article, locale) : undefined,
    closedState: ticket.state,
    askRating: event === 'closed' && (await deps.desk.shouldAskSatisfaction(ticket.id)),
  });
}

/** What the customer reads of an article: a reply its writer deleted is said to be withdrawn. */
function shownBody(article: { body: string; deletedAt: Date | null }, locale: Locale): string {
  return article.deletedAt ? translator(locale)('article.deletedForCustomer') : article.body;
}

/** A reply reaches the customer under its operator's name and picture, with the queue's name. */
async function replySender(deps: SlackDeliveryDeps, details: DeliveryTicket, event: CustomerEvent) {
  const { article } = details;
  if (event !== 'replied' || article?.authorAgentId == null || !article.authorName) return undefined;
  const operator = await deps.desk.agentById(article.authorAgentId);
  return identityOf(deps, senderName(article.authorName, details.customerQueue.name), operator.slackUserId);
}

/** A DM notice as the article that records it. */
function dmNotice(text: string, post: { channelId: string; ts: string }) {
  return {
    channel: 'slack' as const,
    customerVisible: true,
    body: text,
    slackChannelId: post.channelId,
    slackTs: post.ts,
  };
}

/** The receipt DM: number, queue and what happens next; its thread is the customer's side of the ticket. */
async function startCustomerThread(deps: SlackDeliveryDeps, details: DeliveryTicket, locale: Locale) {
  const { desk, client } = deps;
  const receipt = customerReceipt(details, locale);
  const posted = await slackCall('chat.postMessage', () =>
    client.chat.postMessage({ channel: details.customer.slackUserId as string, ...receipt }),
  );
  const post = { channelId: posted.channel as string, ts: posted.ts as string };
  await desk.recordSlackPost({
    ticketId: details.ticket.id,
    kind: 'customer_thread',
    queueId: null,
    ...post,
  });
  return { post, text: receipt.text };
}

function customerReceipt(details: DeliveryTicket, locale: Locale) {
  return buildCustomerReceipt({
    locale,
    number: details.ticket.number,
    title: details.ticket.title,
    queue: queueRef(details.customerQueue),
  });
}

/** The operator the notice names, as it was when it was written; a mention while they still hold the ticket. */
function noticeOperator(
  details: DeliveryTicket,
  event: CustomerEvent,
  replyAuthor: string | null | undefined,
) {
  const name = operatorName(details, event, replyAuthor);
  if (!name) return undefined;
  return details.owner?.name === name ? { name, slackUserId: details.owner.slackUserId } : { name };
}
