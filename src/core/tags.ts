/** Tags on tickets: free text from operators, kept in one normal form so that "Rete " and "rete" are one tag. */

/** The longest tag kept. */
export const TAG_MAX_CHARS = 40;
/** The most tags one ticket carries. */
export const MAX_TICKET_TAGS = 20;

/**
 * The normal form of a tag: lower case, words joined by "-", only letters, digits, "-", "_" and "."; cut to
 * TAG_MAX_CHARS. Null when nothing is left.
 */
export function normalizeTag(text: string): string | null {
  const tag = text
    .normalize('NFC')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}_.-]/gu, '')
    .replace(/-{2,}/g, '-')
    .slice(0, TAG_MAX_CHARS)
    .replace(/^[-.]+|[-.]+$/g, '');
  return tag === '' ? null : tag;
}

/** The distinct tags of a list typed by a person (comma or newline separated), normalised. */
export function tagsIn(text: string): string[] {
  const tags = text.split(/[,\n;]/).flatMap((part) => normalizeTag(part) ?? []);
  return [...new Set(tags)];
}
