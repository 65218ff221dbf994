import type { Locale } from '../../i18n/index.js';
import { header, section } from '../blocks.js';
import { texts } from '../locale.js';
import type { SlackMessage } from '../slack.js';
import { escapeMrkdwn } from '../text.js';

const COMMAND_LINES = [
  'help.new',
  'help.subject',
  'help.number',
  'help.mine',
  'help.search',
  'help.help',
] as const;

/** `/ticket help`: what the command can do. */
export function buildHelp(input: { locale: Locale }): SlackMessage {
  const tx = texts(input.locale);
  const lines = COMMAND_LINES.map((key) => `• ${tx.md(key)}`).join('\n');
  return {
    text: escapeMrkdwn(tx.t('help.title')),
    blocks: [header(tx.t('help.title')), section(escapeMrkdwn(tx.t('help.intro'))), section(lines)],
  };
}
