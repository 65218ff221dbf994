import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { selectedValue } from '../../view-values.js';
import { ticketFormSubmission } from './ticket-form.js';

export function prioritySubmission(deps: BotDeps) {
  return ticketFormSubmission(deps, INPUTS.priority, async ({ ticketNumber, actor, args }) => {
    await deps.desk.setPriority(actor, ticketNumber, Number(selectedValue(args.view, INPUTS.priority)));
  });
}
