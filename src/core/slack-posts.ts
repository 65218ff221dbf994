import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { prepared, rowsWhereEqual } from '../db/prepared.js';
import type { SlackPostKind, slackPosts } from '../db/schema.js';
import { tablesOf } from '../db/tables.js';
import type { CoreContext } from './context.js';

export type SlackPostRow = typeof slackPosts.$inferSelect;

/** The metadata event every delivery post carries: `event_payload.outbox_id` names the row that made it. */
export const DELIVERY_EVENT = 'sportello_delivery';

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
const outboxRowById = rowsWhereEqual('outbox', (t) => t.id);
const queuesOfChannel = rowsWhereEqual('queues', (t) => t.slackChannelId);
const ticketById = rowsWhereEqual('tickets', (t) => t.id);

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

/**
 * The post at `ts` in `channelId`, made by the delivery of outbox row `outboxId` (the post's own metadata
 * says so), recorded now if that delivery has not yet: Slack tells of a message in its thread as soon as it
 * took the post, maybe before the delivery (in this process or another) heard back and recorded it. Only the
 * roots of ticket threads count: a card (`card.sync`, in a channel of one of the ticket's queues) and the
 * customer's DM receipt (`customer.notify`). The delivery's own record, later, finds it there already.
 */
export async function recordDeliveredThread(
  ctx: CoreContext,
  outboxId: number,
  channelId: string,
  ts: string,
): Promise<SlackPostRow | undefined> {
  const row = (await prepared(ctx.db, outboxRowById).execute({ value: outboxId }))[0];
  if (!row?.ticketId) return undefined;
  const post = { ticketId: row.ticketId, channelId, ts };
  if (row.topic === 'customer.notify') {
    await recordSlackPost(ctx, { ...post, kind: 'customer_thread', queueId: null });
  } else if (row.topic === 'card.sync') {
    const ticket = (await prepared(ctx.db, ticketById).execute({ value: row.ticketId }))[0];
    const queues = await prepared(ctx.db, queuesOfChannel).execute({ value: channelId });
    // A card is posted in the channel of the ticket's queue of the moment; it may have moved on since.
    const queue = queues.find((q) => q.id === ticket?.queueId) ?? queues[0];
    if (!queue) return undefined;
    await recordSlackPost(ctx, { ...post, kind: 'queue_card', queueId: queue.id });
  } else {
    return undefined;
  }
  return await slackPostByMessage(ctx, channelId, ts);
}
