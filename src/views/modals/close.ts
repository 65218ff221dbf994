import { CLOSED_STATES } from '../../core/model.js';
import { input, option } from '../blocks.js';
import { INPUTS, VIEWS } from '../ids.js';
import { texts } from '../locale.js';
import type { ModalView, RadioButtons } from '../slack.js';
import { BODY_MAX_LENGTH, type TicketModalInput, textInput, ticketModal } from './common.js';

/** Close the ticket, successful or not, with an optional message to the customer. */
export function buildCloseModal(data: TicketModalInput): ModalView {
  const tx = texts(data.locale);
  const options = CLOSED_STATES.map((state) => option(tx.state(state), state));
  const outcome: RadioButtons = { type: 'radio_buttons', options, initial_option: options[0] };
  return ticketModal(data, {
    callbackId: VIEWS.close,
    title: 'modal.close.title',
    submit: 'modal.close.submit',
    blocks: [
      input({ id: INPUTS.closeState, label: tx.t('field.closeState'), element: outcome }),
      input({
        id: INPUTS.message,
        label: tx.t('field.closeMessage'),
        hint: tx.t('field.closeMessage.hint'),
        element: textInput({ multiline: true, maxLength: BODY_MAX_LENGTH }),
        optional: true,
      }),
    ],
  });
}
