import type { TicketState } from '../core/model.js';
import type { Locale } from '../i18n/index.js';
import type { FieldData } from './fields.js';

/**
 * The plain data the Block Kit builders render. The bot layer fills these from the core's results; the
 * builders never touch the database, Slack or the clock.
 */

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
  /** The ticket's tags (staff only). */
  tags: string[];
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
  /** When the update owed to the customer falls due; absent or null: none owed. */
  updateDueAt?: Date | null | undefined;
  /** When each promise gets its "notify before" warning; absent: no warning is shown. */
  slaWarnAt?: { firstResponse: Date | null; update: Date | null; solution: Date | null } | undefined;
  /** Set while the SLA clocks stand still (pending, in a queue that pauses them). */
  slaPausedAt?: Date | null | undefined;
  /** The first lines of the request (article 1), capped by the builder. */
  description: string;
  /** The desk checks mail senders and the request's sender did not pass: its address may be forged. */
  senderUnverified?: boolean | undefined;
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
  /** The customer's rating after closing (1 to 5) and their comment, once given. */
  satisfaction?: { rating: number; comment: string | null } | null | undefined;
  /** The queue's fields and the ticket's values (for the customer, only theirs); absent: none. */
  fields?: FieldData[] | undefined;
  timeZone: string;
  locale: Locale;
}

/** One article as History and the thread show it. */
export interface ArticleData {
  articleNumber: number;
  senderType: 'customer' | 'agent' | 'system' | 'external';
  channel: 'slack' | 'email' | 'phone' | 'internal';
  customerVisible: boolean;
  author: string;
  subject: string | null;
  body: string;
  createdAt: Date;
  /** The ticket it was written on, when it is a merged ticket's article. */
  fromTicket: string | null;
  /** `refused`: why the bytes were not kept (too large, a type that runs when opened, unreadable). */
  attachments: {
    filename: string;
    sizeBytes: number;
    refused: 'too_large' | 'blocked_type' | 'unreadable' | null;
  }[];
  /** Edited since it was written (History keeps each earlier text). */
  edited?: boolean;
  /** Deleted by its author: kept, and shown as deleted. */
  deleted?: boolean;
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

/** A request closed lately, as App Home shows it to its customer. */
export interface ClosedRequestItem extends TicketListItem {
  closedAt: Date;
  rating: number | null;
  /** What "Still a problem" does: reopen it, open a new linked ticket, or nothing (the queue refuses). */
  followUp: 'reopen' | 'new_ticket' | 'reject';
}

/** How many tickets one operator of a queue owns and still works, and whether they said they are away. */
export interface OperatorLoadData {
  name: string;
  open: number;
  away: boolean;
}

/** A queue's balance: how it gives out tickets and each operator's load. */
export interface QueueLoadData {
  queue: QueueRef;
  assign: 'manual' | 'round_robin' | 'least_open';
  operators: OperatorLoadData[];
}

export interface QueueCounts {
  queue: QueueRef;
  new: number;
  open: number;
  pending: number;
}

export interface DurationFigures {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface SlaFigures {
  met: number;
  missed: number;
  /** Kept, in percent, or null when none was decided. */
  percent: number | null;
}

export interface SatisfactionFigures {
  count: number;
  average: number | null;
}

/** A period's figures, as `/ticket stats` and App Home show them. */
export interface FiguresData {
  opened: number;
  closed: number;
  backlog: { new: number; open: number; pending: number };
  firstResponse: DurationFigures;
  resolution: DurationFigures;
  firstResponseSla: SlaFigures;
  solutionSla: SlaFigures;
  satisfaction: SatisfactionFigures;
}

export interface OperatorFiguresData {
  /** Null for tickets nobody owned when closed. */
  operator: PersonRef | null;
  closed: number;
  resolution: DurationFigures;
  solutionSla: SlaFigures;
  satisfaction: SatisfactionFigures;
}

export interface TagFiguresData {
  tag: string;
  opened: number;
  closed: number;
  backlog: number;
  resolution: DurationFigures;
  solutionSla: SlaFigures;
}

export interface StatisticsData extends FiguresData {
  locale: Locale;
  timeZone: string;
  /** The period: from its start (included) to its end (excluded). */
  from: Date;
  to: Date;
  /** The queue asked for; null for all the user's queues. */
  scope: QueueRef | null;
  queues: (FiguresData & { queue: QueueRef })[];
  operators: OperatorFiguresData[];
  /** By tag, most tickets first. */
  tags: TagFiguresData[];
  /** Set when the period's chart was sent to the user's DM. */
  chartSent?: boolean | undefined;
}

export interface HomeData {
  locale: Locale;
  timeZone: string;
  now: Date;
  /** The user's own open requests, as a customer. */
  myRequests: TicketListItem[];
  /** Their requests closed lately (HOME_CLOSED_DAYS), the latest first. */
  closedRequests: ClosedRequestItem[];
  /** Present when the user is an operator of at least one queue. */
  operator: {
    /** Tickets the user owns and is still working. */
    myTickets: TicketListItem[];
    queueCounts: QueueCounts[];
    /** Whether they said they are away (automatic assignment passes them over), and until when. */
    availability: { away: boolean; until: Date | null };
    /** The load of each queue they may own tickets in, operator by operator. */
    loads: QueueLoadData[];
    /** The oldest unclaimed (new) tickets across the user's queues. */
    oldestUnclaimed: TicketListItem[];
    /** The figures of the user's queues over the last 7 days. */
    weekStats?: FiguresData | undefined;
  } | null;
}
