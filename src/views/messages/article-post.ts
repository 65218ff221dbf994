import type { Locale } from '../../i18n/index.js';
import { articleByline, attachmentList, bodySections } from '../article-blocks.js';
import { context, section } from '../blocks.js';
import { texts } from '../locale.js';
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
}

/** An article mirrored into a ticket's thread: who, internal or visible, the body, the attachments. */
export function buildArticlePost(input: ArticlePostInput): SlackMessage {
  const tx = texts(input.locale);
  const { article } = input;
  const blocks: KnownBlock[] = [context([articleByline(tx, article)])];
  const subject = article.subject?.trim();
  if (subject) blocks.push(section(bold(cap(subject, 300))));
  const body = bodySections(article.body, POST_BODY_SECTIONS);
  blocks.push(...body.blocks);
  if (body.truncated) blocks.push(context([escapeMrkdwn(tx.t('article.truncated'))]));
  const attachments = attachmentList(tx, article);
  if (attachments) blocks.push(section(capMarkup(attachments, ATTACHMENTS_CHARS)));
  const firstLine = article.body.trim().split(/\r?\n/, 1)[0] ?? '';
  const text = capMarkup(
    `${articleByline(tx, article)}${firstLine ? `: ${escapeMrkdwn(cap(firstLine, 200))}` : ''}`,
    1000,
  );
  return { text, blocks };
}
