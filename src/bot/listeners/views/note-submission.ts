import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { textValue } from '../../view-values.js';
import { ticketFormSubmission } from './ticket-form.js';

/** Internal note: kept on the ticket and shown in its thread, never to the customer. */
export function noteSubmission(deps: BotDeps) {
  return ticketFormSubmission(
    deps,
    INPUTS.body,
    async ({ ticketNumber, actor, args }) => {
      await deps.desk.addArticle(actor, ticketNumber, {
        kind: 'note',
        channel: 'internal',
        body: textValue(args.view, INPUTS.body),
      });
    },
    { body: INPUTS.body },
  );
}
