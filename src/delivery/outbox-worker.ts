import type { HelpDesk } from '../core/help-desk.js';
import type { Clock, DeliveryRecord, OutboxLane, OutboxMessage, OutboxRow } from '../core/model.js';

/**
 * Delivers one message; throws a DeliveryError (or any error) when it could not. It returns what to record
 * once it is delivered (the notification as an article, where a card now stands): that is recorded with the
 * row marked delivered, so exactly when the row is done.
 */
export type DeliveryHandler = (message: OutboxMessage, row: OutboxRow) => Promise<DeliveryRecord[]>;

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
  desk: HelpDesk;
  /** Retries and leases wait in real time, whatever clock the desk's rules run on. */
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

/** A delivery done, waiting to be recorded with the others done in the same turn of the event loop. */
interface Completion {
  row: OutboxRow;
  records: DeliveryRecord[];
  settle: (error?: unknown) => void;
}

/** Rows taken from the database per delivery slot at a time. */
const ROWS_PER_SLOT = 2;

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
  private completions: Completion[] = [];

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
    // A lease in progress ends first, so what it took is either started or given back below.
    await this.taking;
    this.stopped = true;
    // Rows taken but not started go back at once, rather than when their lease runs out: another process
    // delivers them at its next look.
    const handedBack = this.queue.splice(0).map((row) => row.id);
    await this.options.desk.releaseDeliveries(handedBack);
    const inFlight = this.activeSlots;
    await this.idle();
    if (handedBack.length + inFlight > 0) {
      this.options.logger.info(
        `outbox (${this.options.lanes.join(', ')}): stopped; ${inFlight} deliveries under way finished, ` +
          `${handedBack.length} handed back`,
      );
    }
  }

  private idle(): Promise<void> {
    if (this.activeSlots === 0 && this.taking === null) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Takes what is due when nothing is queued, and starts delivery slots for it, up to the concurrency. */
  private fill(): void {
    if (this.taking !== null) return;
    this.taking = this.startSlots().finally(() => {
      this.taking = null;
      if (this.activeSlots === 0) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
      }
    });
  }

  /** The lease of due rows in progress: one at a time, so two fills never take the same rows twice. */
  private taking: Promise<void> | null = null;

  private async startSlots(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.queue.length === 0 && this.activeSlots < this.concurrency) {
        this.queue = await this.options.desk.leaseDeliveries({
          lanes: this.options.lanes,
          limit: this.concurrency * ROWS_PER_SLOT,
          leaseMs: this.options.leaseMs ?? 60_000,
          now: this.options.clock.now(),
        });
      }
    } catch (error) {
      this.options.logger.error(`outbox: reading due deliveries failed: ${String(error)}`);
    }
    if (this.stopped) return;
    while (this.activeSlots < this.concurrency && this.queue.length > 0) {
      this.activeSlots++;
      void this.slot();
    }
  }

  /**
   * Delivers queued rows one after another; when the queue runs dry, looks for more (a row done may free the
   * next one of its ticket).
   */
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

  private async deliver(row: OutboxRow): Promise<void> {
    try {
      const records = await this.options.handle(row.payload, row);
      await this.recordDelivered(row, records);
      this.totals.delivered++;
    } catch (error) {
      if (await this.markFailedAttempt(row, error)) this.totals.failed++;
      else this.totals.retried++;
    }
  }

  /**
   * Marks the row delivered, with what its delivery records, in one transaction with the other deliveries
   * done in the same turn of the event loop (one commit for many); each row in a savepoint of its own, so a
   * record that fails leaves that row alone pending.
   */
  private recordDelivered(row: OutboxRow, records: DeliveryRecord[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = (error?: unknown) => (error === undefined ? resolve() : reject(error));
      this.completions.push({ row, records, settle });
      if (this.completions.length === 1) setImmediate(() => void this.flushCompletions());
    });
  }

  private async flushCompletions(): Promise<void> {
    const batch = this.completions.splice(0);
    let outcomes: (Error | null)[];
    try {
      outcomes = await this.options.desk.completeDeliveries(
        batch.map(({ row, records }) => ({ row, records })),
        this.options.clock.now(),
      );
    } catch (error) {
      for (const completion of batch) completion.settle(error ?? new Error('recording deliveries failed'));
      return;
    }
    for (const [index, completion] of batch.entries()) completion.settle(outcomes[index] ?? undefined);
  }

  /** Schedules the next attempt, or gives the message up; returns whether it was given up. */
  private async markFailedAttempt(row: OutboxRow, error: unknown): Promise<boolean> {
    const { desk, clock, logger } = this.options;
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
    await desk.failDelivery(row.id, {
      attempts,
      reason,
      givenUp: giveUp,
      nextAttemptAt: new Date(clock.now().getTime() + delay),
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
