import type { Locale } from '../../i18n/index.js';
import { section } from '../blocks.js';
import { texts } from '../locale.js';
import type { SlackMessage } from '../slack.js';
import { escapeMrkdwn } from '../text.js';

export interface GivenUpInput {
  locale: Locale;
  /** What could not be delivered, e.g. `customer.notify (email)`. */
  what: string;
  number: string;
  attempts: number;
  error: string;
}

/** Tells the admin channel that a notification or card update was given up, and why. */
export function buildDeliveryGivenUp(input: GivenUpInput): SlackMessage {
  const { t } = texts(input.locale);
  const text = escapeMrkdwn(
    t('admin.delivery_given_up', {
      what: input.what,
      number: input.number,
      attempts: input.attempts,
      error: input.error.slice(0, 500),
    }),
  );
  return { text, blocks: [section(text)] };
}
