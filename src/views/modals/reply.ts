import { RESPONSE_TITLE_MAX } from '../../core/model.js';
import { actions, context, filesInput, input, option, staticSelect } from '../blocks.js';
import { ACTIONS, INPUTS, replyBodyBlockId, VIEWS } from '../ids.js';
import { LIMITS } from '../limits.js';
import { texts } from '../locale.js';
import type { KnownBlock, ModalView } from '../slack.js';
import { cap, plain } from '../text.js';
import { BODY_MAX_LENGTH, type TicketModalInput, textInput, ticketModal } from './common.js';

export interface BodyModalInput extends TicketModalInput {
  /** A draft to start from (e.g. a template or the text of a message). */
  initialBody?: string | null | undefined;
  /** The names of the files that go along (those of the message sent to the customer). */
  attachedFiles?: string[] | undefined;
}

/** A canned response as the Reply form's menu lists it. */
export interface ResponseOption {
  id: number;
  title: string;
  personal: boolean;
}

export interface ReplyModalInput extends BodyModalInput {
  /** The responses the operator may start from; no menu without any. */
  responses?: ResponseOption[] | undefined;
  /** The response that filled the text, shown as chosen. */
  chosenResponseId?: number | undefined;
}

/** Reply to the customer: one message, which the customer receives, possibly started from a canned response. */
export function buildReplyModal(data: ReplyModalInput): ModalView {
  const tx = texts(data.locale);
  const blocks: KnownBlock[] = [];
  const responses = data.responses ?? [];
  if (responses.length > 0) {
    const options = responses.map((r) =>
      option(r.personal ? tx.t('field.response.personal', { title: r.title }) : r.title, String(r.id)),
    );
    blocks.push(
      actions([
        staticSelect({
          actionId: ACTIONS.replyResponse,
          placeholder: tx.t('field.response.placeholder'),
          options,
          initial: options.find((o) => o.value === String(data.chosenResponseId)),
          groupLabel: (from, to) => tx.t('field.response.group', { from, to }),
        }),
      ]),
    );
  }
  const body = input({
    id: INPUTS.body,
    label: tx.t('field.replyBody'),
    hint: tx.t(responses.length > 0 ? 'field.response.hint' : 'field.replyBody.hint'),
    element: textInput({ multiline: true, maxLength: BODY_MAX_LENGTH, initial: data.initialBody }),
  });
  blocks.push(
    { ...body, block_id: replyBodyBlockId(data.chosenResponseId) },
    ...(data.attachedFiles && data.attachedFiles.length > 0
      ? [context([tx.md('field.files.attached', { names: cap(data.attachedFiles.join(', '), 1000) })])]
      : []),
    filesInput(INPUTS.files, tx.t('field.files'), tx.t('field.replyFiles.hint')),
    input({
      id: INPUTS.saveResponse,
      label: tx.t('field.saveResponse'),
      optional: true,
      element: {
        type: 'checkboxes',
        options: [{ text: plain(tx.t('field.saveResponse.option'), LIMITS.optionText), value: 'yes' }],
      },
    }),
    input({
      id: INPUTS.responseTitle,
      label: tx.t('field.responseTitle'),
      hint: tx.t('field.responseTitle.hint'),
      optional: true,
      element: textInput({ maxLength: RESPONSE_TITLE_MAX }),
    }),
  );
  return ticketModal(
    {
      ...data,
      privateMetadata: {
        ...data.privateMetadata,
        ...(data.chosenResponseId === undefined ? {} : { responseId: data.chosenResponseId }),
      },
    },
    { callbackId: VIEWS.reply, title: 'modal.reply.title', submit: 'modal.reply.submit', blocks },
  );
}
