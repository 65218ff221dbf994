import { LIMITS } from './limits.js';
import type { PersonRef } from './model.js';
import type { MrkdwnElement, PlainTextElement } from './slack.js';

export const ELLIPSIS = '…';
/** What an empty text object shows instead: Slack refuses empty texts. */
export const EMPTY_TEXT = '-';

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

const MRKDWN_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes the three characters Slack reads as markup, so user text can never ping (`<!channel>`,
 * `<!here>`, `<@U…>`) or link (`<http://x|y>`): it renders literally. One pass over the text.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (char) => MRKDWN_ENTITIES[char] ?? char);
}

/**
 * `escapeMrkdwn(text)` as far as a cap at `max` can keep it: escaping never shortens text, so escaping more
 * than `max + 1` characters (one more, so the cap still sees that something was cut) is work thrown away.
 */
function escapedForCap(text: string, max: number): string {
  return escapeMrkdwn(text.length > max + 1 ? text.slice(0, max + 1) : text);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Moves `end` back so that `text.slice(0, end)` does not split a surrogate pair. */
function codePointEnd(text: string, end: number): number {
  return end > 0 && isHighSurrogate(text.charCodeAt(end - 1)) ? end - 1 : end;
}

function withEllipsis(head: string): string {
  return `${head.trimEnd()}${ELLIPSIS}`;
}

/**
 * Cuts raw text to at most `max` UTF-16 units (Slack counts at least that finely), on a code point
 * boundary, ending with '…' when something was cut.
 */
export function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  return withEllipsis(text.slice(0, codePointEnd(text, max - ELLIPSIS.length)));
}

/**
 * Cuts text that is already Slack markup (escaped user text, mentions we wrote) to at most `max`
 * units: never inside an entity (`&amp;`, `&lt;`, `&gt;`) or a `<…>` token, nor a surrogate pair.
 */
export function capMarkup(markup: string, max: number): string {
  if (markup.length <= max) return markup;
  if (max < 1) return '';
  let end = codePointEnd(markup, max - ELLIPSIS.length);
  const amp = markup.lastIndexOf('&', end - 1);
  if (amp !== -1) {
    const semicolon = markup.indexOf(';', amp);
    if (semicolon === -1 || semicolon >= end) end = amp;
  }
  const open = markup.lastIndexOf('<', end - 1);
  if (open !== -1 && markup.lastIndexOf('>', end - 1) < open) end = open;
  return withEllipsis(markup.slice(0, end));
}

function nonEmpty(text: string): string {
  return text.trim() === '' ? EMPTY_TEXT : text;
}

/** A plain_text object from user or catalogue text: escaped, then capped (never cutting an entity). */
export function plain(text: string, max: number = LIMITS.text): PlainTextElement {
  return { type: 'plain_text', text: capMarkup(escapedForCap(nonEmpty(text), max), max), emoji: true };
}

/** A mrkdwn object from raw text: escaped, then capped. `verbatim` keeps Slack from auto-parsing names. */
export function mrkdwn(text: string, max: number = LIMITS.text): MrkdwnElement {
  return { type: 'mrkdwn', text: capMarkup(escapedForCap(nonEmpty(text), max), max), verbatim: true };
}

/** A mrkdwn object from markup the views composed themselves (already escaped where it came from users). */
export function safeMrkdwn(markup: string, max: number = LIMITS.text): MrkdwnElement {
  return { type: 'mrkdwn', text: capMarkup(nonEmpty(markup), max), verbatim: true };
}

/** Raw text as a Slack block quote: escaped, every line prefixed with `>`. */
export function quote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => (line === '' ? '>' : `> ${escapeMrkdwn(line)}`))
    .join('\n');
}

/** `*text*` for raw text (escaped). */
export function bold(text: string): string {
  const escaped = escapeMrkdwn(text.trim());
  return escaped === '' ? '' : `*${escaped}*`;
}

export function isSlackUserId(id: string | null | undefined): id is string {
  return typeof id === 'string' && SLACK_USER_ID.test(id);
}

/** A person as plain words: name, else email. */
export function personName(person: PersonRef): string {
  const name = person.name.trim();
  if (name !== '') return name;
  const email = person.email?.trim() ?? '';
  return email !== '' ? email : '?';
}

/** A person as mrkdwn: a mention for a valid Slack user id, else the escaped name or email. */
export function personLabel(person: PersonRef): string {
  if (isSlackUserId(person.slackUserId)) return `<@${person.slackUserId}>`;
  return escapeMrkdwn(cap(personName(person), 200));
}

/**
 * Splits markup into pieces of at most `max` units, preferring a line break, then a space, near the end
 * of each piece; never inside an entity, a `<…>` token or a surrogate pair. Blank pieces are dropped.
 */
export function splitMarkup(markup: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = markup;
  while (rest.length > max) {
    let end = codePointEnd(rest, max);
    const amp = rest.lastIndexOf('&', end - 1);
    if (amp !== -1) {
      const semicolon = rest.indexOf(';', amp);
      if (semicolon === -1 || semicolon >= end) end = amp;
    }
    const open = rest.lastIndexOf('<', end - 1);
    if (open !== -1 && rest.lastIndexOf('>', end - 1) < open) end = open;
    const window = rest.slice(0, end);
    const newline = window.lastIndexOf('\n');
    const space = window.lastIndexOf(' ');
    const soft = newline > end * 0.7 ? newline : space > end * 0.8 ? space : -1;
    if (soft > 0) end = soft + 1;
    if (end < 1) end = codePointEnd(rest, max) || 1;
    pieces.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  pieces.push(rest);
  return pieces.filter((piece) => piece.trim() !== '');
}
