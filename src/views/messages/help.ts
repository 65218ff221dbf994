import type { Locale } from '../../i18n/index.js';
import { context, header, section } from '../blocks.js';
import { texts } from '../locale.js';
import type { KnownBlock, SlackMessage } from '../slack.js';
import { escapeMrkdwn } from '../text.js';

const COMMAND_LINES = [
  'help.new',
  'help.subject',
  'help.number',
  'help.mine',
  'help.search',
  'help.help',
] as const;

/** What only operators can ask for. */
const OPERATOR_LINES = ['help.stats', 'help.export', 'help.responses', 'help.away'] as const;

/** `/ticket help`: what the command can do (and, for operators, their figures and exports). */
export function buildHelp(input: { locale: Locale; operator?: boolean }): SlackMessage {
  const tx = texts(input.locale);
  const lines = COMMAND_LINES.map((key) => `• ${tx.md(key)}`).join('\n');
  const blocks: KnownBlock[] = [
    header(tx.t('help.title')),
    section(escapeMrkdwn(tx.t('help.intro'))),
    section(lines),
  ];
  if (input.operator) {
    blocks.push(
      section(OPERATOR_LINES.map((key) => `• ${tx.md(key)}`).join('\n')),
      context([escapeMrkdwn(tx.t('help.period'))]),
    );
  }
  return { text: escapeMrkdwn(tx.t('help.title')), blocks };
}
