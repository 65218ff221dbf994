import type { FieldDefinition, FieldValues } from '../../core/model.js';
import { section } from '../blocks.js';
import { fieldInputs } from '../fields.js';
import { VIEWS } from '../ids.js';
import { texts } from '../locale.js';
import type { ModalView } from '../slack.js';
import { escapeMrkdwn } from '../text.js';
import { type TicketModalInput, ticketModal } from './common.js';

export interface FieldsModalInput extends TicketModalInput {
  /** Every field of the ticket's queue, internal ones included. */
  fields: FieldDefinition[];
  values: FieldValues;
}

/** An operator sets the ticket's fields: one input each, filled with the values it has. */
export function buildFieldsModal(data: FieldsModalInput): ModalView {
  const tx = texts(data.locale);
  if (data.fields.length === 0) {
    return ticketModal(data, {
      callbackId: VIEWS.fields,
      title: 'modal.fields.title',
      blocks: [section(escapeMrkdwn(tx.t('modal.fields.none')))],
    });
  }
  return ticketModal(data, {
    callbackId: VIEWS.fields,
    title: 'modal.fields.title',
    submit: 'modal.fields.submit',
    blocks: fieldInputs(tx, data.fields, data.values),
  });
}
