import type Database from 'better-sqlite3';

export interface SlackPlace {
  channelId: string;
  ts: string;
}

export interface TicketRef {
  id: number;
  number: string;
}

export interface TicketStatus extends TicketRef {
  state: string;
  title: string;
  owner: string | null;
}

type Answer<T> = T | Promise<T>;

/**
 * What the load driver and the delivery checks read from the desk's database: SQLite's synchronously
 * (`DeskProbe`), PostgreSQL's asynchronously (`PgDeskProbe`, pg-probe.ts).
 */
export interface LoadProbe {
  readonly dialect: 'sqlite' | 'postgres';
  caughtUp(): Promise<void>;
  latestTicketOf(slackUserId: string, afterId?: number): Answer<TicketRef | undefined>;
  cardOf(ticketId: number): Answer<SlackPlace | undefined>;
  customerThreadOf(ticketId: number): Answer<SlackPlace | undefined>;
  ticket(ticketId: number): Answer<TicketStatus | undefined>;
  hasArticleFor(channelId: string, ts: string): Answer<boolean>;
  ticketsWithPendingSlack(): Answer<Set<number>>;
  pendingDeliveries(): Answer<number>;
  count(table: string, where?: string): Answer<number>;
  /** The rows of a query without parameters, written in SQL both databases take (see `jsonText`). */
  rows<T>(sql: string): Answer<T[]>;
}

/** The text of `key` of the JSON column `column`, in the probe's SQL. */
export function jsonText(probe: LoadProbe, column: string, key: string): string {
  return probe.dialect === 'postgres' ? `(${column} ->> '${key}')` : `json_extract(${column}, '$.${key}')`;
}

/**
 * The SQL of the probe's queries, in both dialects' terms: `?` parameters (numbered for PostgreSQL by
 * PgDeskProbe), aliases quoted (PostgreSQL folds unquoted ones to lower case), counts as integers
 * (PostgreSQL's are bigint, which its driver gives as text).
 */
export const PROBE_SQL = {
  latestTicket: `select t.id as "id", t.number as "number" from tickets t join customers c on c.id = t.customer_id
    where c.slack_user_id = ? and t.id > ? order by t.id desc limit 1`,
  card: `select p.channel_id as "channelId", p.ts as "ts" from slack_posts p join tickets t on t.id = p.ticket_id
    where p.ticket_id = ? and p.kind = 'queue_card' and p.queue_id = t.queue_id`,
  customerThread: `select channel_id as "channelId", ts as "ts" from slack_posts
    where ticket_id = ? and kind = 'customer_thread'`,
  article: 'select id from articles where slack_channel_id = ? and slack_ts = ?',
  pendingTickets: `select distinct ticket_id as "ticketId" from outbox where status = 'pending' and lane = 'slack'`,
  pending: `select cast(count(*) as integer) as "n" from outbox where status = 'pending'`,
  ticket: `select t.id as "id", t.number as "number", t.state as "state", t.title as "title",
      a.slack_user_id as "owner"
    from tickets t left join agents a on a.id = t.owner_id where t.id = ?`,
  count: (table: string, where: string) =>
    `select cast(count(*) as integer) as "n" from ${table}${where ? ` where ${where}` : ''}`,
};

/** Tables a request could change: equal row counts before and after mean no partial state. */
export const CHANGEABLE_TABLES = [
  'tickets',
  'articles',
  'history',
  'outbox',
  'customers',
  'slack_posts',
  'watchers',
  'ticket_links',
  'attachments',
];

/**
 * Reads the desk's database the way a person would look at Slack: which ticket they just opened, where its
 * card and their DM thread are, whether what the last action queued has been delivered. Works on the app's
 * own connection (in process) or on a separate read-only one (the app in a child process).
 */
export class DeskProbe implements LoadProbe {
  readonly dialect = 'sqlite';
  private readonly statements: {
    latestTicket: Database.Statement;
    card: Database.Statement;
    customerThread: Database.Statement;
    article: Database.Statement;
    pendingTickets: Database.Statement;
    pending: Database.Statement;
    ticket: Database.Statement;
    count: Map<string, Database.Statement>;
  };

  constructor(readonly sqlite: Database.Database) {
    this.statements = {
      latestTicket: sqlite.prepare(PROBE_SQL.latestTicket),
      card: sqlite.prepare(PROBE_SQL.card),
      customerThread: sqlite.prepare(PROBE_SQL.customerThread),
      article: sqlite.prepare(PROBE_SQL.article),
      pendingTickets: sqlite.prepare(PROBE_SQL.pendingTickets),
      pending: sqlite.prepare(PROBE_SQL.pending),
      ticket: sqlite.prepare(PROBE_SQL.ticket),
      count: new Map(),
    };
  }

  /**
   * Resolves once what this probe reads includes every change committed before the call: at once here (it
   * reads the desk's database itself); a probe reading a copy waits for a fresh one.
   */
  async caughtUp(): Promise<void> {}

  /** The newest ticket of the customer with this Slack id, newer than `afterId`. */
  latestTicketOf(slackUserId: string, afterId = 0): TicketRef | undefined {
    return this.statements.latestTicket.get(slackUserId, afterId) as TicketRef | undefined;
  }

  /** The ticket's card in the channel of the queue it is in. */
  cardOf(ticketId: number): SlackPlace | undefined {
    return this.statements.card.get(ticketId) as SlackPlace | undefined;
  }

  /** The customer's DM thread: the receipt every later notice hangs from. */
  customerThreadOf(ticketId: number): SlackPlace | undefined {
    return this.statements.customerThread.get(ticketId) as SlackPlace | undefined;
  }

  /** A ticket's state and owner (the owner's Slack id), as the card should show them. */
  ticket(ticketId: number): TicketStatus | undefined {
    return this.statements.ticket.get(ticketId) as TicketStatus | undefined;
  }

  hasArticleFor(channelId: string, ts: string): boolean {
    return this.statements.article.get(channelId, ts) !== undefined;
  }

  /** Tickets with Slack deliveries still to make. */
  ticketsWithPendingSlack(): Set<number> {
    const rows = this.statements.pendingTickets.all() as { ticketId: number | null }[];
    return new Set(rows.map((r) => r.ticketId ?? 0));
  }

  /** Outbox rows not yet delivered (nor given up), every lane. */
  pendingDeliveries(): number {
    return (this.statements.pending.get() as { n: number }).n;
  }

  /** `select count(*)` of a table (optionally filtered by a fixed `where`). */
  count(table: string, where = ''): number {
    const sql = PROBE_SQL.count(table, where);
    let statement = this.statements.count.get(sql);
    if (!statement) {
      statement = this.sqlite.prepare(sql);
      this.statements.count.set(sql, statement);
    }
    return (statement.get() as { n: number }).n;
  }

  rows<T>(sql: string): T[] {
    return this.sqlite.prepare(sql).all() as T[];
  }

  /** Row counts of every table that a request could change: equal before and after means no partial state. */
  rowCounts(): Record<string, number> {
    return Object.fromEntries(CHANGEABLE_TABLES.map((t) => [t, this.count(t)]));
  }
}
