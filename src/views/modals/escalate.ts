import { input, section, staticSelect } from '../blocks.js';
import { INPUTS, VIEWS } from '../ids.js';
import { texts } from '../locale.js';
import type { QueueRef } from '../model.js';
import type { ModalView } from '../slack.js';
import { escapeMrkdwn } from '../text.js';
import { BODY_MAX_LENGTH, type TicketModalInput, textInput, ticketModal } from './common.js';
import { queueOptions } from './new-ticket.js';

export interface EscalateModalInput extends TicketModalInput {
  subQueues: QueueRef[];
}

/** Escalate to one of the current queue's sub-queues, saying why. */
export function buildEscalateModal(data: EscalateModalInput): ModalView {
  const tx = texts(data.locale);
  const options = queueOptions(data.subQueues);
  if (options.length === 0) {
    return ticketModal(data, {
      callbackId: VIEWS.escalate,
      title: 'modal.escalate.title',
      blocks: [section(escapeMrkdwn(tx.t('field.subQueue.none')))],
    });
  }
  return ticketModal(data, {
    callbackId: VIEWS.escalate,
    title: 'modal.escalate.title',
    submit: 'modal.escalate.submit',
    blocks: [
      input({
        id: INPUTS.subQueue,
        label: tx.t('field.subQueue'),
        element: staticSelect({
          actionId: INPUTS.subQueue,
          placeholder: tx.t('field.subQueue.placeholder'),
          options,
          initial: options.length === 1 ? options[0] : undefined,
          groupLabel: (from, to) => tx.t('field.queue.group', { from, to }),
        }),
      }),
      input({
        id: INPUTS.reason,
        label: tx.t('field.reason'),
        element: textInput({
          multiline: true,
          maxLength: BODY_MAX_LENGTH,
          placeholder: tx.t('field.reason.placeholder'),
        }),
      }),
    ],
  });
}
