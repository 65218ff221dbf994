import { type Actor, resolvePrincipal } from '../actor.js';
import type { CoreContext } from '../context.js';
import { type QueuePermission, requireTicketPermission, type TicketRow } from '../permissions.js';
import { loadTicket } from '../tickets/load.js';

/**
 * Checks, before a form is even shown, that the actor may do this on the ticket: the operation checks again
 * when it runs, this only spares people a form they could not submit.
 */
export function authorizeTicket(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: string,
  permission: QueuePermission,
): TicketRow {
  const ticket = loadTicket(ctx.db, ticketNumber);
  requireTicketPermission(ctx.db, resolvePrincipal(ctx.db, actor), ticket, permission);
  return ticket;
}
