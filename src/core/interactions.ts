import { eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { slackInteractions } from '../db/schema.js';
import type { CoreContext } from './context.js';

const insertInteraction = (db: DbOrTx) =>
  db
    .insert(slackInteractions)
    .values({ id: sql.placeholder('id'), handledAt: sql.placeholder('handledAt') })
    .onConflictDoNothing()
    .prepare();
const interactionById = (db: DbOrTx) =>
  db
    .select({ id: slackInteractions.id })
    .from(slackInteractions)
    .where(eq(slackInteractions.id, sql.placeholder('id')))
    .prepare();

/**
 * Records that the interaction `id` was acted on; false when it was already. Called inside the transaction
 * of the change the interaction makes, so the record exists exactly when the change does.
 */
export function recordInteraction(tx: DbOrTx, id: string, at: Date): boolean {
  return prepared(tx, insertInteraction).run({ id, handledAt: at }).changes === 1;
}

export function interactionHandled(db: DbOrTx, id: string): boolean {
  return prepared(db, interactionById).get({ id }) !== undefined;
}

/** Records, in the caller's transaction, that the interaction `id` was acted on; false when it was already. */
export function markInteractionHandled(ctx: CoreContext, id: string): boolean {
  return recordInteraction(ctx.db, id, ctx.clock.now());
}

/** Whether the interaction `id` was acted on already (a form submitted again, a retried request). */
export function isInteractionHandled(ctx: CoreContext, id: string): boolean {
  return interactionHandled(ctx.db, id);
}

/** How long a handled interaction is remembered: Slack retries and double submissions come within minutes. */
export const INTERACTION_MEMORY_MS = 7 * 24 * 3_600_000;

/** Forgets interactions handled longer ago than INTERACTION_MEMORY_MS; returns how many. */
export function forgetOldInteractions(ctx: CoreContext): number {
  const before = new Date(ctx.clock.now().getTime() - INTERACTION_MEMORY_MS);
  return ctx.db.delete(slackInteractions).where(lt(slackInteractions.handledAt, before)).run().changes;
}
