/**
 * Collapsing whitespace in text from outside, in one pass. `text.replace(/\s+/g, ' ')` is linear too, but costs
 * about half a microsecond per run it replaces: a megabyte of one-character lines held the event loop a
 * quarter of a second; this loop takes a few milliseconds, and stops once it has `max` characters.
 */

/** Whether a UTF-16 unit is whitespace as JavaScript's `\s` and `trim()` see it. */
export function isWhitespace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * The text with each run of blanks as one space, none at either end, cut to `max` characters: what
 * `text.replace(/\s+/g, ' ').trim().slice(0, max)` gives when `isBlank` is `\s`. Reads no further than it
 * needs to.
 */
export function collapseBlanks(
  text: string,
  max = Number.POSITIVE_INFINITY,
  isBlank: (code: number) => boolean = isWhitespace,
): string {
  let out = '';
  let wordStart = -1;
  for (let i = 0; i <= text.length && out.length < max; i++) {
    const blank = i === text.length || isBlank(text.charCodeAt(i));
    if (blank && wordStart !== -1) {
      out += (out === '' ? '' : ' ') + text.slice(wordStart, i);
      wordStart = -1;
    } else if (!blank && wordStart === -1) {
      wordStart = i;
    }
  }
  return out.length > max ? out.slice(0, max) : out;
}
