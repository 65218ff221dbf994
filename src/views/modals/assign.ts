import { VIEWS } from '../ids.js';
import type { ModalView } from '../slack.js';
import { type PersonModalInput, personModal } from './people.js';

export type { PersonModalInput } from './people.js';

/** Give the ticket to an operator (they become its owner). */
export function buildAssignModal(data: PersonModalInput): ModalView {
  return personModal(data, {
    callbackId: VIEWS.assign,
    title: 'modal.assign.title',
    submit: 'modal.assign.submit',
    label: 'field.assignUser',
  });
}
