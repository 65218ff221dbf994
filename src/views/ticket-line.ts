import { button, section } from './blocks.js';
import { ACTIONS } from './ids.js';
import type { Texts } from './locale.js';
import type { TicketListItem } from './model.js';
import type { SectionBlock } from './slack.js';
import { bold, cap, escapeMrkdwn } from './text.js';
import { ago } from './time.js';

/** Titles in lists are shorter than on the card. */
const LIST_TITLE_CHARS = 150;

/** One ticket in a list: "*Ticket#n* title / state · queue · created", with an Open button. */
export function ticketLine(tx: Texts, item: TicketListItem, now: Date): SectionBlock {
  const title = escapeMrkdwn(cap(item.title.replace(/\s+/g, ' ').trim(), LIST_TITLE_CHARS));
  const details = tx.md('list.line', {
    state: tx.state(item.state),
    queue: cap(item.queue.name, LIST_TITLE_CHARS),
    created: ago(tx.t, item.createdAt, now),
  });
  return section(
    `${bold(tx.t('ticket.ref', { number: item.number }))} ${title}\n${details}`,
    button({ text: tx.t('button.openTicket'), actionId: ACTIONS.openTicket, value: item.number }),
  );
}
