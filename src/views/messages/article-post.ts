import type { Locale } from '../../i18n/index.js';
import { articleByline, attachmentList, bodySections } from '../article-blocks.js';
import { actions, button, context, section } from '../blocks.js';
import { ACTIONS, acceptSenderValue } from '../ids.js';
import { type Texts, texts } from '../locale.js';
import type { ArticleData } from '../model.js';
import type { KnownBlock, SlackMessage } from '../slack.js';
import { bold, cap, capMarkup, escapeMrkdwn } from '../text.js';

/**
 * Body sections per thread post. Slack documents 50 blocks and 3000 characters per section, but refuses
 * messages whose blocks hold much more than ~12,000 characters in all (msg_blocks_too_long): three
 * sections keep a post well below that; History has the full text.
 */
export const POST_BODY_SECTIONS = 3;
/** The attachment list's share of a post. */
export const ATTACHMENTS_CHARS = 1500;

export interface ArticlePostInput {
  locale: Locale;
  article: ArticleData;
  /** The ticket the article was written on: a mail not from the customer offers to accept its sender there. */
  ticketNumber?: string;
}

/** An article mirrored into a ticket's thread: who, internal or visible, the body, the attachments. */
export function buildArticlePost(input: ArticlePostInput): SlackMessage {
  const tx = texts(input.locale);
  const { article } = input;
  const blocks: KnownBlock[] = [context([articleByline(tx, article)])];
  const subject = article.subject?.trim();
  if (subject) blocks.push(section(bold(cap(subject, 300))));
  // A deleted message's copy no longer says what it said; History does.
  const shownBody = article.deleted ? tx.t('article.deletedBody') : article.body;
  if (article.deleted) blocks.push(context([escapeMrkdwn(shownBody)]));
  else {
    const body = bodySections(article.body, POST_BODY_SECTIONS);
    blocks.push(...body.blocks);
    if (body.truncated) blocks.push(context([escapeMrkdwn(tx.t('article.truncated'))]));
    const attachments = attachmentList(tx, article);
    if (attachments) blocks.push(section(capMarkup(attachments, ATTACHMENTS_CHARS)));
  }
  if (article.senderType === 'external') blocks.push(...acceptSenderBlocks(tx, article, input.ticketNumber));
  const firstLine = shownBody.trim().split(/\r?\n/, 1)[0] ?? '';
  const text = capMarkup(
    `${articleByline(tx, article)}${firstLine ? `: ${escapeMrkdwn(cap(firstLine, 200))}` : ''}`,
    1000,
  );
  return { text, blocks };
}

/** What a mail not from the customer is, and the button that makes its sender a participant. */
function acceptSenderBlocks(tx: Texts, article: ArticleData, ticketNumber: string | undefined): KnownBlock[] {
  const hint = context([tx.md('article.notFromCustomerHint', { sender: cap(article.author, 200) })]);
  if (!ticketNumber) return [hint];
  const accept = button({
    text: tx.t('button.acceptSender'),
    actionId: ACTIONS.acceptSender,
    value: acceptSenderValue(article.articleNumber, ticketNumber),
  });
  return [hint, actions([accept])];
}
