/**
 * The words of a Slack message, lower case: mentions, links, channel names, emoji codes, Unicode emoji and
 * punctuation are not words.
 */
export function wordsOf(text: string): string[] {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/:[a-z0-9_+'-]+:/gi, ' ')
    .toLocaleLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .filter((word) => word !== '');
}

/** The configured closing phrases as word lists, so "Grazie mille!" matches "grazie mille". */
export function pleasantryPhrases(phrases: readonly string[]): string[][] {
  return phrases.map(wordsOf).filter((words) => words.length > 0);
}

function startsWith(words: readonly string[], at: number, phrase: readonly string[]): boolean {
  return phrase.every((word, i) => words[at + i] === word);
}

/**
 * A message that asks nothing: only emoji and punctuation, or only closing phrases one after another
 * ("ok grazie", "thanks a lot 🙏"). Such a message in a request channel or the app's DM opens no ticket.
 */
export function isPleasantry(text: string, phrases: readonly string[][]): boolean {
  const words = wordsOf(text);
  // reachable[i]: the first i words are closing phrases one after another.
  const reachable = words.map(() => false).concat(false);
  reachable[0] = true;
  for (let at = 0; at < words.length; at++) {
    if (!reachable[at]) continue;
    for (const phrase of phrases) {
      if (startsWith(words, at, phrase)) reachable[at + phrase.length] = true;
    }
  }
  return reachable[words.length] === true;
}
