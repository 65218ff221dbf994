import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { theRow } from '../../db/prepared.js';
import type { refusedMails } from '../../db/schema.js';
import { tablesOf } from '../../db/tables.js';

export type RefusedMailRow = typeof refusedMails.$inferSelect;

/** How much of a refused mail's raw bytes is kept: enough to see what it was, not a store of spam. */
export const REFUSED_RAW_CAP = 1024 * 1024;

export interface RefusedMailInput {
  reason: string;
  source: string;
  raw: Buffer;
  envelopeFrom?: string | null | undefined;
  envelopeTo?: string[] | undefined;
  messageId?: string | null | undefined;
}

/** Keeps a mail the desk could not take, with why; returns its row id. */
export async function recordRefusedMail(db: Db, at: Date, input: RefusedMailInput): Promise<number> {
  const { refusedMails } = tablesOf(db);
  const truncated = input.raw.length > REFUSED_RAW_CAP;
  const row = theRow(
    await db
      .insert(refusedMails)
      .values({
        receivedAt: at,
        reason: input.reason.slice(0, 2000),
        source: input.source,
        rawSize: input.raw.length,
        envelopeFrom: input.envelopeFrom ?? null,
        envelopeTo: input.envelopeTo && input.envelopeTo.length > 0 ? input.envelopeTo.join(', ') : null,
        messageId: input.messageId ?? null,
        raw: truncated ? Buffer.from(input.raw.subarray(0, REFUSED_RAW_CAP)) : input.raw,
        rawTruncated: truncated,
      })
      .returning({ id: refusedMails.id }),
  );
  return row.id;
}

/** The refusal a message already got, if the same Message-ID was refused before (a mailbox read twice). */
export async function findRefusedMail(db: Db, messageId: string): Promise<RefusedMailRow | undefined> {
  const { refusedMails } = tablesOf(db);
  return (await db.select().from(refusedMails).where(eq(refusedMails.messageId, messageId)))[0];
}
