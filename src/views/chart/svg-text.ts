/** Text inside an SVG document: made safe for XML, and measured well enough to lay it out. */

const REPLACEMENT_CHARACTER = '\uFFFD';
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Whether XML 1.0 allows the code point at all (control characters and U+FFFE/U+FFFF it does not). */
function allowedInXml(codePoint: number): boolean {
  if (codePoint < 0x20) return codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d;
  return codePoint !== 0xfffe && codePoint !== 0xffff;
}

/**
 * `text` for an SVG element's content or attribute: markup escaped, characters XML forbids dropped and lone
 * surrogates replaced, so a queue's name can never make the document unreadable.
 */
export function svgText(text: string): string {
  let safe = '';
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) safe += REPLACEMENT_CHARACTER;
    else if (allowedInXml(codePoint)) safe += ENTITIES[character] ?? character;
  }
  return safe;
}

/**
 * A width that DejaVu Sans text of `fontSize` pixels does not exceed in practice: its digits advance 0.64 em,
 * lower-case letters about 0.6 and the bold about 0.05 more. Only wide capitals (W, M) go past it, so laying
 * out by this estimate leaves room without measuring glyphs.
 */
export function estimatedTextWidth(text: string, fontSize: number, bold = false): number {
  return [...text].length * fontSize * (bold ? 0.68 : 0.62);
}

/** `text` cut short with an ellipsis when its estimated width would not fit `room`. */
export function fitText(text: string, room: number, fontSize: number, bold = false): string {
  const characters = [...text];
  if (estimatedTextWidth(text, fontSize, bold) <= room) return text;
  const fitting = Math.floor(room / estimatedTextWidth('x', fontSize, bold));
  const kept = characters
    .slice(0, Math.max(0, fitting - 1))
    .join('')
    .trimEnd();
  return `${kept}…`;
}
