import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { outbox } from '../db/schema.js';

/** What the customer is told about, by DM and/or email as they prefer. */
export type CustomerEvent =
  | 'received'
  | 'claimed'
  | 'replied'
  | 'pending'
  | 'closed'
  | 'reopened'
  | 'follow_up_rejected';
/** What operators are told about. */
export type AgentEvent =
  | 'new_ticket'
  | 'follow_up'
  | 'escalated'
  | 'sent_back'
  | 'assigned'
  | 'responsible'
  | 'pending_reminder'
  | 'merged';

/**
 * A delivery the outer layers owe because of a change. Written in the change's own transaction, so a crash
 * or an outage of Slack or SMTP delays it but never loses it; the delivery workers render it when they send.
 */
export type OutboxMessage =
  /** Post or refresh the ticket's card in every channel where it stands. */
  | { topic: 'card.sync'; ticketId: number }
  /** Post an article that did not come from the ticket's Slack thread into it. */
  | { topic: 'article.mirror'; ticketId: number; articleId: number }
  | { topic: 'customer.notify'; ticketId: number; event: CustomerEvent; articleId?: number }
  /** `agentId` for a person, `queueId` for a queue's channel. */
  | { topic: 'agent.notify'; ticketId: number; event: AgentEvent; agentId?: number; queueId?: number };

export function enqueue(tx: DbOrTx, at: Date, message: OutboxMessage): void {
  if (message.topic === 'card.sync' && hasPendingCardSync(tx, message.ticketId)) return;
  tx.insert(outbox)
    .values({
      topic: message.topic,
      payload: message,
      ticketId: message.ticketId,
      nextAttemptAt: at,
      createdAt: at,
    })
    .run();
}

/** A card sync renders the ticket as it is when delivered, so one waiting is enough for any number of changes. */
function hasPendingCardSync(tx: DbOrTx, ticketId: number): boolean {
  const row = tx
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.ticketId, ticketId), eq(outbox.topic, 'card.sync'), eq(outbox.status, 'pending')))
    .get();
  return row !== undefined;
}
