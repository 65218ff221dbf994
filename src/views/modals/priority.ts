import { PRIORITIES } from '../../core/model.js';
import { input, staticSelect } from '../blocks.js';
import { INPUTS, VIEWS } from '../ids.js';
import { texts } from '../locale.js';
import type { ModalView } from '../slack.js';
import { type TicketModalInput, ticketModal } from './common.js';
import { priorityOptions } from './new-ticket.js';

export interface PriorityModalInput extends TicketModalInput {
  current: number;
}

/** Change the priority (1 very low … 5 very high). */
export function buildPriorityModal(data: PriorityModalInput): ModalView {
  const tx = texts(data.locale);
  const options = priorityOptions(tx);
  const index = (PRIORITIES as readonly number[]).indexOf(data.current);
  return ticketModal(data, {
    callbackId: VIEWS.priority,
    title: 'modal.priority.title',
    submit: 'modal.priority.submit',
    blocks: [
      input({
        id: INPUTS.priority,
        label: tx.t('field.priority'),
        element: staticSelect({
          actionId: INPUTS.priority,
          placeholder: tx.t('field.priority.placeholder'),
          options,
          initial: index === -1 ? undefined : options[index],
          groupLabel: () => tx.t('field.priority'),
        }),
      }),
    ],
  });
}
