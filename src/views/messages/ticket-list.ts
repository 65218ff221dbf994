import type { Locale } from '../../i18n/index.js';
import { context, header } from '../blocks.js';
import { MESSAGE_TEXT_BUDGET, textLength } from '../budget.js';
import { LIMITS } from '../limits.js';
import { texts } from '../locale.js';
import type { TicketListItem } from '../model.js';
import type { KnownBlock, SlackMessage } from '../slack.js';
import { capMarkup, escapeMrkdwn } from '../text.js';
import { ticketLine } from '../ticket-line.js';

export interface TicketListInput {
  locale: Locale;
  timeZone: string;
  now: Date;
  /** e.g. "Your tickets", or "Search: printer" (shown literally). */
  heading: string;
  tickets: TicketListItem[];
  /** A search looked through as many matches as it may: more tickets may match than are listed. */
  refine?: boolean;
}

/**
 * A list of tickets (`/ticket mine`, search results): one line each, within a message's 50 blocks and
 * the characters Slack takes in one message; the rest are counted.
 */
export function buildTicketList(input: TicketListInput): SlackMessage {
  const tx = texts(input.locale);
  const blocks: KnownBlock[] = [header(input.heading)];
  if (input.tickets.length === 0) {
    blocks.push(context([escapeMrkdwn(tx.t('list.empty'))]));
  } else {
    // The heading, the "…and N more" line when needed and the "refine" line take up to three of the 50 blocks.
    const room = LIMITS.messageBlocks - (input.refine ? 3 : 2);
    let chars = textLength(blocks);
    let shown = 0;
    for (const item of input.tickets.slice(0, room)) {
      const line = ticketLine(tx, item, input.now);
      chars += textLength([line]);
      if (chars > MESSAGE_TEXT_BUDGET) break;
      blocks.push(line);
      shown += 1;
    }
    const hidden = input.tickets.length - shown;
    if (hidden > 0) blocks.push(context([tx.md('list.more', { count: hidden })]));
  }
  if (input.refine) blocks.push(context([escapeMrkdwn(tx.t('list.refine'))]));
  return { text: capMarkup(`${escapeMrkdwn(input.heading)} (${input.tickets.length})`, 1000), blocks };
}
