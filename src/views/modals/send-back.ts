import { input, section } from '../blocks.js';
import { INPUTS, VIEWS } from '../ids.js';
import { texts } from '../locale.js';
import type { QueueRef } from '../model.js';
import type { ModalView } from '../slack.js';
import { cap } from '../text.js';
import { TITLE_CHARS } from '../ticket-card.js';
import { BODY_MAX_LENGTH, type TicketModalInput, textInput, ticketModal } from './common.js';

export interface SendBackModalInput extends TicketModalInput {
  /** The queue the ticket goes back to. */
  parent: QueueRef;
}

/** Send a ticket back from a sub-queue to its parent queue, saying why. */
export function buildSendBackModal(data: SendBackModalInput): ModalView {
  const tx = texts(data.locale);
  return ticketModal(data, {
    callbackId: VIEWS.sendBack,
    title: 'modal.sendBack.title',
    submit: 'modal.sendBack.submit',
    blocks: [
      section(tx.md('field.sendBack.explain', { queue: cap(data.parent.name, TITLE_CHARS) })),
      input({
        id: INPUTS.reason,
        label: tx.t('field.reason'),
        element: textInput({ multiline: true, maxLength: BODY_MAX_LENGTH }),
      }),
    ],
  });
}
