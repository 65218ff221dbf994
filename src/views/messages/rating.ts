import type { Locale } from '../../i18n/index.js';
import { actions, button, context, input, section } from '../blocks.js';
import { ACTIONS, INPUTS, VIEWS } from '../ids.js';
import { texts } from '../locale.js';
import { textInput, ticketModal } from '../modals/common.js';
import type { KnownBlock, ModalView } from '../slack.js';
import { cap, escapeMrkdwn, quote } from '../text.js';
import { RATING_BLOCK_PREFIX, stars } from './customer-notice.js';

/** How much of the comment the thank-you repeats. */
export const RATING_COMMENT_SHOWN = 500;
/** The longest comment the form takes (the core keeps up to 2000 characters). */
export const RATING_COMMENT_MAX_LENGTH = 2000;

export interface RatingThanksInput {
  locale: Locale;
  number: string;
  rating: number;
  /** The comment given, or null when the customer may still add one. */
  comment: string | null;
}

/** What replaces the rating buttons once the customer clicked: thanks, and a way to add a comment. */
export function buildRatingThanks(data: RatingThanksInput): KnownBlock[] {
  const tx = texts(data.locale);
  const blocks: KnownBlock[] = [
    {
      ...section(
        tx.md('rating.thanks', { number: data.number, stars: stars(data.rating), rating: data.rating }),
      ),
      block_id: `${RATING_BLOCK_PREFIX}thanks`,
    },
  ];
  if (data.comment === null) {
    blocks.push(
      {
        ...actions([
          button({ text: tx.t('button.rateComment'), actionId: ACTIONS.rateComment, value: data.number }),
        ]),
        block_id: `${RATING_BLOCK_PREFIX}comment_button`,
      },
      { ...context([escapeMrkdwn(tx.t('rating.commentHint'))]), block_id: `${RATING_BLOCK_PREFIX}hint` },
    );
  } else {
    blocks.push(
      {
        ...section(quote(cap(data.comment, RATING_COMMENT_SHOWN))),
        block_id: `${RATING_BLOCK_PREFIX}comment`,
      },
      {
        ...context([escapeMrkdwn(tx.t('rating.commentThanks'))]),
        block_id: `${RATING_BLOCK_PREFIX}comment_thanks`,
      },
    );
  }
  return blocks;
}

/**
 * The blocks of a message (as Slack sends them back) with its rating blocks replaced by `replacement`: the
 * closing notice keeps its own words, only the question changes into the answer.
 */
export function replaceRatingBlocks(blocks: unknown, replacement: KnownBlock[]): KnownBlock[] {
  const kept = (Array.isArray(blocks) ? blocks : []).filter(
    (block): block is KnownBlock =>
      typeof block === 'object' &&
      block !== null &&
      typeof (block as { type?: unknown }).type === 'string' &&
      !String((block as { block_id?: unknown }).block_id ?? '').startsWith(RATING_BLOCK_PREFIX),
  );
  return [...kept, ...replacement].slice(0, 50);
}

export interface RatingCommentModalInput {
  locale: Locale;
  ticketNumber: string;
  title: string;
  rating: number;
  /** Where the thank-you message is, to update it once the comment is in. */
  privateMetadata: {
    channelId?: string | undefined;
    messageTs?: string | undefined;
  };
}

/** The small form for an optional comment on a rating. */
export function buildRatingCommentModal(data: RatingCommentModalInput): ModalView {
  const tx = texts(data.locale);
  return ticketModal(
    {
      locale: data.locale,
      ticketNumber: data.ticketNumber,
      title: data.title,
      privateMetadata: data.privateMetadata,
    },
    {
      callbackId: VIEWS.ratingComment,
      title: 'modal.rating.title',
      submit: 'modal.rating.submit',
      blocks: [
        section(
          tx.md('rating.thanks', {
            number: data.ticketNumber,
            stars: stars(data.rating),
            rating: data.rating,
          }),
        ),
        input({
          id: INPUTS.ratingComment,
          label: tx.t('field.ratingComment'),
          hint: tx.t('field.ratingComment.hint'),
          element: textInput({ multiline: true, maxLength: RATING_COMMENT_MAX_LENGTH }),
        }),
      ],
    },
  );
}
