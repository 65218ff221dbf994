import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { tablesOf } from '../../db/tables.js';
import type { CoreContext } from '../context.js';
import { slackPostsOfTicket } from '../slack-posts.js';

/** Where a notice the desk posted to a ticket's customer is in Slack: a message of their DM thread. */
export interface CustomerNoticePost {
  channelId: string;
  ts: string;
  /** The customer's DM thread the notice is a reply in. */
  threadTs: string;
}

const noticeAt = (db: Db) => {
  const { articles } = tablesOf(db);
  return db
    .select({ id: articles.id })
    .from(articles)
    .where(
      and(
        eq(articles.ticketId, sql.placeholder('ticketId')),
        eq(articles.senderType, 'system'),
        eq(articles.slackChannelId, sql.placeholder('channelId')),
        eq(articles.slackTs, sql.placeholder('ts')),
      ),
    )
    .prepare();
};

/**
 * The desk's notice to the ticket's customer at `ts` in `channelId`, if that is one: a message the desk
 * recorded as posted in the ticket's customer DM thread. A form's claim of where "its" message is (the
 * rating comment's metadata) is believed only when it names such a notice, so no form can make the bot
 * edit another of its messages (a queue card, another ticket's DM).
 */
export async function customerNoticePost(
  ctx: CoreContext,
  ticketId: number,
  channelId: string,
  ts: string,
): Promise<CustomerNoticePost | undefined> {
  const thread = (await slackPostsOfTicket(ctx, ticketId)).find((post) => post.kind === 'customer_thread');
  if (!thread || thread.channelId !== channelId) return undefined;
  const notice = (await prepared(ctx.db, noticeAt).execute({ ticketId, channelId, ts }))[0];
  return notice ? { channelId, ts, threadTs: thread.ts } : undefined;
}
