import { and, desc, eq, gte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { tablesOf } from '../../db/tables.js';
import type { Actor } from '../actor.js';
import type { QueueKey, SlackUserId } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import type { CustomerRef } from '../customers.js';
import type { TicketRow } from '../permissions.js';
import { type ArticleInput, findStoredMessage } from './article-store.js';
import { followUp } from './follow-up.js';
import { loadTicketById } from './load.js';
import { openTicket } from './open-ticket.js';

/** A Slack message that becomes a request: known by its channel and ts, so it opens one ticket at most. */
export interface MessageIntakeInput {
  queueKey: QueueKey;
  title: string;
  priority?: number;
  article: ArticleInput & { slackChannelId: string; slackTs: string };
  /** The message's author, who the ticket is for. */
  customer: CustomerRef & { slackUserId: SlackUserId };
  /**
   * A request channel's grouping: a message of the same author within this many milliseconds of their
   * previous request message in the channel joins that ticket instead of opening one.
   */
  groupWithinMs?: number;
}

export type MessageIntakeOutcome =
  /** A new ticket, whose customer thread is the message's thread. */
  | 'opened'
  /** Added to the author's ticket opened moments before in the same channel. */
  | 'grouped'
  /** This message was taken already (a second reaction, a Slack retry): nothing changed. */
  | 'duplicate';

export interface MessageIntakeResult {
  outcome: MessageIntakeOutcome;
  ticket: TicketRow;
}

/** The author's latest request message in `channelId` since `since`, if any: the ticket it is on. */
async function latestRequestOf(tx: Db, channelId: string, slackUserId: SlackUserId, since: Date) {
  const { slackPosts, tickets, customers } = tablesOf(tx);
  const [latest] = await tx
    .select({ ticketId: slackPosts.ticketId })
    .from(slackPosts)
    .innerJoin(tickets, eq(tickets.id, slackPosts.ticketId))
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(
      and(
        eq(slackPosts.kind, 'customer_thread'),
        eq(slackPosts.channelId, channelId),
        eq(customers.slackUserId, slackUserId),
        gte(slackPosts.createdAt, since),
      ),
    )
    .orderBy(desc(slackPosts.createdAt), desc(slackPosts.id))
    .limit(1);
  return latest;
}

/** The message's thread is the customer's side of the ticket: their replies there are follow-ups. */
async function recordCustomerThread(tx: Db, ticketId: number, channelId: string, ts: string, at: Date) {
  const { slackPosts } = tablesOf(tx);
  await tx
    .insert(slackPosts)
    .values({ ticketId, kind: 'customer_thread', queueId: null, channelId, ts, createdAt: at });
}

/**
 * A Slack message becomes a ticket for its author (by a reaction, a mention, a DM or in a request channel),
 * and the conversation goes on in its thread. One message opens one ticket, whoever asks and however often
 * Slack repeats itself; within a request channel's grouping window it joins the author's previous ticket.
 */
export async function openTicketFromMessage(
  ctx: CoreContext,
  input: MessageIntakeInput,
): Promise<MessageIntakeResult> {
  const actor: Actor = { kind: 'slack', userId: input.customer.slackUserId };
  const { slackChannelId: channelId, slackTs: ts } = input.article;
  return await inTransaction(ctx, async (tx) => {
    const stored = await findStoredMessage(tx, input.article);
    if (stored) return { outcome: 'duplicate', ticket: await loadTicketById(tx, stored.ticketId) };
    const now = ctx.clock.now();
    if (input.groupWithinMs !== undefined && input.groupWithinMs > 0) {
      const since = new Date(now.getTime() - input.groupWithinMs);
      const latest = await latestRequestOf(tx, channelId, input.customer.slackUserId, since);
      if (latest) {
        const previous = await loadTicketById(tx, latest.ticketId);
        const joined = await followUp(ctx, actor, previous.number, input.article);
        await recordCustomerThread(tx, joined.ticket.id, channelId, ts, now);
        return { outcome: 'grouped', ticket: joined.ticket };
      }
    }
    const opened = await openTicket(ctx, actor, {
      queueKey: input.queueKey,
      title: input.title,
      priority: input.priority,
      customer: input.customer,
      article: input.article,
    });
    await recordCustomerThread(tx, opened.ticket.id, channelId, ts, now);
    return { outcome: 'opened', ticket: opened.ticket };
  });
}
