import { and, asc, eq } from 'drizzle-orm';
import { type SlackPostKind, slackPosts } from '../db/schema.js';
import type { CoreContext } from './context.js';

export type SlackPostRow = typeof slackPosts.$inferSelect;

/**
 * Where a ticket stands in Slack (its cards, the customer's DM thread). Kept by the delivery workers once a
 * post is made, read by the listeners to know which ticket a thread message is about.
 */
export function recordSlackPost(
  ctx: CoreContext,
  post: { ticketId: number; kind: SlackPostKind; queueId: number | null; channelId: string; ts: string },
): void {
  ctx.db
    .insert(slackPosts)
    .values({ ...post, createdAt: ctx.clock.now() })
    .onConflictDoNothing()
    .run();
}

export function slackPostsOfTicket(ctx: CoreContext, ticketId: number): SlackPostRow[] {
  return ctx.db
    .select()
    .from(slackPosts)
    .where(eq(slackPosts.ticketId, ticketId))
    .orderBy(asc(slackPosts.id))
    .all();
}

/** The post a thread hangs from: `threadTs` is the ts of the thread's first message. */
export function slackPostByMessage(
  ctx: CoreContext,
  channelId: string,
  threadTs: string,
): SlackPostRow | undefined {
  return ctx.db
    .select()
    .from(slackPosts)
    .where(and(eq(slackPosts.channelId, channelId), eq(slackPosts.ts, threadTs)))
    .get();
}
