import type { FollowUpOption } from '../../core/model.js';
import { collapseBlanks, isClosed, isWhitespace, type TicketState } from '../../core/model.js';
import { type Locale, type MessageKey, type MessageParams, translator } from '../../i18n/index.js';
import type { CustomerNoticeEvent } from '../messages/customer-notice.js';

export interface CustomerEmailInput {
  locale: Locale;
  event: CustomerNoticeEvent;
  ticketNumber: string;
  title: string;
  /** The first-level queue the customer wrote to (never a sub-queue). */
  queueName: string;
  /** The operator who claimed or replied. */
  ownerName?: string | null | undefined;
  /** A customer-visible text to pass on in full: the reply, the question, the closing message. */
  body?: string | null | undefined;
  /** For `closed`: the ticket's state (a closed state gives the outcome). */
  closedState?: TicketState | null | undefined;
  /** Who signs the mail, e.g. "Sportello". */
  deskName: string;
  /** What a reply to a closed ticket does in its queue, to tell the customer how to go on. */
  followUp?: { option: FollowUpOption; reopenWindowDays?: number | null | undefined } | undefined;
  /** For `closed`: the one-click rating link for each rating 1–5; absent, the mail does not ask. */
  rateUrl?: ((rating: number) => string) | undefined;
}

export interface CustomerEmail {
  subject: string;
  text: string;
  html: string;
}

/** One piece of the mail, rendered both as plain text and as HTML. */
type Part =
  | { kind: 'paragraph'; lines: string[] }
  /** User text shown whole, with its line breaks. */
  | { kind: 'quote'; text: string }
  | { kind: 'footer'; text: string }
  /** A line of links, e.g. the ratings: each label is a link in HTML, `label: url` in plain text. */
  | { kind: 'links'; intro: string; links: { label: string; url: string }[] };

/** C0 controls, DEL, and the Unicode line and paragraph separators. */
function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f || code === 0x85 || code === 0x2028 || code === 0x2029;
}

/**
 * The text without its control characters but tab and newline: one pass over the text, not an array of a
 * million one-character strings for a megabyte of it.
 */
function withoutControls(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code) && code !== 0x09 && code !== 0x0a) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

/** Header-safe single line: CR, LF and other control characters become spaces (no header injection). */
export function oneLine(text: string): string {
  return collapseBlanks(text, Number.POSITIVE_INFINITY, (code) => isControl(code) || isWhitespace(code));
}

