/** The domain's vocabulary as the outer layers may name it (the core's front door, with help-desk and errors). */
export type { MailAuthVerdict } from '../db/schema.js';
export type { InboundMail, InboundResult, MailInPolicy } from './mail-in/inbound-mail.js';
export type { RefusedMail } from './mail-in/take-mail.js';
export { isOwnMessageId, noticeMessageId } from './message-ids.js';
export { type AttachmentInput, MAX_ARTICLE_BODY } from './tickets/article-store.js';
export { MAX_TITLE_LENGTH } from './tickets/open-ticket.js';
export { collapseBlanks, isWhitespace } from './whitespace.js';
export type { SlackPostRow } from './slack-posts.js';
