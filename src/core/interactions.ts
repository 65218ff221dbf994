import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { tablesOf } from '../db/tables.js';
import type { CoreContext } from './context.js';

const insertInteraction = (db: Db) => {
  const { slackInteractions } = tablesOf(db);
  return db
    .insert(slackInteractions)
    .values({ id: sql.placeholder('id'), handledAt: sql.placeholder('handledAt') })
    .onConflictDoNothing()
    .returning({ id: slackInteractions.id })
    .prepare();
};
const interactionById = (db: Db) => {
  const { slackInteractions } = tablesOf(db);
  return db
    .select({ id: slackInteractions.id })
    .from(slackInteractions)
    .where(eq(slackInteractions.id, sql.placeholder('id')))
    .prepare();
};

/**
 * Records that the interaction `id` was acted on; false when it was already. Called inside the transaction
 * of the change the interaction makes, so the record exists exactly when the change does.
 */
export async function recordInteraction(tx: Db, id: string, at: Date): Promise<boolean> {
  return (await prepared(tx, insertInteraction).execute({ id, handledAt: at })).length === 1;
}

export async function interactionHandled(db: Db, id: string): Promise<boolean> {
  return (await prepared(db, interactionById).execute({ id }))[0] !== undefined;
}

/** Records, in the caller's transaction, that the interaction `id` was acted on; false when it was already. */
export async function markInteractionHandled(ctx: CoreContext, id: string): Promise<boolean> {
  return await recordInteraction(ctx.db, id, ctx.clock.now());
}

/** Whether the interaction `id` was acted on already (a form submitted again, a retried request). */
export async function isInteractionHandled(ctx: CoreContext, id: string): Promise<boolean> {
  return await interactionHandled(ctx.db, id);
}

/** How long a handled interaction is remembered: Slack retries and double submissions come within minutes. */
export const INTERACTION_MEMORY_MS = 7 * 24 * 3_600_000;

/** Forgets interactions handled longer ago than INTERACTION_MEMORY_MS; returns how many. */
export async function forgetOldInteractions(ctx: CoreContext): Promise<number> {
  const { slackInteractions } = tablesOf(ctx.db);
  const before = new Date(ctx.clock.now().getTime() - INTERACTION_MEMORY_MS);
  const forgotten = await ctx.db
    .delete(slackInteractions)
    .where(lt(slackInteractions.handledAt, before))
    .returning({ id: slackInteractions.id });
  return forgotten.length;
}
