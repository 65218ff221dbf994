import type { Locale } from '../../i18n/index.js';
import { section } from '../blocks.js';
import { texts } from '../locale.js';
import type { SlackMessage } from '../slack.js';
import { formatDateTime } from '../time.js';

export interface AvailabilityInput {
  locale: Locale;
  timeZone: string;
  away: boolean;
  until: Date | null;
}

/** The answer to `/ticket away` and `/ticket back`: what automatic assignment does with them now. */
export function buildAvailabilityAnswer(input: AvailabilityInput): SlackMessage {
  const tx = texts(input.locale);
  const line = !input.away
    ? tx.md('away.back')
    : input.until === null
      ? tx.md('away.set')
      : tx.md('away.setUntil', { until: formatDateTime(input.until, input.timeZone, input.locale) });
  return { text: line, blocks: [section(line)] };
}
