import { ValidationError } from '../../../core/errors.js';
import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { selectedUser } from '../../view-values.js';
import { ticketFormSubmission } from './ticket-form.js';

/** Assign: hands the ticket to another operator, who becomes its owner. */
export function assignSubmission(deps: BotDeps) {
  return ticketFormSubmission(deps, INPUTS.user, async ({ ticketNumber, actor, args }) => {
    const user = selectedUser(args.view, INPUTS.user);
    if (!user) throw new ValidationError('user', 'not_chosen', 'Choose an operator.');
    await deps.desk.assignOwner(actor, ticketNumber, user);
  });
}
