/**
 * Operators say when they are away (`/ticket away [until]`, `/ticket back`, the App Home toggle): automatic
 * assignment passes them over until they are back, or until the time they gave has come (no job needed:
 * the time is compared whenever someone is chosen). They keep every right and may still claim by hand.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { tablesOf } from '../db/tables.js';
import { type Actor, type AgentRow, resolvePrincipal } from './actor.js';
import { type CoreContext, inTransaction } from './context.js';
import { HelpDeskError } from './errors.js';
import { requireAgent } from './tickets/guards.js';

/** Whether the operator said they are away at `at`. */
export function isAwayAt(agent: Pick<AgentRow, 'away' | 'awayUntil'>, at: Date): boolean {
  return agent.away && (agent.awayUntil === null || agent.awayUntil > at);
}

export interface Availability {
  away: boolean;
  /** When they said they would be back; null: until they say so (or not away). */
  until: Date | null;
}

function availabilityOf(agent: AgentRow, at: Date): Availability {
  return isAwayAt(agent, at) ? { away: true, until: agent.awayUntil } : { away: false, until: null };
}

async function update(db: Db, agent: AgentRow, away: boolean, until: Date | null): Promise<void> {
  const { agents } = tablesOf(db);
  await db.update(agents).set({ away, awayUntil: until }).where(eq(agents.id, agent.id));
}

/** The operator is away until `until` (a time still to come), or until they say they are back (null). */
export async function setAway(ctx: CoreContext, actor: Actor, until: Date | null): Promise<Availability> {
  return await inTransaction(ctx, async (tx) => {
    const agent = requireAgent(await resolvePrincipal(tx, actor));
    const now = ctx.clock.now();
    if (until !== null && until <= now) {
      throw new HelpDeskError('invalid_away_until', 'The time to be back has already passed.');
    }
    await update(tx, agent, true, until);
    return { away: true, until };
  });
}

/** The operator is back: automatic assignment counts on them again. */
export async function setBack(ctx: CoreContext, actor: Actor): Promise<Availability> {
  return await inTransaction(ctx, async (tx) => {
    const agent = requireAgent(await resolvePrincipal(tx, actor));
    await update(tx, agent, false, null);
    return { away: false, until: null };
  });
}

/** Whether the operator is away now, and until when. */
export async function availability(ctx: CoreContext, actor: Actor): Promise<Availability> {
  const agent = requireAgent(await resolvePrincipal(ctx.db, actor));
  return availabilityOf(agent, ctx.clock.now());
}
