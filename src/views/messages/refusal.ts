import { STATE_NAMES, type TicketState } from '../../core/states.js';
import { catalogue, isMessageKey, type Locale, type MessageKey, placeholders } from '../../i18n/index.js';
import { section } from '../blocks.js';
import { markup, type RenderParams, type Texts, texts } from '../locale.js';
import type { SlackMessage } from '../slack.js';
import { cap, capMarkup, escapeMrkdwn, personLabel } from '../text.js';

export interface RefusalInput {
  locale: Locale;
  /** A core error code (`HelpDeskError.code`). */
  code: string;
  /** The core's own message, shown when the catalogue has nothing better. */
  message: string;
  params?: Record<string, string | number> | undefined;
}

const STATE_BY_NAME = new Map<string, TicketState>(
  (Object.entries(STATE_NAMES) as [TicketState, string][]).map(([state, name]) => [name, state]),
);

/** Parameters the core fills in English (state names, "queue X", field names) in the user's words. */
function localParams(tx: Texts, input: RefusalInput): RenderParams {
  const raw = input.params ?? {};
  const params: RenderParams = {};
  for (const [name, value] of Object.entries(raw)) {
    params[name] = typeof value === 'string' ? cap(value, 300) : value;
  }
  for (const name of ['from', 'to', 'state']) {
    const state = STATE_BY_NAME.get(String(raw[name] ?? ''));
    if (state) params[name] = tx.state(state);
  }
  const where = /^queue (.+)$/s.exec(String(raw.where ?? ''));
  if (where?.[1]) params.where = tx.t('refusal.where.queue', { queue: cap(where[1], 300) });
  if (typeof raw.field === 'string') params.field = tx.optional(`refusal.field.${raw.field}`) ?? raw.field;
  if (typeof raw.ownerName === 'string') {
    const ownerSlackUserId = typeof raw.ownerSlackUserId === 'string' ? raw.ownerSlackUserId : null;
    params.owner = markup(personLabel({ name: raw.ownerName, slackUserId: ownerSlackUserId }));
  }
  params.message = cap(input.message, 1000);
  return params;
}

function refusalKey(input: RefusalInput): MessageKey | undefined {
  const what = input.params?.what;
  const specific = `refusal.${input.code}.${String(what ?? '')}`;
  if (what !== undefined && isMessageKey(specific)) return specific;
  const general = `refusal.${input.code}`;
  return isMessageKey(general) ? general : undefined;
}

/** A refusal as a message, plus the same words as plain text (for a form's `response_action: errors`). */
export interface Refusal extends SlackMessage {
  /**
   * The words as plain text, names instead of mentions, for places that show text literally (a form's
   * field error). `<` and `>` become look-alikes (‹ ›), so even a place that did read markup could not ping.
   */
  plain: string;
}

/** The same parameters for plain text: markup (a mention) becomes the person's name. */
function plainParams(
  params: RenderParams,
  raw: Record<string, string | number>,
): Record<string, string | number> {
  const result: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    result[name] = typeof value === 'object' ? String(raw.ownerName ?? '') : value;
  }
  return result;
}

/**
 * Why something was refused, in the user's language: the catalogue's message for the core's error code,
 * or the core's own message when the code is unknown or a parameter the message needs is missing.
 */
export function buildRefusal(input: RefusalInput): Refusal {
  const tx = texts(input.locale);
  const key = refusalKey(input);
  const params = localParams(tx, input);
  const usable =
    key !== undefined && placeholders(catalogue(input.locale)[key]).every((name) => name in params)
      ? key
      : null;
  const fallback = input.message || input.code;
  const text = capMarkup(usable ? tx.md(usable, params) : escapeMrkdwn(fallback), 2000);
  const words = usable ? tx.t(usable, plainParams(params, input.params ?? {})) : fallback;
  const plain = cap(words.replace(/</g, '‹').replace(/>/g, '›'), 2000);
  return { text, blocks: [section(text)], plain };
}
