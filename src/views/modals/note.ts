import { input } from '../blocks.js';
import { INPUTS, VIEWS } from '../ids.js';
import { texts } from '../locale.js';
import type { ModalView } from '../slack.js';
import { BODY_MAX_LENGTH, textInput, ticketModal } from './common.js';
import type { BodyModalInput } from './reply.js';

/** An internal note: only operators see it. */
export function buildNoteModal(data: BodyModalInput): ModalView {
  const tx = texts(data.locale);
  return ticketModal(data, {
    callbackId: VIEWS.note,
    title: 'modal.note.title',
    submit: 'modal.note.submit',
    blocks: [
      input({
        id: INPUTS.body,
        label: tx.t('field.noteBody'),
        hint: tx.t('field.noteBody.hint'),
        element: textInput({ multiline: true, maxLength: BODY_MAX_LENGTH, initial: data.initialBody }),
      }),
    ],
  });
}
