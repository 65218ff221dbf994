import { and, count, eq, gte, isNotNull, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { mailIntake } from '../../db/schema.js';
import type { CoreContext } from '../context.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface MailTaken {
  sender: string;
  ticketId: number | null;
  noticeTo: string | null;
}

/** Records a mail taken in, in the transaction that stored it: what the hourly caps count. */
export function recordMailIntake(tx: DbOrTx, mail: MailTaken, at: Date): void {
  tx.insert(mailIntake)
    .values({ ...mail, takenAt: at })
    .run();
}

function countSince(tx: DbOrTx, since: Date, where: SQL): number {
  return (
    tx
      .select({ n: count() })
      .from(mailIntake)
      .where(and(gte(mailIntake.takenAt, since), where))
      .get()?.n ?? 0
  );
}

const hourBefore = (now: Date) => new Date(now.getTime() - HOUR_MS);

/** Mails taken from `sender` in the last hour. */
export function mailsFromSenderInLastHour(tx: DbOrTx, sender: string, now: Date): number {
  return countSince(tx, hourBefore(now), eq(mailIntake.sender, sender));
}

/** Mails that landed on the ticket in the last hour. */
export function mailsOnTicketInLastHour(tx: DbOrTx, ticketId: number, now: Date): number {
  return countSince(tx, hourBefore(now), eq(mailIntake.ticketId, ticketId));
}

/** Automatic notices about mail taken in, sent in the last hour to `address`, or by the whole desk (null). */
export function noticesInLastHour(tx: DbOrTx, address: string | null, now: Date): number {
  return countSince(
    tx,
    hourBefore(now),
    address === null ? isNotNull(mailIntake.noticeTo) : eq(mailIntake.noticeTo, address),
  );
}

/** Forgets what was taken more than a day ago: no cap looks that far back. */
export function forgetOldMailIntake(ctx: CoreContext): number {
  const before = new Date(ctx.clock.now().getTime() - DAY_MS);
  return ctx.db.delete(mailIntake).where(lt(mailIntake.takenAt, before)).run().changes;
}