/** Multi-line user text: newlines normalised, other control characters (but tabs) removed. */
function multiLine(text: string): string {
  return withoutControls(text.replace(/\r\n?/g, '\n')).trim();
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside HTML elements and quoted attributes; one pass over it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/**
 * The notices the desk sends on its own when mail comes in (received, reopened, rejected) answer whoever
 * wrote, maybe with a forged From: they never repeat the mail's subject, so the desk's own address cannot
 * be made to carry someone else's words (reflected phishing).
 */
function answersMailTakenIn(
  event: CustomerEmailInput['event'],
): event is 'received' | 'reopened' | 'follow_up_rejected' {
  return event === 'received' || event === 'reopened' || event === 'follow_up_rejected';
}

/** The subject every mail of a ticket carries, so a reply finds its ticket: `[Ticket#<number>] <title>`. */
export function customerEmailSubject(ticketNumber: string, title: string): string {
  return `[Ticket#${ticketNumber}] ${oneLine(title)}`;
}

/**
 * The mail that tells a customer about a step of their request, in their language: the same headlines as the
 * Slack DMs, the operator's text in full, how to answer by email, and the subject that keeps the thread.
 */
export function buildCustomerEmail(input: CustomerEmailInput): CustomerEmail {
  const t = translator(input.locale);
  const { event } = input;
  const subject = customerEmailSubject(
    input.ticketNumber,
    answersMailTakenIn(event) ? t(`email.subject.${event}`) : input.title,
  );
  const params: MessageParams = { number: input.ticketNumber, title: oneLine(input.title) };
  const owner = input.ownerName ? oneLine(input.ownerName) : '';
  const queue = oneLine(input.queueName);
  const line = (key: MessageKey, extra: MessageParams = {}) => t(key, { ...params, ...extra });

  const parts: Part[] = [{ kind: 'paragraph', lines: [t('email.greeting')] }];
  const say = (...lines: string[]) => parts.push({ kind: 'paragraph', lines });
  switch (input.event) {
    case 'received':
      say(`${line('customer.receipt.title')}.`, line('email.received.number'));
      say(t('email.received.next', { queue }));
      break;
    case 'claimed':
      say(owner ? line('customer.claimed', { owner }) : line('customer.claimedNoOwner'));
      break;
    case 'replied':
      say(owner ? line('customer.replied', { owner }) : line('customer.repliedNoOwner'));
      break;
    case 'pending':
      say(line('customer.pending'));
      break;
    case 'closed': {
      const state =
        input.closedState && isClosed(input.closedState) ? input.closedState : 'closed_successful';
      say(line('customer.closed', { outcome: t(`customer.outcome.${state}`) }));
      break;
    }
    case 'reopened':
      say(line('email.reopened'));
      break;
    case 'follow_up_rejected':
      say(line('email.followUpRejected'));
      break;
  }
  const body = input.body ? multiLine(input.body) : '';
  if (body !== '') parts.push({ kind: 'quote', text: body });
  if (input.event === 'closed') say(...closedHints(input, t));
  else if (input.event !== 'follow_up_rejected') say(t('email.replyHint'));
  if (input.event === 'closed' && input.rateUrl) {
    const { rateUrl } = input;
    parts.push({
      kind: 'links',
      intro: t('email.rate'),
      links: [5, 4, 3, 2, 1].map((rating) => ({
        label: `${'★'.repeat(rating)} ${t('email.rateOption', { rating })}`,
        url: rateUrl(rating),
      })),
    });
  }
  say(t('email.signoff'), queue, oneLine(input.deskName));
  parts.push({ kind: 'footer', text: line('email.keepSubject') });

  return { subject, text: renderText(parts), html: renderHtml(parts, subject, input.locale) };
}

function closedHints(input: CustomerEmailInput, t: ReturnType<typeof translator>): string[] {
  const followUp = input.followUp;
  const days = followUp?.reopenWindowDays;
  const hint =
    followUp?.option === 'reject'
      ? t('email.closedHint.reject')
      : followUp?.option === 'new_ticket'
        ? t('email.closedHint.new_ticket')
        : days
          ? t('email.closedHint.reopenWithin', { days })
          : t('email.closedHint.reopen');
  return [hint, t('email.newRequest')];
}

function partText(part: Part): string {
  switch (part.kind) {
    case 'paragraph':
      return part.lines.join('\n');
    case 'quote':
      return part.text;
    case 'footer':
      return `-- \n${part.text}`;
    case 'links':
      return [part.intro, ...part.links.map((link) => `${link.label}: ${link.url}`)].join('\n');
  }
}

function renderText(parts: Part[]): string {
  return `${parts.map(partText).join('\n\n')}\n`;
}

/** Escaped text whose line breaks show in every mail client (some ignore `white-space`). */
function htmlLines(text: string): string {
  return text.split('\n').map(escapeHtml).join('<br>\n');
}

const BODY_STYLE =
  'margin:0;padding:16px;font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1d1c1d';
const QUOTE_STYLE = 'margin:16px 0;padding:8px 16px;border-left:4px solid #d0d7de;white-space:pre-wrap';
const LINK_STYLE = 'color:#1d4e89;text-decoration:none;font-size:17px;line-height:1.8';
const FOOTER_STYLE = 'margin-top:24px;font-size:13px;color:#616061';

function partHtml(part: Part): string {
  switch (part.kind) {
    case 'paragraph':
      return `<p>${part.lines.map(escapeHtml).join('<br>\n')}</p>`;
    case 'quote':
      // <br> keeps the lines in every client; pre-wrap keeps runs of spaces where it is understood.
      return `<div style="${QUOTE_STYLE}">${part.text.split('\n').map(escapeHtml).join('<br>')}</div>`;
    case 'footer':
      return `<p style="${FOOTER_STYLE}">${htmlLines(part.text)}</p>`;
    case 'links': {
      const links = part.links.map(
        (link) => `<a href="${escapeHtml(link.url)}" style="${LINK_STYLE}">${escapeHtml(link.label)}</a>`,
      );
      return `<p>${escapeHtml(part.intro)}<br>\n${links.join('<br>\n')}</p>`;
    }
  }
}

function renderHtml(parts: Part[], subject: string, locale: Locale): string {
  const blocks = parts.map(partHtml);
  return [
    '<!doctype html>',
    `<html lang="${locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    `<body style="${BODY_STYLE}">`,
    ...blocks,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
