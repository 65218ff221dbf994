import type { Locale } from '../../i18n/index.js';
import { actions, button, header, section } from '../blocks.js';
import { ACTIONS } from '../ids.js';
import { texts } from '../locale.js';
import type { QueueRef } from '../model.js';
import type { SlackMessage } from '../slack.js';
import { cap, capMarkup, escapeMrkdwn } from '../text.js';
import { TITLE_CHARS } from '../ticket-card.js';

export interface CustomerReceiptInput {
  locale: Locale;
  number: string;
  title: string;
  /** The first-level queue the customer wrote to. */
  queue: QueueRef;
}

/**
 * The DM that confirms a new request: its number, what happens next, that replies go in this thread,
 * and an "It's solved" button. Its thread is the customer's side of the ticket.
 */
export function buildCustomerReceipt(input: CustomerReceiptInput): SlackMessage {
  const tx = texts(input.locale);
  const numberLine = tx.md('customer.receipt.number', {
    number: input.number,
    title: cap(input.title, TITLE_CHARS),
  });
  const next = tx.md('customer.receipt.next', { queue: cap(input.queue.name, TITLE_CHARS) });
  const thread = escapeMrkdwn(tx.t('customer.receipt.thread'));
  const solved = escapeMrkdwn(tx.t('customer.receipt.solved'));
  return {
    text: capMarkup(`${escapeMrkdwn(tx.t('customer.receipt.title'))}: ${numberLine}`, 1000),
    blocks: [
      header(tx.t('customer.receipt.title')),
      section(numberLine),
      section(`${next}\n${thread}\n${solved}`),
      actions([
        button({ text: tx.t('button.solved'), actionId: ACTIONS.customerSolved, value: input.number }),
      ]),
    ],
  };
}
