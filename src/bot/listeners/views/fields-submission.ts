import type { BotDeps } from '../../deps.js';
import type { SubmissionArgs } from '../../submission.js';
import { fieldValuesOf } from '../../view-values.js';
import { ticketFormSubmission } from './ticket-form.js';

/** A refusal not about one field shows under the form's first input. */
const firstInput = (args: SubmissionArgs) => Object.keys(args.view.state.values)[0] ?? '';

/** The Fields form: the operator's values for every field of the ticket's queue. */
export function fieldsSubmission(deps: BotDeps) {
  return ticketFormSubmission(deps, firstInput, ({ ticketNumber, actor, args }) =>
    deps.desk.setTicketFields(actor, ticketNumber, fieldValuesOf(args.view)),
  );
}
