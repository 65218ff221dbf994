import { localeOf } from '../../i18n/index.js';
import type { SlackDeliveryDeps } from './deps.js';
import { articlePost } from './mirror-article.js';
import { customerNotice } from './notify-customer.js';
import { slackCall } from './slack-errors.js';
import { customerThread } from './threads.js';

/**
 * An article was edited or deleted: each of its copies is rewritten to what it says now, the operators' thread
 * post as a thread post, the customer's DM as the reply notice it was. A copy not posted yet needs nothing:
 * its delivery comes first and posts the article as it reads then.
 */
export async function updateArticleCopies(
  deps: SlackDeliveryDeps,
  ticketId: number,
  articleId: number,
): Promise<void> {
  const { desk, client } = deps;
  const posts = await desk.slackPostsOfTicket(ticketId);
  const copies = posts.filter((post) => post.kind === 'article_copy' && post.articleId === articleId);
  if (copies.length === 0) return;
  const details = await desk.deliveryTicket(ticketId, { articleId });
  if (!details.article) return;
  const dm = await customerThread(deps, ticketId);
  for (const copy of copies) {
    const message =
      copy.channelId === dm?.channelId
        ? await customerNotice(
            deps,
            details,
            'replied',
            localeOf(details.customer.language, deps.view.locale),
          )
        : await articlePost(deps, details);
    await slackCall('chat.update', () =>
      client.chat.update({ channel: copy.channelId, ts: copy.ts, ...message }),
    );
  }
}
