import type { Db } from '../../db/client.js';
import type { QueuePermission } from '../../db/schema.js';
import { type Actor, type Principal, resolvePrincipal } from '../actor.js';
import type { TicketNumber } from '../brands.js';
import { HelpDeskError, TicketNotWorkingError } from '../errors.js';
import { requireTicketPermission, type TicketRow } from '../permissions.js';
import { isWorking } from '../states.js';
import { loadTicket } from './load.js';

export function requireWorking(ticket: TicketRow): void {
  if (!isWorking(ticket.state)) throw new TicketNotWorkingError(ticket.number, ticket.state);
}

/** Operations that make someone the owner need a person who is an operator, not the desk or a customer. */
export function requireAgent(who: Principal): NonNullable<Principal['agent']> {
  if (!who.agent) throw new HelpDeskError('not_an_operator', 'Only an operator can do this.');
  return who.agent;
}

/**
 * Who acts and on which ticket, for a change to a working ticket: the actor holds `right` on it and the ticket
 * is not closed or merged. Runs inside the change's transaction.
 */
export async function workingTicketFor(
  tx: Db,
  actor: Actor,
  ticketNumber: TicketNumber,
  right: QueuePermission,
): Promise<{ who: Principal; ticket: TicketRow }> {
  const who = await resolvePrincipal(tx, actor);
  const ticket = await loadTicket(tx, ticketNumber);
  await requireTicketPermission(tx, who, ticket, right);
  requireWorking(ticket);
  return { who, ticket };
}
