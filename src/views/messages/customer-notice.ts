import type { CustomerEvent } from '../../core/model.js';
import { isClosed, isWorking, type TicketState } from '../../core/model.js';
import type { Locale } from '../../i18n/index.js';
import { bodySections } from '../article-blocks.js';
import { actions, button, context, section } from '../blocks.js';
import { ACTIONS, rateActionId } from '../ids.js';
import { markup, texts } from '../locale.js';
import type { PersonRef } from '../model.js';
import type { KnownBlock, SlackMessage } from '../slack.js';
import { cap, capMarkup, escapeMrkdwn, personLabel } from '../text.js';
import { TITLE_CHARS } from '../ticket-card.js';
import { POST_BODY_SECTIONS } from './article-post.js';

/** The customer notices the outbox carries. */
export type CustomerNoticeEvent = CustomerEvent;

export interface CustomerNoticeInput {
  locale: Locale;
  event: CustomerNoticeEvent;
  number: string;
  title: string;
  /** The operator who claimed or replied. */
  owner?: PersonRef | null | undefined;
  /** A customer-visible text to pass on: the reply, the question, the closing message. */
  body?: string | null | undefined;
  /** For `closed`: the ticket's state (a closed state gives the outcome). */
  closedState?: TicketState | null | undefined;
  /** For `closed`: ask the customer to rate the service, with one button per rating. */
  askRating?: boolean | undefined;
}

/** "★★★" for 3. */
export const stars = (rating: number): string => '★'.repeat(Math.max(0, Math.min(5, rating)));

/** Every block about the rating carries a block id starting with this, so it can be replaced later. */
export const RATING_BLOCK_PREFIX = 'rating_';

/** The question, one button per rating (value `<rating>:<ticket number>`) and what the ratings mean. */
export function ratingBlocks(locale: Locale, ticketNumber: string): KnownBlock[] {
  const tx = texts(locale);
  const buttons = [1, 2, 3, 4, 5].map((rating) =>
    button({ text: stars(rating), actionId: rateActionId(rating), value: `${rating}:${ticketNumber}` }),
  );
  return [
    { ...section(tx.md('rating.ask', { number: ticketNumber })), block_id: `${RATING_BLOCK_PREFIX}ask` },
    { ...actions(buttons), block_id: `${RATING_BLOCK_PREFIX}buttons` },
    { ...context([escapeMrkdwn(tx.t('rating.scale'))]), block_id: `${RATING_BLOCK_PREFIX}scale` },
  ];
}

/** Events after which the customer may still say "It's solved". */
const SOLVABLE: ReadonlySet<CustomerNoticeEvent> = new Set(['claimed', 'replied', 'pending', 'reopened']);

function headline(input: CustomerNoticeInput): string {
  const tx = texts(input.locale);
  const params = { number: input.number, title: cap(input.title, TITLE_CHARS) };
  const owner = input.owner ? markup(personLabel(input.owner)) : undefined;
  switch (input.event) {
    case 'received':
      return tx.md('customer.received', params);
    case 'claimed':
      return owner
        ? tx.md('customer.claimed', { ...params, owner })
        : tx.md('customer.claimedNoOwner', params);
    case 'replied':
      return owner
        ? tx.md('customer.replied', { ...params, owner })
        : tx.md('customer.repliedNoOwner', params);
    case 'pending':
      return tx.md('customer.pending', params);
    case 'closed': {
      const state =
        input.closedState && isClosed(input.closedState) ? input.closedState : 'closed_successful';
      return tx.md('customer.closed', { ...params, outcome: tx.t(`customer.outcome.${state}`) });
    }
    case 'reopened':
      return tx.md('customer.reopened', params);
    case 'follow_up_rejected':
      return tx.md('customer.followUpRejected', params);
  }
}

/** A DM (in the customer's ticket thread) about a step of their request. */
export function buildCustomerNotice(input: CustomerNoticeInput): SlackMessage {
  const tx = texts(input.locale);
  const line = headline(input);
  const blocks: KnownBlock[] = [section(line)];
  const body = bodySections(input.body ?? '', POST_BODY_SECTIONS);
  blocks.push(...body.blocks);
  if (body.truncated) blocks.push(context([escapeMrkdwn(tx.t('article.truncated'))]));
  if (input.event === 'replied' || input.event === 'pending') {
    blocks.push(context([escapeMrkdwn(tx.t('customer.replyHint'))]));
  }
  if (input.event === 'closed') blocks.push(context([escapeMrkdwn(tx.t('customer.closedHint'))]));
  if (input.event === 'closed' && input.askRating) blocks.push(...ratingBlocks(input.locale, input.number));
  const stillOpen = !input.closedState || isWorking(input.closedState);
  if (SOLVABLE.has(input.event) && stillOpen) {
    blocks.push(
      actions([
        button({ text: tx.t('button.solved'), actionId: ACTIONS.customerSolved, value: input.number }),
      ]),
    );
  }
  return { text: capMarkup(line, 1000), blocks };
}
