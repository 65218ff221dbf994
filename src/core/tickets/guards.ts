import type { Principal } from '../actor.js';
import { HelpDeskError, TicketNotWorkingError } from '../errors.js';
import type { TicketRow } from '../permissions.js';
import { isWorking } from '../states.js';

export function requireWorking(ticket: TicketRow): void {
  if (!isWorking(ticket.state)) throw new TicketNotWorkingError(ticket.number, ticket.state);
}

/** Operations that make someone the owner need a person who is an operator, not the desk or a customer. */
export function requireAgent(who: Principal): NonNullable<Principal['agent']> {
  if (!who.agent) throw new HelpDeskError('not_an_operator', 'Only an operator can do this.');
  return who.agent;
}
