import { PENDING_STATES, type PendingState } from '../../core/model.js';
import type { MessageKey } from '../../i18n/index.js';
import { input, option } from '../blocks.js';
import { INPUTS, VIEWS } from '../ids.js';
import { texts } from '../locale.js';
import type { Datepicker, ModalView, RadioButtons, Timepicker } from '../slack.js';
import { type TicketModalInput, ticketModal } from './common.js';

export interface PendingModalInput extends TicketModalInput {
  /** 'YYYY-MM-DD' in the user's time zone. */
  initialDate: string;
  /** 'HH:MM' in the user's time zone. */
  initialTime: string;
}

const DESCRIPTIONS: Record<PendingState, MessageKey> = {
  pending_reminder: 'field.pendingState.reminder',
  pending_auto_close_successful: 'field.pendingState.autoSuccessful',
  pending_auto_close_unsuccessful: 'field.pendingState.autoUnsuccessful',
};

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Put the ticket on hold until a date and time: with a reminder, or to close it automatically. */
export function buildPendingModal(data: PendingModalInput): ModalView {
  const tx = texts(data.locale);
  const options = PENDING_STATES.map((state) => option(tx.state(state), state, tx.t(DESCRIPTIONS[state])));
  const kind: RadioButtons = { type: 'radio_buttons', options, initial_option: options[0] };
  const date: Datepicker = { type: 'datepicker' };
  if (DATE.test(data.initialDate)) date.initial_date = data.initialDate;
  const time: Timepicker = { type: 'timepicker' };
  if (TIME.test(data.initialTime)) time.initial_time = data.initialTime;
  return ticketModal(data, {
    callbackId: VIEWS.pending,
    title: 'modal.pending.title',
    submit: 'modal.pending.submit',
    blocks: [
      input({ id: INPUTS.pendingState, label: tx.t('field.pendingState'), element: kind }),
      input({ id: INPUTS.pendingDate, label: tx.t('field.pendingDate'), element: date }),
      input({ id: INPUTS.pendingTime, label: tx.t('field.pendingTime'), element: time }),
    ],
  });
}
