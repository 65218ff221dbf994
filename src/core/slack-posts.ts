import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import type { SlackPostKind, slackPosts } from '../db/schema.js';
import { tablesOf } from '../db/tables.js';
import type { CoreContext } from './context.js';

export type SlackPostRow = typeof slackPosts.$inferSelect;

/** A post the delivery made: a card, the customer's thread, or an article's copy (`articleId`). */
export interface NewSlackPost {
  ticketId: number;
  kind: SlackPostKind;
  queueId: number | null;
  channelId: string;
  ts: string;
  articleId?: number;
}

const insertSlackPost = (db: Db) => {
  const { slackPosts } = tablesOf(db);
  return db
    .insert(slackPosts)
    .values({
      ticketId: sql.placeholder('ticketId'),
      kind: sql.placeholder('kind'),
      queueId: sql.placeholder('queueId'),
      articleId: sql.placeholder('articleId'),
      channelId: sql.placeholder('channelId'),
      ts: sql.placeholder('ts'),
      createdAt: sql.placeholder('createdAt'),
    })
    .onConflictDoNothing()
    .prepare();
};
const postsOfTicket = (db: Db) => {
  const { slackPosts } = tablesOf(db);
  return db
    .select()
    .from(slackPosts)
    .where(eq(slackPosts.ticketId, sql.placeholder('ticketId')))
    .orderBy(asc(slackPosts.id))
    .prepare();
};
const postByMessage = (db: Db) => {
  const { slackPosts } = tablesOf(db);
  return db
    .select()
    .from(slackPosts)
    .where(
      and(
        eq(slackPosts.channelId, sql.placeholder('channelId')),
        eq(slackPosts.ts, sql.placeholder('ts')),
        // A copy is a reply in a thread, never the root of one.
        ne(slackPosts.kind, 'article_copy'),
      ),
    )
    .prepare();
};

/**
 * Where a ticket stands in Slack (its cards, the customer's DM thread). Kept by the delivery workers once a
 * post is made, read by the listeners to know which ticket a thread message is about.
 */
export async function recordSlackPost(ctx: CoreContext, post: NewSlackPost): Promise<void> {
  await prepared(ctx.db, insertSlackPost).execute({
    ...post,
    articleId: post.articleId ?? null,
    createdAt: ctx.clock.now(),
  });
}

export async function slackPostsOfTicket(ctx: CoreContext, ticketId: number): Promise<SlackPostRow[]> {
  return await prepared(ctx.db, postsOfTicket).execute({ ticketId });
}

/** The post a thread hangs from: `threadTs` is the ts of the thread's first message. */
export async function slackPostByMessage(
  ctx: CoreContext,
  channelId: string,
  threadTs: string,
): Promise<SlackPostRow | undefined> {
  return (await prepared(ctx.db, postByMessage).execute({ channelId, ts: threadTs }))[0];
}
