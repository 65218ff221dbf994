import type { SlackFile } from './message-article.js';

/** Long enough to say what the request is about, short enough for a card's title line. */
const TITLE_CHARS = 80;

/** Slack's markup as a person reads it: `<url|label>` → label, `<@U1>` → @U1, `<#C1|name>` → #name. */
function readable(text: string): string {
  return text.replace(/<([^>|]*)(?:\|([^>]*))?>/g, (_all, target: string, label?: string) => {
    if (label) return target.startsWith('#') ? `#${label}` : label;
    return target.startsWith('@') || target.startsWith('#') ? target : target.replace(/^!/, '@');
  });
}

/**
 * The subject of a ticket opened from a message: its first line, cut at a word near 80 characters; a message
 * of files only is named after them.
 */
export function requestTitle(text: string, files: readonly SlackFile[]): string {
  const firstLine =
    readable(text)
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .find((line) => line !== '') ?? '';
  const line = firstLine || files.map((f) => f.name ?? 'file').join(', ');
  if (line.length <= TITLE_CHARS) return line;
  const cut = line.slice(0, TITLE_CHARS);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > TITLE_CHARS / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
