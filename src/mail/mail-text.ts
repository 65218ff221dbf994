/**
 * The text transformations mail in applies to what a sender wrote: every one runs in time linear in its
 * input. A backtracking regex (`/[ \t]+$/gm`, `/<[^>]*>/g`) on a long run it cannot complete is quadratic:
 * one mail of `a` + 60,000 spaces + `b` once blocked the whole desk for 10 s. Regexes remain only where each
 * match is bounded or cannot fail after a long scan.
 */

import { collapseBlanks, isWhitespace } from '../core/model.js';

const MAX_HEADER_TEXT = 998;

/** A control character (Unicode Cc: C0, DEL, C1) or whitespace. */
const isControlOrWhitespace = (code: number) =>
  code < 0x20 || (code >= 0x7f && code <= 0x9f) || isWhitespace(code);

/**
 * Control characters (CR, LF, NUL…) never belong in a one-line header value: each run of them, and of
 * whitespace, becomes one space.
 */
export function oneLine(text: string, max = MAX_HEADER_TEXT): string {
  return collapseBlanks(text, max, isControlOrWhitespace);
}

const isLineEnd = (char: string) => char === '\n' || char === '\u2028' || char === '\u2029';

/** The text without the spaces and tabs at the end of each of its lines. */
function trimLineEnds(text: string): string {
  let out = '';
  let kept = 0;
  let blankFrom = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === ' ' || char === '\t') {
      if (blankFrom === -1) blankFrom = i;
    } else {
      if (blankFrom !== -1 && isLineEnd(char)) {
        out += text.slice(kept, blankFrom);
        kept = i;
      }
      blankFrom = -1;
    }
  }
  return out + text.slice(kept, blankFrom === -1 ? text.length : blankFrom);
}

/** A body as text: line ends as `\n`, no NULs or other control characters but tab and newline. */
export function cleanBody(text: string): string {
  const lines = trimLineEnds(
    text
      .replace(/\r\n?/g, '\n')
      .replace(/[^\P{Cc}\n\t]/gu, '')
      .replaceAll('\u00a0', ' '),
  );
  let start = 0;
  while (lines.charAt(start) === '\n') start++;
  return lines.slice(start).trimEnd();
}

/** `<script>…</script>` and `<style>…</style>` blocks, any case, and the regexes that find where they end. */
const HIDDEN_BLOCK = /<(script|style)/gi;
const BLOCK_END: Record<string, RegExp> = { script: /<\/script>/gi, style: /<\/style>/gi };

/**
 * The HTML without its script and style blocks. A block whose end is missing stays (its tags go later).
 * Once an end is not found after some point, it is not looked for again: that is what keeps this linear.
 */
function withoutHiddenBlocks(html: string): string {
  const unclosed = new Set<string>();
  let out = '';
  let kept = 0;
  HIDDEN_BLOCK.lastIndex = 0;
  for (let open = HIDDEN_BLOCK.exec(html); open; open = HIDDEN_BLOCK.exec(html)) {
    const name = (open[1] ?? '').toLowerCase();
    const end = BLOCK_END[name];
    if (!end || unclosed.has(name)) continue;
    end.lastIndex = HIDDEN_BLOCK.lastIndex;
    if (!end.exec(html)) {
      unclosed.add(name);
      continue;
    }
    out += html.slice(kept, open.index);
    kept = end.lastIndex;
    HIDDEN_BLOCK.lastIndex = end.lastIndex;
  }
  return out + html.slice(kept);
}

/** The text without its `<…>` tags; a `<` with no `>` after it stays, as does everything after it. */
function withoutTags(html: string): string {
  let out = '';
  let kept = 0;
  for (let open = html.indexOf('<'); open !== -1; open = html.indexOf('<', kept)) {
    const close = html.indexOf('>', open + 1);
    if (close === -1) break;
    out += html.slice(kept, open);
    kept = close + 1;
  }
  return out + html.slice(kept);
}

/** A last resort for HTML the converter did not take: tags out, common entities decoded. */
export function stripTags(html: string): string {
  // Each `\s*` here is followed by a character it cannot take, and a run of blanks holds no `<br`: linear.
  const lineBreaks = withoutHiddenBlocks(html).replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n');
  return withoutTags(lineBreaks)
    .replaceAll('&nbsp;', ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .replace(/\n{3,}/g, '\n\n');
}

/** A raw header line (`Name: value`, maybe folded) as its value on one line. */
export function unfoldHeader(line: string): string {
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/**
 * The `<…>` ids in a header value, in order, unique. Each id is at most 500 characters, so a match never
 * scans further than that.
 */
export function messageIds(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const ids = [...text.matchAll(/<[^<>\s]{1,500}>/g)].map((m) => m[0]);
  // mailparser may hand back ids without their brackets.
  if (ids.length === 0) {
    for (const bare of text.split(/\s+/)) if (/^[^<>\s@]+@[^<>\s@]+$/.test(bare)) ids.push(`<${bare}>`);
  }
  return [...new Set(ids)];
}

/** The first line of the text that is not blank, or ''; without splitting the whole text into lines. */
export function firstLineWithText(text: string): string {
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    if (line.trim() !== '') return line;
    start = end + 1;
  }
  return '';
}

/** One reply or forward prefix ("Re:", "R:", "Fwd:", "I:", "AW: ", "Re[2]:"…) where the match starts. */
const REPLY_PREFIX = /\s*(?:re|r|fw|fwd|i|inoltro|aw|wg|tr|rif|sv|vs)\s*(?:\[\d+\]\s*)?:\s*/iy;

/** The subject without the reply and forward prefixes it starts with ("Re: Fwd: Re[2]: …"). */
export function withoutReplyPrefixes(subject: string): string {
  let start = 0;
  REPLY_PREFIX.lastIndex = 0;
  while (REPLY_PREFIX.test(subject) && REPLY_PREFIX.lastIndex > start) start = REPLY_PREFIX.lastIndex;
  return subject.slice(start);
}
