import type { Locale } from '../../i18n/index.js';
import { section } from '../blocks.js';
import { texts } from '../locale.js';
import type { ArticleData } from '../model.js';
import type { SlackMessage } from '../slack.js';
import { cap, capMarkup, escapeMrkdwn } from '../text.js';

/** At most this many refused files are named. */
const LISTED = 20;

/**
 * Tells the sender which of their files the desk did not keep, and why; their message was recorded all
 * the same. Null when every file was kept.
 */
export function buildRefusedFiles(input: {
  locale: Locale;
  files: ArticleData['attachments'];
}): SlackMessage | null {
  const refused = input.files.filter((file) => file.refused !== null);
  if (refused.length === 0) return null;
  const tx = texts(input.locale);
  const lines = refused.slice(0, LISTED).map((file) =>
    tx.md('files.refusedLine', {
      name: cap(file.filename, 150),
      reason: tx.t(`attachment.refused.${file.refused ?? 'unreadable'}`),
    }),
  );
  const text = `${escapeMrkdwn(tx.t('files.refused'))}\n${lines.map((line) => `• ${line}`).join('\n')}`;
  return { text: escapeMrkdwn(tx.t('files.refused')), blocks: [section(capMarkup(text, 3000))] };
}
