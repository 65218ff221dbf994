import type { TicketState } from '../core/model.js';
import { PRIORITIES, type Priority } from '../core/model.js';
import {
  catalogue,
  isMessageKey,
  type Locale,
  type MessageKey,
  PLACEHOLDER,
  type Translator,
  translator,
} from '../i18n/index.js';
import { escapeMrkdwn } from './text.js';

/** Markup the views composed (a mention, a bold piece): inserted into a template as it is. */
export interface Markup {
  readonly markup: string;
}

export function markup(text: string): Markup {
  return { markup: text };
}

export type RenderParams = Record<string, string | number | Markup>;

/** The words of one locale, as the builders use them. */
export interface Texts {
  locale: Locale;
  /** Plain words (to be escaped by `plain()`/`mrkdwn()` where they go). */
  t: Translator;
  /**
   * Safe mrkdwn from a template: the template's own words and every string parameter are escaped,
   * `Markup` parameters go in as they are.
   */
  md(key: MessageKey, params?: RenderParams): string;
  /** A key built at run time (e.g. `history.event.${name}`), or undefined when the catalogue lacks it. */
  optional(key: string, params?: Record<string, string | number>): string | undefined;
  state(state: TicketState): string;
  priority(priority: number): string;
}

function isPriority(value: number): value is Priority {
  return (PRIORITIES as readonly number[]).includes(value);
}

export function texts(locale: Locale): Texts {
  const t = translator(locale);
  const messages = catalogue(locale);
  return {
    locale,
    t,
    md(key, params) {
      const template = messages[key];
      let out = '';
      let last = 0;
      for (const match of template.matchAll(PLACEHOLDER)) {
        const index = match.index ?? 0;
        out += escapeMrkdwn(template.slice(last, index));
        const value = params?.[match[1] ?? ''];
        if (value === undefined) out += escapeMrkdwn(match[0]);
        else if (typeof value === 'object') out += value.markup;
        else out += escapeMrkdwn(String(value));
        last = index + match[0].length;
      }
      return out + escapeMrkdwn(template.slice(last));
    },
    optional(key, params) {
      return isMessageKey(key) ? t(key, params) : undefined;
    },
    state: (state) => t(`state.${state}`),
    priority: (priority) => (isPriority(priority) ? t(`priority.${priority}`) : String(priority)),
  };
}
