import type { CustomerEvent, DeliveryRecord, DeliveryTicket } from '../../core/model.js';
import { type Locale, localeOf } from '../../i18n/index.js';
import { queueRef } from '../../present/card-data.js';
import { operatorName } from '../../present/notice-operator.js';
import { buildCustomerNotice } from '../../views/messages/customer-notice.js';
import { buildCustomerReceipt } from '../../views/messages/customer-receipt.js';
import { recordNotice } from '../record-notice.js';
import type { SlackDeliveryDeps } from './deps.js';
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
    const { article } = details;
    const notice = buildCustomerNotice({
      locale,
      event,
      number: ticket.number,
      title: ticket.title,
      owner: noticeOperator(details, event, article?.authorName),
      body: article?.customerVisible ? article.body : undefined,
      closedState: ticket.state,
      askRating: event === 'closed' && (await desk.shouldAskSatisfaction(ticket.id)),
    });
    const { channelId, ts } = thread;
    const posted = await slackCall('chat.postMessage', () =>
      client.chat.postMessage({ channel: channelId, thread_ts: ts, ...notice }),
    );
    records.push(recordNotice(ticket.number, dmNotice(notice.text, { channelId, ts: posted.ts as string })));
  }
  return records;
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
