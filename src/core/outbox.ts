import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { insertRow, prepared } from '../db/prepared.js';
import type { OutboxLane, SlaTarget } from '../db/schema.js';
import { tablesOf } from '../db/tables.js';

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
  /** The desk gave the ticket to the operator (the queue assigns automatically). */
  | 'auto_assigned'
  | 'responsible'
  | 'pending_reminder'
  | 'merged'
  /** An SLA promise is about to fall due (`target`, `dueAt`). */
  | 'sla_warning'
  /** An SLA promise fell due unmet (`target`, `dueAt`). */
  | 'sla_breach'
  /** A claim nobody touched for the queue's claim timeout went back to the queue. */
  | 'claim_released'
  /** A claim nobody touched for the queue's claim timeout went to the queue's next operator. */
  | 'claim_reassigned';

/**
 * A delivery the outer layers owe because of a change. Written in the change's own transaction, so a crash
 * or an outage of Slack or SMTP delays it but never loses it; the delivery workers render it when they send.
 */
export type OutboxMessage =
  /** Post or refresh the ticket's card in every channel where it stands. */
  | { topic: 'card.sync'; ticketId: number }
  /** Post an article that did not come from the ticket's Slack thread into it. */
  | { topic: 'article.mirror'; ticketId: number; articleId: number }
  /** Upload the files of an article whose text the thread shows already (the card's request) into it. */
  | { topic: 'article.files'; ticketId: number; articleId: number }
  /** An article was edited or deleted: bring its copies (queue thread post, customer's DM) up to it. */
  | { topic: 'article.update'; ticketId: number; articleId: number }
  /** One row per way the customer is reached: `slack` (their DM thread) or `email`. */
  | {
      topic: 'customer.notify';
      ticketId: number;
      event: CustomerEvent;
      articleId?: number;
      via: CustomerChannel;
    }
  /** `agentId` for a person, `queueId` for a queue's channel. */
  | {
      topic: 'agent.notify';
      ticketId: number;
      event: AgentEvent;
      agentId?: number;
      queueId?: number;
      /** The article the notice is about (the customer's follow-up). */
      articleId?: number;
      /** For SLA notices: which promise, and when it falls (fell) due, as an ISO time. */
      target?: SlaTarget;
      dueAt?: string;
    };

export type CustomerChannel = 'slack' | 'email';

/** A customer notice before it is split by the ways the customer is reached. */
export type CustomerNotice = Omit<Extract<OutboxMessage, { topic: 'customer.notify' }>, 'via'>;

export async function enqueue(tx: Db, at: Date, message: OutboxMessage | CustomerNotice): Promise<void> {
  if (message.topic === 'customer.notify' && !('via' in message)) {
    for (const via of await customerChannels(tx, message.ticketId)) await write(tx, at, { ...message, via });
    return;
  }
  await write(tx, at, message);
}

/**
 * How the ticket's customer wants to hear from the desk, among the ways they can be reached: DM needs a
 * Slack user, email an address; a preference that cannot be met falls back to the other way.
 */
const ticketCustomerReach = (db: Db) => {
  const { customers, tickets } = tablesOf(db);
  return db
    .select({ notifyVia: customers.notifyVia, slackUserId: customers.slackUserId, email: customers.email })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(eq(tickets.id, sql.placeholder('ticketId')))
    .prepare();
};

async function customerChannels(tx: Db, ticketId: number): Promise<CustomerChannel[]> {
  const customer = (await prepared(tx, ticketCustomerReach).execute({ ticketId }))[0];
  if (!customer) return [];
  const slack = customer.slackUserId !== null;
  const email = customer.email !== null;
  const wanted: CustomerChannel[] =
    customer.notifyVia === 'both'
      ? ['slack', 'email']
      : customer.notifyVia === 'email'
        ? ['email']
        : ['slack'];
  const reachable = wanted.filter((via) => (via === 'slack' ? slack : email));
  if (reachable.length > 0) return reachable;
  return slack ? ['slack'] : email ? ['email'] : [];
}

async function write(tx: Db, at: Date, message: OutboxMessage): Promise<void> {
  const { outbox } = tablesOf(tx);
  if (message.topic === 'card.sync' && (await hasPendingCardSync(tx, message.ticketId))) return;
  await insertRow(tx, outbox, {
    topic: message.topic,
    lane: laneOf(message),
    payload: message,
    ticketId: message.ticketId,
    nextAttemptAt: at,
    createdAt: at,
  });
}

export function laneOf(message: OutboxMessage): OutboxLane {
  return message.topic === 'customer.notify' && message.via === 'email' ? 'email' : 'slack';
}

/**
 * A card sync renders the ticket as it is when delivered, so one waiting is enough for any number of changes.
 * One a worker holds may already have read the ticket: it does not count as waiting.
 */
const pendingCardSync = (db: Db) => {
  const { outbox } = tablesOf(db);
  return db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.ticketId, sql.placeholder('ticketId')),
        // The whole key of outbox_ticket_idx: only the ticket's pending Slack rows are read.
        eq(outbox.lane, 'slack'),
        eq(outbox.topic, 'card.sync'),
        eq(outbox.status, 'pending'),
        isNull(outbox.leaseUntil),
      ),
    )
    .prepare();
};

async function hasPendingCardSync(tx: Db, ticketId: number): Promise<boolean> {
  return (await prepared(tx, pendingCardSync).execute({ ticketId }))[0] !== undefined;
}
