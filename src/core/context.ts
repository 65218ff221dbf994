import type { Db, Tx } from '../db/client.js';
import type { ConnectionLender } from '../db/connection-lender.js';
import type { Clock } from './clock.js';

/** What every core operation needs; callers build it once (main.ts, a test, the benchmark). */
export interface CoreContext {
  db: Db;
  /** Each operation has the connection to itself while it runs (see db/connection-lender.ts). */
  connection: ConnectionLender;
  clock: Clock;
  /** Ticket number system id (OTRS SystemID), e.g. "10". */
  systemId: string;
  /** The desk's time zone: ticket numbers are numbered by its calendar day. */
  timeZone: string;
}

/**
 * Runs `work` as one write transaction of the connection lent to the operation (see
 * db/connection-lender.ts): a read-then-write (a claim, the day's ticket counter) cannot interleave with
 * another operation or process doing the same. Inside an outer transaction it becomes a savepoint.
 */
export function inTransaction<T>(ctx: CoreContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.connection.transaction(() => work(ctx.db));
}
