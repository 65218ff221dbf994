import { context, section } from './blocks.js';
import { LIMITS } from './limits.js';
import { markup, type Texts } from './locale.js';
import type { ArticleData } from './model.js';
import type { KnownBlock } from './slack.js';
import { bold, cap, capMarkup, escapeMrkdwn, quote, splitMarkup } from './text.js';
import { formatDateTime } from './time.js';

/** At most this many attachments are named; the rest are counted. */
const LISTED_ATTACHMENTS = 20;

export function formatSize(tx: Texts, bytes: number): string {
  if (bytes < 1024) return tx.t('size.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return tx.t('size.kb', { n: Math.round(bytes / 1024) });
  return tx.t('size.mb', { n: (bytes / (1024 * 1024)).toFixed(1) });
}

/** "author · article n · channel · badge [· from Ticket#x] [· time]", as safe mrkdwn. */
export function articleByline(tx: Texts, article: ArticleData, timeZone?: string): string {
  const parts = [
    tx.md('article.header', { author: markup(authorLabel(article.author)), n: article.articleNumber }),
  ];
  if (article.senderType === 'external') parts.push(escapeMrkdwn(tx.t('article.notFromCustomer')));
  // An internal note's channel says nothing the badge does not.
  if (article.channel !== 'internal') parts.push(escapeMrkdwn(tx.t(`channel.${article.channel}`)));
  parts.push(escapeMrkdwn(tx.t(article.customerVisible ? 'article.visible' : 'article.internal')));
  if (article.fromTicket) parts.push(tx.md('history.fromTicket', { number: article.fromTicket }));
  if (article.deleted) parts.push(escapeMrkdwn(tx.t('article.deleted')));
  else if (article.edited) parts.push(escapeMrkdwn(tx.t('article.edited')));
  if (timeZone) parts.push(escapeMrkdwn(formatDateTime(article.createdAt, timeZone, tx.locale)));
  return parts.join(escapeMrkdwn(tx.t('common.separator')));
}

/** The author's name in bold, on one line. */
function authorLabel(author: string): string {
  return bold(cap(author.replace(/\s+/g, ' '), 100)) || '?';
}

/** "*Attachments*\n• a.pdf (12 KB)…", or null without attachments. */
export function attachmentList(tx: Texts, article: ArticleData): string | null {
  if (article.attachments.length === 0) return null;
  const lines = article.attachments.slice(0, LISTED_ATTACHMENTS).map((attachment) => {
    const params = { name: cap(attachment.filename, 150), size: formatSize(tx, attachment.sizeBytes) };
    if (!attachment.refused) return `• ${tx.md('article.attachment', params)}`;
    const reason = tx.t(`attachment.refused.${attachment.refused}`);
    return `• ${tx.md('article.attachmentRefused', { ...params, reason })}`;
  });
  const hidden = article.attachments.length - LISTED_ATTACHMENTS;
  if (hidden > 0) lines.push(tx.md('article.moreAttachments', { count: hidden }));
  return `${bold(tx.t('article.attachments'))}\n${lines.join('\n')}`;
}

/**
 * A long body as consecutive sections of at most 3000 characters each (escaped), at most `maxSections`;
 * `truncated` says whether text was left out.
 */
export function bodySections(
  body: string,
  maxSections: number,
): { blocks: KnownBlock[]; truncated: boolean } {
  const trimmed = body.trim();
  if (trimmed === '') return { blocks: [], truncated: false };
  // Escaping at most quintuples the length: cut the raw text first so huge bodies stay cheap.
  const raw = cap(trimmed, LIMITS.text * maxSections);
  const pieces = splitMarkup(escapeMrkdwn(raw), LIMITS.text);
  const shown = pieces.slice(0, maxSections);
  return {
    blocks: shown.map((piece) => section(piece)),
    truncated: raw !== trimmed || pieces.length > shown.length,
  };
}

/** How much of an excerpt's list of attachments is shown. */
const EXCERPT_ATTACHMENT_CHARS = 1500;

/** An article in a few blocks: byline, subject, body excerpt (quoted), attachments. */
export function articleExcerptBlocks(
  tx: Texts,
  article: ArticleData,
  options: { timeZone: string; maxChars: number },
): KnownBlock[] {
  const subject = article.subject?.trim() ? `${bold(cap(article.subject.trim(), 200))}\n` : '';
  const body = article.body.trim() === '' ? '' : quote(cap(article.body.trim(), options.maxChars));
  const blocks: KnownBlock[] = [context([articleByline(tx, article, options.timeZone)])];
  if (subject !== '' || body !== '') blocks.push(section(`${subject}${body}`));
  const files = attachmentList(tx, article);
  if (files) blocks.push(context([capMarkup(files, EXCERPT_ATTACHMENT_CHARS)]));
  return blocks;
}
