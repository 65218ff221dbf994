import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Clock } from '../core/clock.js';
import type { OutboxMessage } from '../core/outbox.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { prepared, updateById } from '../db/prepared.js';
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
  /** Deliveries in flight at once (of different tickets). */
  concurrency?: number;
  /** Told when a message is given up, e.g. to alert an admin channel. */
  onGiveUp?: (row: OutboxRow, error: string) => void;
}

export interface RunReport {
  delivered: number;
  retried: number;
  failed: number;
}

/** The first pending row of each ticket in `lanes` that is due and not taken: one ticket's rows go in order. */
const dueRowsQuery = (lanes: OutboxLane[]) => (db: DbOrTx) => {
  // Placeholders in conditions are bound as they are: times go in as epoch milliseconds.
  const now = sql.placeholder('nowMs');
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
    .prepare();
};

const leaseRow = (db: DbOrTx) => {
  const now = sql.placeholder('nowMs');
  return db
    .update(outbox)
    .set({ leaseUntil: sql`${sql.placeholder('leaseUntilMs')}` })
    .where(
      and(
        eq(outbox.id, sql.placeholder('id')),
        eq(outbox.status, 'pending'),
        or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, now)),
      ),
    )
    .prepare();
};

/** Deliveries in flight at once by default: Slack answers in tens of ms, so one at a time wastes the wait. */
export const DEFAULT_DELIVERY_CONCURRENCY = 16;

const NOTHING_DONE: RunReport = { delivered: 0, retried: 0, failed: 0 };

/**
 * Sends what the core wrote to the outbox. Messages of one ticket go strictly in order (a card before the
 * posts in its thread), so a message waits while an earlier one of its ticket is still pending; messages
 * of different tickets go out side by side, up to `concurrency` at once.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  /** Due rows taken from the database and not yet handed to a delivery slot. */
  private queue: OutboxRow[] = [];
  private activeSlots = 0;
  private stopped = false;
  private readonly totals: RunReport = { ...NOTHING_DONE };
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: OutboxWorkerOptions) {}

  private get concurrency(): number {
    return this.options.concurrency ?? DEFAULT_DELIVERY_CONCURRENCY;
  }

  /** Delivers until nothing is due; resolves with what was delivered meanwhile (also by other callers). */
  async runOnce(): Promise<RunReport> {
    const before = { ...this.totals };
    this.fill();
    await this.idle();
    return {
      delivered: this.totals.delivered - before.delivered,
      retried: this.totals.retried - before.retried,
      failed: this.totals.failed - before.failed,
    };
  }

  /** Delivers now rather than at the next tick: called right after a change. */
  kick(): void {
    this.fill();
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.kick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopped = true;
    this.queue = [];
    await this.idle();
  }

  private idle(): Promise<void> {
    if (this.activeSlots === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Takes what is due when nothing is queued, and starts delivery slots for it, up to the concurrency. */
  private fill(): void {
    if (!this.stopped) this.startSlots();
    if (this.activeSlots === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private startSlots(): void {
    try {
      if (this.queue.length === 0 && this.activeSlots < this.concurrency) this.queue = this.dueRows();
    } catch (error) {
      this.options.logger.error(`outbox: reading due deliveries failed: ${String(error)}`);
    }
    while (this.activeSlots < this.concurrency && this.queue.length > 0) {
      this.activeSlots++;
      void this.slot();
    }
  }

  /** Delivers queued rows one after another; when the queue runs dry, looks for more (a row done may free the next of its ticket). */
  private async slot(): Promise<void> {
    for (let row = this.queue.shift(); row !== undefined; row = this.queue.shift()) {
      try {
        await this.deliver(row);
      } catch (error) {
        this.options.logger.error(`outbox #${row.id} ${row.topic}: ${String(error)}`);
      }
    }
    this.activeSlots--;
    this.fill();
  }

  private dueRows(): OutboxRow[] {
    const { db, clock, lanes } = this.options;
    return prepared(db, dueRowsQuery(lanes), `outbox-due ${lanes.join(',')}`).all({
      nowMs: clock.now().getTime(),
    });
  }

  /** Takes the row for this worker; false when another process took it first. */
  private lease(row: OutboxRow): boolean {
    const now = this.options.clock.now();
    const leaseUntil = new Date(now.getTime() + (this.options.leaseMs ?? 60_000));
    return (
      prepared(this.options.db, leaseRow).run({
        id: row.id,
        nowMs: now.getTime(),
        leaseUntilMs: leaseUntil.getTime(),
      }).changes === 1
    );
  }

  private async deliver(row: OutboxRow): Promise<void> {
    if (!this.lease(row)) return;
    try {
      const record = await this.options.handle(row.payload as OutboxMessage, row);
      this.markDelivered(row, record);
      this.totals.delivered++;
    } catch (error) {
      if (this.markFailedAttempt(row, error)) this.totals.failed++;
      else this.totals.retried++;
    }
  }

  private markDelivered(row: OutboxRow, record: Recorder | undefined): void {
    const now = this.options.clock.now();
    this.options.db.transaction((tx) => {
      record?.(tx);
      updateById(tx, outbox, row.id, {
        status: 'delivered',
        deliveredAt: now,
        attempts: row.attempts + 1,
        lastError: null,
        leaseUntil: null,
      });
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
    updateById(db, outbox, row.id, {
      status: giveUp ? 'failed' : 'pending',
      attempts,
      lastError: reason.slice(0, 1000),
      nextAttemptAt: new Date(clock.now().getTime() + delay),
      leaseUntil: null,
    });
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
