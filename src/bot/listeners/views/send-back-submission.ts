import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { textValue } from '../../view-values.js';
import { ticketFormSubmission } from './ticket-form.js';

/** Send back: the ticket returns from a sub-queue to its parent queue. */
export function sendBackSubmission(deps: BotDeps) {
  return ticketFormSubmission(deps, INPUTS.reason, async ({ ticketNumber, actor, args }) => {
    await deps.desk.sendBackTicket(actor, ticketNumber, textValue(args.view, INPUTS.reason));
  });
}
