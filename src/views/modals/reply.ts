import { context, filesInput, input } from '../blocks.js';
import { INPUTS, VIEWS } from '../ids.js';
import { texts } from '../locale.js';
import type { ModalView } from '../slack.js';
import { cap } from '../text.js';
import { BODY_MAX_LENGTH, type TicketModalInput, textInput, ticketModal } from './common.js';

export interface BodyModalInput extends TicketModalInput {
  /** A draft to start from (e.g. a template or the text of a message). */
  initialBody?: string | null | undefined;
  /** The names of the files that go along (those of the message sent to the customer). */
  attachedFiles?: string[] | undefined;
}

/** Reply to the customer: one message, which the customer receives. */
export function buildReplyModal(data: BodyModalInput): ModalView {
  const tx = texts(data.locale);
  return ticketModal(data, {
    callbackId: VIEWS.reply,
    title: 'modal.reply.title',
    submit: 'modal.reply.submit',
    blocks: [
      input({
        id: INPUTS.body,
        label: tx.t('field.replyBody'),
        hint: tx.t('field.replyBody.hint'),
        element: textInput({ multiline: true, maxLength: BODY_MAX_LENGTH, initial: data.initialBody }),
      }),
      ...(data.attachedFiles && data.attachedFiles.length > 0
        ? [context([tx.md('field.files.attached', { names: cap(data.attachedFiles.join(', '), 1000) })])]
        : []),
      filesInput(INPUTS.files, tx.t('field.files'), tx.t('field.replyFiles.hint')),
    ],
  });
}
