import { DEFAULT_PRIORITY, type FieldDefinition, type FieldValues, PRIORITIES } from '../../core/model.js';
import type { Locale } from '../../i18n/index.js';
import { filesInput, input, option, section, staticSelect } from '../blocks.js';
import { fieldInputs } from '../fields.js';
import { INPUTS, VIEWS } from '../ids.js';
import { LIMITS } from '../limits.js';
import { type Texts, texts } from '../locale.js';
import type { QueueRef } from '../model.js';
import type { KnownBlock, ModalView, PlainTextOption, RadioButtons, UsersSelect } from '../slack.js';
import { escapeMrkdwn, isSlackUserId, plain } from '../text.js';
import { modal, textInput } from './common.js';

/** The longest subject the core accepts (its MAX_TITLE_LENGTH). */
export const SUBJECT_MAX_LENGTH = 250;
export const DESCRIPTION_MAX_LENGTH = 3000;
export const NOTIFY_OPTIONS = ['dm', 'email', 'both'] as const;

export interface NewTicketModalInput {
  locale: Locale;
  /** First-level queues the user may open tickets in. */
  queues: QueueRef[];
  subject?: string | null | undefined;
  description?: string | null | undefined;
  /** From a message shortcut on someone else's message: proposed as the customer (operators only). */
  customer?: { slackUserId: string } | null | undefined;
  isOperator: boolean;
  privateMetadata: object;
  /** The queue chosen (the only one, or the one picked before the form was redrawn). */
  queueKey?: string | undefined;
  /** What was chosen before the form was redrawn for another queue. */
  priority?: number | undefined;
  notifyVia?: string | undefined;
  /** The chosen queue's customer fields, and what was typed in them. */
  fields?: FieldDefinition[] | undefined;
  fieldValues?: FieldValues | undefined;
}

/** Options for queues (value = queue key); keys longer than an option value allows cannot be offered. */
export function queueOptions(queues: QueueRef[]): PlainTextOption[] {
  return queues
    .filter((queue) => queue.key.length <= LIMITS.optionValue)
    .map((queue) => option(queue.name, queue.key));
}

export function priorityOptions(tx: Texts): PlainTextOption[] {
  return PRIORITIES.map((priority) =>
    option(tx.t('priority.option', { n: priority, name: tx.priority(priority) }), String(priority)),
  );
}

function notifyVia(tx: Texts, chosen: string | undefined): RadioButtons {
  const options = NOTIFY_OPTIONS.map((via) => option(tx.t(`field.notifyVia.${via}`), via));
  return {
    type: 'radio_buttons',
    options,
    initial_option: options.find((o) => o.value === chosen) ?? options[0],
  };
}

/** The "New ticket" form: queue, subject, description, priority, how to be updated, and for operators a customer. */
export function buildNewTicketModal(data: NewTicketModalInput): ModalView {
  const tx = texts(data.locale);
  const queues = queueOptions(data.queues);
  if (queues.length === 0) {
    return modal({
      tx,
      callbackId: VIEWS.newTicket,
      title: 'modal.newTicket.title',
      blocks: [section(escapeMrkdwn(tx.t('field.queue.none')))],
      privateMetadata: data.privateMetadata,
    });
  }
  const priorities = priorityOptions(tx);
  const chosenPriority = priorities.find((o) => o.value === String(data.priority));
  const blocks: KnownBlock[] = [
    input({
      id: INPUTS.queue,
      label: tx.t('field.queue'),
      // Choosing a queue redraws the form with that queue's fields.
      dispatchAction: true,
      element: staticSelect({
        actionId: INPUTS.queue,
        placeholder: tx.t('field.queue.placeholder'),
        options: queues,
        initial: queues.length === 1 ? queues[0] : queues.find((q) => q.value === data.queueKey),
        groupLabel: (from, to) => tx.t('field.queue.group', { from, to }),
      }),
    }),
    input({
      id: INPUTS.subject,
      label: tx.t('field.subject'),
      element: textInput({
        maxLength: SUBJECT_MAX_LENGTH,
        initial: data.subject?.replace(/\s+/g, ' '),
        placeholder: tx.t('field.subject.placeholder'),
      }),
    }),
    input({
      id: INPUTS.description,
      label: tx.t('field.description'),
      hint: tx.t('field.description.hint'),
      element: textInput({
        multiline: true,
        maxLength: DESCRIPTION_MAX_LENGTH,
        initial: data.description,
        placeholder: tx.t('field.description.placeholder'),
      }),
    }),
    input({
      id: INPUTS.priority,
      label: tx.t('field.priority'),
      element: staticSelect({
        actionId: INPUTS.priority,
        placeholder: tx.t('field.priority.placeholder'),
        options: priorities,
        initial: chosenPriority ?? priorities[PRIORITIES.indexOf(DEFAULT_PRIORITY)],
        groupLabel: () => tx.t('field.priority'),
      }),
    }),
    ...fieldInputs(tx, data.fields ?? [], data.fieldValues ?? {}),
    input({ id: INPUTS.notifyVia, label: tx.t('field.notifyVia'), element: notifyVia(tx, data.notifyVia) }),
    filesInput(INPUTS.files, tx.t('field.files'), tx.t('field.newTicketFiles.hint')),
  ];
  if (data.isOperator) {
    const customer: UsersSelect = {
      type: 'users_select',
      placeholder: plain(tx.t('field.customer.placeholder')),
    };
    if (isSlackUserId(data.customer?.slackUserId)) customer.initial_user = data.customer.slackUserId;
    blocks.push(
      input({
        id: INPUTS.customer,
        label: tx.t('field.customer'),
        hint: tx.t('field.customer.hint'),
        element: customer,
        optional: true,
      }),
    );
  }
  return modal({
    tx,
    callbackId: VIEWS.newTicket,
    title: 'modal.newTicket.title',
    submit: 'modal.newTicket.submit',
    blocks,
    privateMetadata: data.privateMetadata,
  });
}
