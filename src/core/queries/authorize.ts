import { type Actor, resolvePrincipal } from '../actor.js';
import type { TicketNumber } from '../brands.js';
import type { CoreContext } from '../context.js';
import { PermissionDeniedError } from '../errors.js';
import {
  type QueuePermission,
  requireTicketPermission,
  seesAsStaff,
  type TicketRow,
} from '../permissions.js';
import { loadTicket } from '../tickets/load.js';

/**
 * Checks that the actor works this ticket as staff (an operator of its queue, its responsible, an admin):
 * the card's forms are for them, even where a customer may do the same thing their own way.
 */
export async function authorizeStaff(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  permission: QueuePermission,
): Promise<TicketRow> {
  const who = await resolvePrincipal(ctx.db, actor);
  const ticket = await loadTicket(ctx.db, ticketNumber);
  if (!who.isAdmin && !(await seesAsStaff(ctx.db, who, ticket))) {
    throw new PermissionDeniedError('rw', { ticketNumber: ticket.number });
  }
  await requireTicketPermission(ctx.db, who, ticket, permission);
  return ticket;
}
