import { isWorking } from '../../core/model.js';
import type { Locale } from '../../i18n/index.js';
import { articleExcerptBlocks } from '../article-blocks.js';
import { actions, button, context, divider, fieldsSection, header, section } from '../blocks.js';
import { MESSAGE_TEXT_BUDGET, textLength } from '../budget.js';
import { ACTIONS } from '../ids.js';
import { LIMITS } from '../limits.js';
import { type Texts, texts } from '../locale.js';
import type { ArticleData, CardData } from '../model.js';
import type { KnownBlock, SlackMessage } from '../slack.js';
import { bold, cap, escapeMrkdwn } from '../text.js';
import { buildTicketCard, cardFallback, TITLE_CHARS } from '../ticket-card.js';
import { ago } from '../time.js';

/** How many of the latest articles the summary shows, and how much of each. */
export const SUMMARY_ARTICLES = 5;
export const SUMMARY_ARTICLE_CHARS = 700;

export interface TicketSummaryInput {
  locale: Locale;
  timeZone: string;
  now: Date;
  /** `staff`: the card with its buttons and every article; `customer`: states and visible articles only. */
  view: 'staff' | 'customer';
  /** For the customer view, the caller passes the first-level queue the customer knows. */
  card: CardData;
  articles: ArticleData[];
}

function customerHead(tx: Texts, card: CardData, now: Date): KnownBlock[] {
  const field = (label: string, value: string) => `*${escapeMrkdwn(label)}*\n${escapeMrkdwn(value)}`;
  const blocks: KnownBlock[] = [
    header(tx.t('ticket.ref', { number: card.number })),
    section(bold(cap(card.title, TITLE_CHARS)) || escapeMrkdwn(tx.t('article.noSubject'))),
    fieldsSection([
      field(tx.t('card.state'), tx.state(card.state)),
      field(tx.t('card.queue'), cap(card.queue.name, TITLE_CHARS)),
      field(tx.t('card.created'), ago(tx.t, card.createdAt, now)),
    ]),
  ];
  if (isWorking(card.state)) {
    blocks.push(
      actions([
        button({ text: tx.t('button.solved'), actionId: ACTIONS.customerSolved, value: card.number }),
      ]),
    );
  }
  return blocks;
}

/** `/ticket <number>`, shown only to the asker: the ticket at a glance and its latest messages. */
export function buildTicketSummary(input: TicketSummaryInput): SlackMessage {
  const tx = texts(input.locale);
  const { card } = input;
  const head =
    input.view === 'staff'
      ? buildTicketCard({ ...card, now: input.now }).blocks
      : customerHead(tx, card, input.now);
  const visible = input.view === 'staff' ? input.articles : input.articles.filter((a) => a.customerVisible);
  const newestFirst = [...visible].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const blocks: KnownBlock[] = [...head, divider(), section(bold(tx.t('summary.lastArticles')))];
  // The newest articles that fit one message (blocks and characters), shown oldest first.
  let chars = textLength(blocks);
  let blocksLeft = LIMITS.messageBlocks - blocks.length;
  const shown: KnownBlock[][] = [];
  for (const article of newestFirst.slice(0, SUMMARY_ARTICLES)) {
    const excerpt = articleExcerptBlocks(tx, article, {
      timeZone: input.timeZone,
      maxChars: SUMMARY_ARTICLE_CHARS,
    });
    chars += textLength(excerpt);
    blocksLeft -= excerpt.length;
    if (chars > MESSAGE_TEXT_BUDGET || blocksLeft < 0) break;
    shown.unshift(excerpt);
  }
  if (shown.length === 0) blocks.push(context([escapeMrkdwn(tx.t('summary.noArticles'))]));
  for (const excerpt of shown) blocks.push(...excerpt);
  return { text: cardFallback(tx, card), blocks };
}
