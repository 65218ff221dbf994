import { ValidationError } from '../../../core/errors.js';
import { CLOSED_STATES, type ClosedState } from '../../../core/model.js';
import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { selectedValue, textValue } from '../../view-values.js';
import { ticketFormSubmission } from './ticket-form.js';

/** Close: successful or not, with an optional last message to the customer. */
export function closeSubmission(deps: BotDeps) {
  return ticketFormSubmission(
    deps,
    INPUTS.closeState,
    async ({ ticketNumber, actor, args }) => {
      const state = selectedValue(args.view, INPUTS.closeState);
      if (!state || !(CLOSED_STATES as readonly string[]).includes(state)) {
        throw new ValidationError('close_state', 'not_chosen', 'Choose how the ticket ends.');
      }
      await deps.desk.closeTicket(actor, ticketNumber, {
        state: state as ClosedState,
        message: textValue(args.view, INPUTS.message),
      });
    },
    { close_state: INPUTS.closeState, body: INPUTS.message },
  );
}
