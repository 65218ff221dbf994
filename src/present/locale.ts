import type { Locale } from '../views/model.js';

/** A stored language ('it', 'en', or a Slack locale like 'it-IT'), or the desk's default. */
export function localeOf(language: string | null | undefined, fallback: Locale): Locale {
  const prefix = language?.slice(0, 2).toLowerCase();
  return prefix === 'it' || prefix === 'en' ? prefix : fallback;
}
