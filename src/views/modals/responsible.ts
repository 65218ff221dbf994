import { VIEWS } from '../ids.js';
import type { ModalView } from '../slack.js';
import { type PersonModalInput, personModal } from './people.js';

export type { PersonModalInput } from './people.js';

/** Make an operator accountable for the ticket. */
export function buildResponsibleModal(data: PersonModalInput): ModalView {
  return personModal(data, {
    callbackId: VIEWS.responsible,
    title: 'modal.responsible.title',
    submit: 'modal.responsible.submit',
    label: 'field.responsibleUser',
  });
}
