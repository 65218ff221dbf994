import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { slackInteractions } from '../db/schema.js';

/**
 * Records that the interaction `id` was acted on; false when it was already. Called inside the transaction
 * of the change the interaction makes, so the record exists exactly when the change does.
 */
export function recordInteraction(tx: DbOrTx, id: string, at: Date): boolean {
  const inserted = tx.insert(slackInteractions).values({ id, handledAt: at }).onConflictDoNothing().run();
  return inserted.changes === 1;
}

export function interactionHandled(db: DbOrTx, id: string): boolean {
  return (
    db
      .select({ id: slackInteractions.id })
      .from(slackInteractions)
      .where(eq(slackInteractions.id, id))
      .get() !== undefined
  );
}
