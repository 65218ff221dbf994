import { input, option } from '../blocks.js';
import { INPUTS, VIEWS } from '../ids.js';
import { LIMITS } from '../limits.js';
import { texts } from '../locale.js';
import type { KnownBlock, ModalView } from '../slack.js';
import { plain } from '../text.js';
import { type TicketModalInput, textInput, ticketModal } from './common.js';

export interface TagsModalInput extends TicketModalInput {
  /** The ticket's tags: ticked. */
  current: string[];
  /** The queue's tags and those used on its tickets: offered, not ticked. */
  suggested: string[];
}

/** Typed tags, comma separated: room for a handful of them. */
const NEW_TAGS_MAX_LENGTH = 500;

/** A ticket's tags: untick to take one off, tick a suggestion or type new ones to put them on. */
export function buildTagsModal(data: TagsModalInput): ModalView {
  const tx = texts(data.locale);
  const tags = [...data.current, ...data.suggested].slice(0, LIMITS.selectOptions);
  const options = tags.map((tag) => option(tag, tag));
  const current = options.filter((_, i) => data.current.includes(tags[i] ?? ''));
  const blocks: KnownBlock[] = [];
  if (options.length > 0) {
    blocks.push(
      input({
        id: INPUTS.tags,
        label: tx.t('field.tags'),
        hint: tx.t('field.tags.hint'),
        optional: true,
        element: {
          type: 'multi_static_select',
          placeholder: plain(tx.t('field.tags.placeholder'), LIMITS.placeholder),
          options,
          ...(current.length > 0 ? { initial_options: current } : {}),
        },
      }),
    );
  }
  blocks.push(
    input({
      id: INPUTS.newTags,
      label: tx.t('field.newTags'),
      hint: tx.t('field.newTags.hint'),
      optional: true,
      element: textInput({ maxLength: NEW_TAGS_MAX_LENGTH }),
    }),
  );
  return ticketModal(data, {
    callbackId: VIEWS.tags,
    title: 'modal.tags.title',
    submit: 'modal.tags.submit',
    blocks,
  });
}
