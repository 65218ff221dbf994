import { and, eq } from 'drizzle-orm';
import { tablesOf } from '../../db/tables.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import type { SlackUserId, TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { PermissionDeniedError } from '../errors.js';
import { recordHistory } from '../history.js';
import { hasTicketPermission, requireTicketPermission, type TicketRow } from '../permissions.js';
import { requireAgent } from './guards.js';
import { loadAgentBySlackId, loadTicket } from './load.js';

/**
 * Adds or removes a watcher: an operator kept informed of a ticket they do not own. Operators watch for
 * themselves; putting someone else on the list needs full rights in the queue.
 */
async function changeWatch(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  watcherSlackUserId: SlackUserId | undefined,
  watch: boolean,
): Promise<TicketRow> {
  const { watchers } = tablesOf(ctx.db);
  return await inTransaction(ctx, async (tx) => {
    const who = await resolvePrincipal(tx, actor);
    const ticket = await loadTicket(tx, ticketNumber);
    const watcher = watcherSlackUserId ? await loadAgentBySlackId(tx, watcherSlackUserId) : requireAgent(who);
    await requireTicketPermission(tx, who, ticket, watcher.id === who.agent?.id ? 'read' : 'rw');
    const watcherPrincipal = await resolvePrincipal(tx, { kind: 'slack', userId: watcher.slackUserId });
    if (watch && !(await hasTicketPermission(tx, watcherPrincipal, ticket, 'read'))) {
      throw new PermissionDeniedError('add_blind_watcher', { ticketNumber: ticket.number }, watcher.name);
    }
    const now = ctx.clock.now();
    const where = and(eq(watchers.ticketId, ticket.id), eq(watchers.agentId, watcher.id));
    const present = (await tx.select().from(watchers).where(where))[0] !== undefined;
    if (present === watch) return ticket;
    if (watch) await tx.insert(watchers).values({ ticketId: ticket.id, agentId: watcher.id, createdAt: now });
    else await tx.delete(watchers).where(where);
    await recordHistory(tx, who, ticket.id, now, {
      event: watch ? 'AddWatcher' : 'RemoveWatcher',
      newValue: watcher.name,
    });
    return ticket;
  });
}

export async function addWatcher(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  watcherSlackUserId?: SlackUserId,
): Promise<TicketRow> {
  return await changeWatch(ctx, actor, ticketNumber, watcherSlackUserId, true);
}

export async function removeWatcher(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  watcherSlackUserId?: SlackUserId,
): Promise<TicketRow> {
  return await changeWatch(ctx, actor, ticketNumber, watcherSlackUserId, false);
}
