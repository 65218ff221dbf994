/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The text with every lone surrogate replaced by U+FFFD, as `String.prototype.toWellFormed` does. A lone
 * surrogate (it can come in as a JSON `\ud800` escape) has no UTF-8 form: SQLite would store bytes that are
 * not UTF-8 and give each of them back as a U+FFFD of its own.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
