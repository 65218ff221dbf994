import type { KnownBlock } from './slack.js';

/**
 * Slack documents 50 blocks and 3000 characters per text, but refuses messages whose blocks hold much more
 * than ~12,000 characters in all (`msg_blocks_too_long`, bolt-js issue #2509). Messages stay below this.
 */
export const MESSAGE_TEXT_BUDGET = 11_000;

/** The characters of every text in some blocks (what Slack counts towards msg_blocks_too_long). */
export function textLength(blocks: readonly KnownBlock[]): number {
  let total = 0;
  JSON.stringify(blocks, (key, value: unknown) => {
    if (key === 'text' && typeof value === 'string') total += value.length;
    return value;
  });
  return total;
}
