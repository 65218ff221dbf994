import { ValidationError } from '../../../core/errors.js';
import { queueKeyOf } from '../../../core/model.js';
import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { selectedValue, textValue } from '../../view-values.js';
import { ticketFormSubmission } from './ticket-form.js';

/** Escalate: the ticket moves to the chosen sub-queue, whose channel gets its own card. */
export function escalateSubmission(deps: BotDeps) {
  return ticketFormSubmission(deps, INPUTS.subQueue, async ({ ticketNumber, actor, args }) => {
    const subQueue = selectedValue(args.view, INPUTS.subQueue);
    if (!subQueue) throw new ValidationError('sub_queue', 'not_chosen', 'Choose a sub-queue.');
    await deps.desk.escalateTicket(
      actor,
      ticketNumber,
      queueKeyOf(subQueue),
      textValue(args.view, INPUTS.reason),
    );
  });
}
