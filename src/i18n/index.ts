import { type Catalogue, en, type MessageKey } from './en.js';
import { it } from './it.js';

export type { Catalogue, MessageKey } from './en.js';

export const LOCALES = ['it', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export type MessageParams = Record<string, string | number>;
export type Translator = (key: MessageKey, params?: MessageParams) => string;

const CATALOGUES: Record<Locale, Catalogue> = { en, it };

/** `{name}` placeholders; names are letters, digits and underscores. */
export const PLACEHOLDER = /\{(\w+)\}/g;

/** The catalogue of a locale, for callers that render templates themselves (e.g. escaping each piece). */
export function catalogue(locale: Locale): Catalogue {
  return CATALOGUES[locale];
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** The placeholder names a template uses, in order of appearance. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/**
 * Fills `{name}` placeholders in one pass (a value that itself contains `{x}` is not expanded again).
 * A placeholder with no value stays as it is, so a missing parameter shows instead of vanishing.
 */
export function interpolate(template: string, params?: MessageParams): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params?.[name];
    return value === undefined ? whole : String(value);
  });
}

export function translator(locale: Locale): Translator {
  const messages = CATALOGUES[locale];
  return (key, params) => interpolate(messages[key], params);
}

/** A stored language ('it', 'en') or a Slack locale ('it-IT', 'en-GB', …) as ours; anything else gets the fallback. */
export function localeOf(language: string | null | undefined, fallback: Locale): Locale {
  const primary = language?.trim().toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((locale) => locale === primary) ?? fallback;
}
