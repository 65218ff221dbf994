import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { textValue } from '../../view-values.js';
import { ticketFormSubmission } from './ticket-form.js';

/** Reply to customer: a customer-visible article, sent to them and mirrored into the ticket's thread. */
export function replySubmission(deps: BotDeps) {
  return ticketFormSubmission(
    deps,
    INPUTS.body,
    async ({ ticketNumber, actor, args }) => {
      await deps.desk.addArticle(actor, ticketNumber, {
        kind: 'reply',
        channel: 'slack',
        body: textValue(args.view, INPUTS.body),
      });
    },
    { body: INPUTS.body },
  );
}
