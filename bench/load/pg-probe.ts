import pg from 'pg';
import { type LoadProbe, PROBE_SQL, type SlackPlace, type TicketRef, type TicketStatus } from './probe.js';

const PROBE_APPLICATION = 'sportello-load-probe';

/** `?` parameters as PostgreSQL's `$1, $2…` (the probe's SQL has no `?` elsewhere). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * The load probe on a desk's PostgreSQL database: the same queries as DeskProbe's, on a small pool of its own.
 * It reads the database itself, so whatever the apps committed before a call is what it sees.
 */
export class PgDeskProbe implements LoadProbe {
  readonly dialect = 'postgres';
  private readonly pool: pg.Pool;

  constructor(url: string) {
    // Its connections stay open and are named, so that the server's CPU for them can be told apart.
    this.pool = new pg.Pool({
      connectionString: url,
      max: 2,
      idleTimeoutMillis: 0,
      application_name: PROBE_APPLICATION,
    });
  }

  /** The server processes of this probe's connections. */
  async backendPids(): Promise<number[]> {
    const rows = await this.rows<{ pid: number }>(
      `select pid as "pid" from pg_stat_activity where application_name = '${PROBE_APPLICATION}'`,
    );
    return rows.map((r) => r.pid);
  }

  async caughtUp(): Promise<void> {}

  private async first<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.pool.query({ text: numbered(sql), values: params })).rows[0] as T | undefined;
  }

  async rows<T>(sql: string): Promise<T[]> {
    return (await this.pool.query(sql)).rows as T[];
  }

  latestTicketOf(slackUserId: string, afterId = 0): Promise<TicketRef | undefined> {
    return this.first(PROBE_SQL.latestTicket, [slackUserId, afterId]);
  }

  cardOf(ticketId: number): Promise<SlackPlace | undefined> {
    return this.first(PROBE_SQL.card, [ticketId]);
  }

  customerThreadOf(ticketId: number): Promise<SlackPlace | undefined> {
    return this.first(PROBE_SQL.customerThread, [ticketId]);
  }

  ticket(ticketId: number): Promise<TicketStatus | undefined> {
    return this.first(PROBE_SQL.ticket, [ticketId]);
  }

  async hasArticleFor(channelId: string, ts: string): Promise<boolean> {
    return (await this.first(PROBE_SQL.article, [channelId, ts])) !== undefined;
  }

  async ticketsWithPendingSlack(): Promise<Set<number>> {
    const rows = await this.rows<{ ticketId: number | null }>(PROBE_SQL.pendingTickets);
    return new Set(rows.map((r) => r.ticketId ?? 0));
  }

  async pendingDeliveries(): Promise<number> {
    return (await this.first<{ n: number }>(PROBE_SQL.pending))?.n ?? 0;
  }

  async count(table: string, where = ''): Promise<number> {
    return (await this.first<{ n: number }>(PROBE_SQL.count(table, where)))?.n ?? 0;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
