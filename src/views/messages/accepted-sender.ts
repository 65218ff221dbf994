import type { Locale } from '../../i18n/index.js';
import { section } from '../blocks.js';
import { texts } from '../locale.js';
import type { SlackMessage } from '../slack.js';
import { cap } from '../text.js';

/** Tells the operator who pressed "Accept sender" what it did. */
export function buildAcceptedSender(input: {
  locale: Locale;
  email: string;
  ticketNumber: string;
  added: boolean;
}): SlackMessage {
  const tx = texts(input.locale);
  const text = tx.md(input.added ? 'acceptSender.done' : 'acceptSender.already', {
    email: cap(input.email, 300),
    number: input.ticketNumber,
  });
  return { text, blocks: [section(text)] };
}
