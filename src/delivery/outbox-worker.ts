import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Clock } from '../core/clock.js';
import type { OutboxMessage } from '../core/outbox.js';
import type { Db, Tx } from '../db/client.js';
import { type OutboxLane, outbox } from '../db/schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

/**
 * Delivers one message; throws a DeliveryError (or any error) when it could not. It may return what to record
 * once it is delivered (the notification as an article, where a card now stands): that runs in the same
 * transaction that marks the row delivered, so it is recorded exactly when the row is done.
 */
export type DeliveryHandler = (message: OutboxMessage, row: OutboxRow) => Promise<Recorder | undefined>;
export type Recorder = (tx: Tx) => void;

/**
 * Why a delivery failed. `retryAfterMs` comes from the remote (Slack's Retry-After); `permanent` means trying
 * again cannot help (a channel that does not exist), so the message is given up at once.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: { retryAfterMs?: number; permanent?: boolean } = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface WorkerLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface OutboxWorkerOptions {
  db: Db;
  clock: Clock;
  handle: DeliveryHandler;
  logger: WorkerLogger;
  /** The lanes this worker delivers; rows of other lanes wait for a worker that can. */
  lanes: OutboxLane[];
  /** How long a row is held while being delivered; past it another worker may take it over. */
  leaseMs?: number;
  /** Attempts before a message is given up as failed. */
  maxAttempts?: number;
  /** First retry delay; doubles with each attempt up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Told when a message is given up, e.g. to alert an admin channel. */
  onGiveUp?: (row: OutboxRow, error: string) => void;
}

export interface RunReport {
  delivered: number;
  retried: number;
  failed: number;
}

/**
 * Sends what the core wrote to the outbox. Messages of one ticket go strictly in order (a card before the
 * posts in its thread), so a message waits while an earlier one of its ticket is still pending.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RunReport> | undefined;
  private again = false;

  constructor(private readonly options: OutboxWorkerOptions) {}

  /** Runs until nothing is due; concurrent calls share one run (and ask for one more pass). */
  runOnce(): Promise<RunReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Delivers now rather than at the next tick: called right after a change. */
  kick(): void {
    this.runOnce().catch((error: unknown) =>
      this.options.logger.error(`outbox run failed: ${String(error)}`),
    );
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.kick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async drain(): Promise<RunReport> {
    const total: RunReport = { delivered: 0, retried: 0, failed: 0 };
    do {
      this.again = false;
      const report = await this.pass();
      total.delivered += report.delivered;
      total.retried += report.retried;
      total.failed += report.failed;
      // A row done (delivered or given up) may free the next one of its ticket.
      if (report.delivered > 0 || report.failed > 0) this.again = true;
    } while (this.again);
    return total;
  }

  private dueRows(): OutboxRow[] {
    const { db, clock, lanes } = this.options;
    const now = clock.now();
    const earlier = sql`exists (select 1 from outbox o2 where o2.ticket_id = ${outbox.ticketId}
      and o2.lane = ${outbox.lane} and o2.status = 'pending' and o2.id < ${outbox.id})`;
    return db
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.status, 'pending'),
          inArray(outbox.lane, lanes),
          lte(outbox.nextAttemptAt, now),
          or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, now)),
          sql`not ${earlier}`,
        ),
      )
      .orderBy(asc(outbox.id))
      .limit(100)
      .all();
  }

  /** Takes the row for this worker; false when another process took it first. */
  private lease(row: OutboxRow): boolean {
    const now = this.options.clock.now();
    const taken = this.options.db
      .update(outbox)
      .set({ leaseUntil: new Date(now.getTime() + (this.options.leaseMs ?? 60_000)) })
      .where(
        and(
          eq(outbox.id, row.id),
          eq(outbox.status, 'pending'),
          or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, now)),
        ),
      )
      .run();
    return taken.changes === 1;
  }

  private async pass(): Promise<RunReport> {
    const report: RunReport = { delivered: 0, retried: 0, failed: 0 };
    for (const row of this.dueRows()) {
      if (!this.lease(row)) continue;
      try {
        const record = await this.options.handle(row.payload as OutboxMessage, row);
        this.markDelivered(row, record);
        report.delivered++;
      } catch (error) {
        if (this.markFailedAttempt(row, error)) report.failed++;
        else report.retried++;
      }
    }
    return report;
  }

  private markDelivered(row: OutboxRow, record: Recorder | undefined): void {
    const now = this.options.clock.now();
    this.options.db.transaction((tx) => {
      record?.(tx);
      tx.update(outbox)
        .set({
          status: 'delivered',
          deliveredAt: now,
          attempts: row.attempts + 1,
          lastError: null,
          leaseUntil: null,
        })
        .where(eq(outbox.id, row.id))
        .run();
    });
  }

  /** Schedules the next attempt, or gives the message up; returns whether it was given up. */
  private markFailedAttempt(row: OutboxRow, error: unknown): boolean {
    const { db, clock, logger } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 8;
    const attempts = row.attempts + 1;
    const reason = error instanceof Error ? error.message : String(error);
    const options = error instanceof DeliveryError ? error.options : {};
    const giveUp = options.permanent === true || attempts >= maxAttempts;
    const backoff = Math.min(
      (this.options.baseBackoffMs ?? 2_000) * 2 ** (attempts - 1),
      this.options.maxBackoffMs ?? 10 * 60_000,
    );
    const delay = Math.max(backoff, options.retryAfterMs ?? 0);
    db.update(outbox)
      .set({
        status: giveUp ? 'failed' : 'pending',
        attempts,
        lastError: reason.slice(0, 1000),
        nextAttemptAt: new Date(clock.now().getTime() + delay),
        leaseUntil: null,
      })
      .where(eq(outbox.id, row.id))
      .run();
    if (giveUp) {
      logger.error(`outbox #${row.id} ${row.topic} given up after ${attempts} attempts: ${reason}`);
      this.options.onGiveUp?.(row, reason);
    } else {
      logger.warn(
        `outbox #${row.id} ${row.topic} attempt ${attempts} failed, retrying in ${delay} ms: ${reason}`,
      );
    }
    return giveUp;
  }
}
