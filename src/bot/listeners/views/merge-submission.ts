import { ValidationError } from '../../../core/errors.js';
import { findTicketNumbers, isValidTicketNumber } from '../../../core/model.js';
import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { isChecked, textValue } from '../../view-values.js';
import { ticketFormSubmission } from './ticket-form.js';

/** Merge: this ticket into another, given by number (with or without `Ticket#`). */
export function mergeSubmission(deps: BotDeps) {
  return ticketFormSubmission(deps, INPUTS.targetTicket, async ({ ticketNumber, actor, args }) => {
    const typed = textValue(args.view, INPUTS.targetTicket).trim().replace(/^#/, '');
    const { systemId } = deps.desk;
    const target = isValidTicketNumber(typed, systemId) ? typed : findTicketNumbers(typed, systemId)[0];
    if (!target)
      throw new ValidationError(
        'target_ticket',
        'not_a_ticket_number',
        `"${typed}" is not a ticket number.`,
        {
          value: typed,
        },
      );
    const acrossCustomers = isChecked(args.view, INPUTS.acrossCustomers, 'yes');
    await deps.desk.mergeTickets(actor, ticketNumber, target, { acrossCustomers });
  });
}
