import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { theRow } from '../../db/prepared.js';
import { tablesOf } from '../../db/tables.js';

/** How much of a refused mail's raw bytes is kept: enough to see what it was, not a store of spam. */
export const REFUSED_RAW_CAP = 1024 * 1024;

export interface RefusedMailInput {
  reason: string;
  source: string;
  raw: Buffer;
  envelopeFrom?: string | null | undefined;
  envelopeTo?: string[] | undefined;
  /** The mail's Message-ID, or the one made from its bytes: the same mail refused twice is kept once. */
  messageId: string;
}

/** The refused mail's row: the one just kept, or (`again`) the one its Message-ID was kept in before. */
export interface KeptRefusal {
  id: number;
  reason: string;
  again: boolean;
}

/**
 * Keeps a mail the desk could not take, with why, once per Message-ID: a mail read twice (or by two
 * processes at once) finds the row the first reading kept. To be called inside a transaction, so that the row
 * it finds is the one the unique key kept.
 */
export async function keepRefusedMail(db: Db, at: Date, input: RefusedMailInput): Promise<KeptRefusal> {
  const { refusedMails } = tablesOf(db);
  const truncated = input.raw.length > REFUSED_RAW_CAP;
  const reason = input.reason.slice(0, 2000);
  const [kept] = await db
    .insert(refusedMails)
    .values({
      receivedAt: at,
      reason,
      source: input.source,
      rawSize: input.raw.length,
      envelopeFrom: input.envelopeFrom ?? null,
      envelopeTo: input.envelopeTo && input.envelopeTo.length > 0 ? input.envelopeTo.join(', ') : null,
      messageId: input.messageId,
      raw: truncated ? Buffer.from(input.raw.subarray(0, REFUSED_RAW_CAP)) : input.raw,
      rawTruncated: truncated,
    })
    .onConflictDoNothing({ target: refusedMails.messageId })
    .returning({ id: refusedMails.id });
  if (kept) return { id: kept.id, reason, again: false };
  // Kept before, or by another process just now: its insert has committed, since ours waited for it.
  const earlier = theRow(
    await db
      .select({ id: refusedMails.id, reason: refusedMails.reason })
      .from(refusedMails)
      .where(eq(refusedMails.messageId, input.messageId)),
  );
  return { ...earlier, again: true };
}
