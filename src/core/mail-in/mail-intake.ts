import { and, count, eq, gte, isNotNull, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { tablesOf } from '../../db/tables.js';
import type { CoreContext } from '../context.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface MailTaken {
  sender: string;
  ticketId: number | null;
  noticeTo: string | null;
}

/** Records a mail taken in, in the transaction that stored it: what the hourly caps count. */
export async function recordMailIntake(tx: Db, mail: MailTaken, at: Date): Promise<void> {
  const { mailIntake } = tablesOf(tx);
  await tx.insert(mailIntake).values({ ...mail, takenAt: at });
}

async function countSince(tx: Db, since: Date, where: SQL): Promise<number> {
  const { mailIntake } = tablesOf(tx);
  return (
    (
      await tx
        .select({ n: count() })
        .from(mailIntake)
        .where(and(gte(mailIntake.takenAt, since), where))
    )[0]?.n ?? 0
  );
}

const hourBefore = (now: Date) => new Date(now.getTime() - HOUR_MS);

/** Mails taken from `sender` in the last hour. */
export async function mailsFromSenderInLastHour(tx: Db, sender: string, now: Date): Promise<number> {
  const { mailIntake } = tablesOf(tx);
  return await countSince(tx, hourBefore(now), eq(mailIntake.sender, sender));
}

/** Mails that landed on the ticket in the last hour. */
export async function mailsOnTicketInLastHour(tx: Db, ticketId: number, now: Date): Promise<number> {
  const { mailIntake } = tablesOf(tx);
  return await countSince(tx, hourBefore(now), eq(mailIntake.ticketId, ticketId));
}

/** Automatic notices about mail taken in, sent in the last hour to `address`, or by the whole desk (null). */
export async function noticesInLastHour(tx: Db, address: string | null, now: Date): Promise<number> {
  const { mailIntake } = tablesOf(tx);
  return await countSince(
    tx,
    hourBefore(now),
    address === null ? isNotNull(mailIntake.noticeTo) : eq(mailIntake.noticeTo, address),
  );
}

/** Forgets what was taken more than a day ago: no cap looks that far back. */
export async function forgetOldMailIntake(ctx: CoreContext): Promise<number> {
  const { mailIntake } = tablesOf(ctx.db);
  const before = new Date(ctx.clock.now().getTime() - DAY_MS);
  const forgotten = await ctx.db
    .delete(mailIntake)
    .where(lt(mailIntake.takenAt, before))
    .returning({ id: mailIntake.id });
  return forgotten.length;
}
