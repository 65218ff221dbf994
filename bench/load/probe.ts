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

/**
 * Reads the desk's database the way a person would look at Slack: which ticket they just opened, where its
 * card and their DM thread are, whether what the last action queued has been delivered. Works on the app's
 * own connection (in process) or on a separate read-only one (the app in a child process).
 */
export class DeskProbe {
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
      latestTicket: sqlite.prepare(
        `select t.id as id, t.number as number from tickets t join customers c on c.id = t.customer_id
         where c.slack_user_id = ? and t.id > ? order by t.id desc limit 1`,
      ),
      card: sqlite.prepare(
        `select p.channel_id as channelId, p.ts as ts from slack_posts p join tickets t on t.id = p.ticket_id
         where p.ticket_id = ? and p.kind = 'queue_card' and p.queue_id = t.queue_id`,
      ),
      customerThread: sqlite.prepare(
        `select channel_id as channelId, ts from slack_posts where ticket_id = ? and kind = 'customer_thread'`,
      ),
      article: sqlite.prepare('select id from articles where slack_channel_id = ? and slack_ts = ?'),
      pendingTickets: sqlite.prepare(
        `select distinct ticket_id as ticketId from outbox where status = 'pending' and lane = 'slack'`,
      ),
      pending: sqlite.prepare(`select count(*) as n from outbox where status = 'pending'`),
      ticket: sqlite.prepare(
        `select t.id as id, t.number as number, t.state as state, t.title as title, a.slack_user_id as owner
         from tickets t left join agents a on a.id = t.owner_id where t.id = ?`,
      ),
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
    const sql = `select count(*) as n from ${table}${where ? ` where ${where}` : ''}`;
    let statement = this.statements.count.get(sql);
    if (!statement) {
      statement = this.sqlite.prepare(sql);
      this.statements.count.set(sql, statement);
    }
    return (statement.get() as { n: number }).n;
  }

  /** Row counts of every table that a request could change: equal before and after means no partial state. */
  rowCounts(): Record<string, number> {
    const tables = [
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
    return Object.fromEntries(tables.map((t) => [t, this.count(t)]));
  }
}
