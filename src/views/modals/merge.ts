import { input } from '../blocks.js';
import { INPUTS, VIEWS } from '../ids.js';
import { LIMITS } from '../limits.js';
import { texts } from '../locale.js';
import type { ModalView } from '../slack.js';
import { plain } from '../text.js';
import { type TicketModalInput, textInput, ticketModal } from './common.js';

/** Ticket numbers are 16 digits (date, system id, counter, check digit); a little room for "Ticket#". */
export const TICKET_NUMBER_MAX_LENGTH = 40;

/** Merge this ticket into another one, named by its number. */
export function buildMergeModal(data: TicketModalInput): ModalView {
  const tx = texts(data.locale);
  return ticketModal(data, {
    callbackId: VIEWS.merge,
    title: 'modal.merge.title',
    submit: 'modal.merge.submit',
    blocks: [
      input({
        id: INPUTS.targetTicket,
        label: tx.t('field.targetTicket'),
        hint: tx.t('field.targetTicket.hint'),
        element: textInput({
          maxLength: TICKET_NUMBER_MAX_LENGTH,
          placeholder: tx.t('field.targetTicket.placeholder'),
        }),
      }),
      input({
        id: INPUTS.acrossCustomers,
        label: tx.t('field.acrossCustomers'),
        hint: tx.t('field.acrossCustomers.hint'),
        optional: true,
        element: {
          type: 'checkboxes',
          options: [
            {
              text: plain(tx.t('field.acrossCustomers.option'), LIMITS.optionText),
              value: 'yes',
            },
          ],
        },
      }),
    ],
  });
}
