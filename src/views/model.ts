import type { TicketState } from '../core/states.js';

/**
 * The plain data the Block Kit builders render. The bot layer fills these from the core's results; the
 * builders never touch the database, Slack or the clock.
 */

export type Locale = 'it' | 'en';

export interface PersonRef {
  name: string;
  /** Rendered as a mention when present. */
  slackUserId?: string | null;
  email?: string | null;
}

export interface QueueRef {
  key: string;
  name: string;
}

/** What a ticket card shows, in one channel. */
export interface CardData {
  number: string;
  title: string;
  state: TicketState;
  priority: number;
  /** The queue the ticket is in now. */
  queue: QueueRef;
  customer: PersonRef;
  owner: PersonRef | null;
  responsible: PersonRef | null;
  createdAt: Date;
  /** For the age ("opened 2 h ago") and due times; the builders never read the clock. */
  now: Date;
  pendingUntil: Date | null;
  firstResponseDueAt: Date | null;
  firstResponseAt: Date | null;
  solutionDueAt: Date | null;
  /** The first lines of the request (article 1), capped by the builder. */
  description: string;
  /**
   * The card stands in a queue the ticket has left (escalated to a sub-queue, or sent back): it says where
   * the ticket went and offers no buttons.
   */
  movedTo: QueueRef | null;
  /** Sub-queues of the current queue, to escalate to; empty hides Escalate. */
  subQueues: QueueRef[];
  /** The current queue's parent, to send back to; null for a first-level queue. */
  parentQueue: QueueRef | null;
  /** Set when this ticket was merged into another. */
  mergedInto: string | null;
  timeZone: string;
  locale: Locale;
}

/** One article as History and the thread show it. */
export interface ArticleData {
  articleNumber: number;
  senderType: 'customer' | 'agent' | 'system';
  channel: 'slack' | 'email' | 'phone' | 'internal';
  customerVisible: boolean;
  author: string;
  subject: string | null;
  body: string;
  createdAt: Date;
  /** The ticket it was written on, when it is a merged ticket's article. */
  fromTicket: string | null;
  attachments: { filename: string; sizeBytes: number; refused: boolean }[];
}

export interface HistoryEntryData {
  event: string;
  actor: string;
  oldValue: string | null;
  newValue: string | null;
  createdAt: Date;
}

export interface TicketListItem {
  number: string;
  title: string;
  state: TicketState;
  priority: number;
  queue: QueueRef;
  createdAt: Date;
  owner: PersonRef | null;
}

export interface QueueCounts {
  queue: QueueRef;
  new: number;
  open: number;
  pending: number;
}

export interface HomeData {
  locale: Locale;
  timeZone: string;
  now: Date;
  /** The user's own open requests, as a customer. */
  myRequests: TicketListItem[];
  /** Present when the user is an operator of at least one queue. */
  operator: {
    /** Tickets the user owns and is still working. */
    myTickets: TicketListItem[];
    queueCounts: QueueCounts[];
    /** The oldest unclaimed (new) tickets across the user's queues. */
    oldestUnclaimed: TicketListItem[];
  } | null;
}
