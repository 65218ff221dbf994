import { tagsIn } from '../../../core/model.js';
import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { selectedValues, textValue } from '../../view-values.js';
import { ticketFormSubmission } from './ticket-form.js';

/** The Tags form: the ticket gets the ticked tags and the ones typed in; the core normalises and records them. */
export function tagsSubmission(deps: BotDeps) {
  return ticketFormSubmission(
    deps,
    INPUTS.newTags,
    async ({ ticketNumber, actor, args }) => {
      const ticked = selectedValues(args.view, INPUTS.tags);
      const typed = tagsIn(textValue(args.view, INPUTS.newTags));
      await deps.desk.setTicketTags(actor, ticketNumber, [...ticked, ...typed]);
    },
    { tags: INPUTS.newTags },
  );
}
