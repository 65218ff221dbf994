import type { MessageKey } from '../../i18n/index.js';
import { input } from '../blocks.js';
import { INPUTS } from '../ids.js';
import { texts } from '../locale.js';
import type { ModalView, UsersSelect } from '../slack.js';
import { isSlackUserId, plain } from '../text.js';
import { type TicketModalInput, ticketModal } from './common.js';

export interface PersonModalInput extends TicketModalInput {
  /** The Slack user id of the current owner / responsible, preselected. */
  current?: string | null | undefined;
}

export function personModal(
  data: PersonModalInput,
  frame: { callbackId: string; title: MessageKey; submit: MessageKey; label: MessageKey },
): ModalView {
  const tx = texts(data.locale);
  const element: UsersSelect = { type: 'users_select', placeholder: plain(tx.t('field.user.placeholder')) };
  if (isSlackUserId(data.current)) element.initial_user = data.current;
  return ticketModal(data, {
    callbackId: frame.callbackId,
    title: frame.title,
    submit: frame.submit,
    blocks: [input({ id: INPUTS.user, label: tx.t(frame.label), element })],
  });
}
