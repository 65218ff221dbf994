import type { Locale, Translator } from '../i18n/index.js';

const MINUTE = 60_000;

/** "25 min", "2 h", "3 days" (and the Italian forms): minutes under an hour, hours under two days. */
export function formatDuration(t: Translator, ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / MINUTE));
  if (minutes < 60) return t('duration.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return hours === 1 ? t('duration.hour') : t('duration.hours', { n: hours });
  const days = Math.floor(hours / 24);
  return days === 1 ? t('duration.day') : t('duration.days', { n: days });
}

/** "2 h ago" / "2 ore fa"; "just now" under a minute. */
export function ago(t: Translator, then: Date, now: Date): string {
  const ms = now.getTime() - then.getTime();
  if (Number.isNaN(ms)) return '-';
  if (ms < MINUTE) return t('time.justNow');
  return t('time.ago', { duration: formatDuration(t, ms) });
}

/** "due in 25 min" / "overdue by 2 h" (and the Italian forms). */
export function dueStatus(t: Translator, due: Date, now: Date): string {
  const ms = due.getTime() - now.getTime();
  if (Number.isNaN(ms)) return '-';
  return ms >= 0
    ? t('time.dueIn', { duration: formatDuration(t, ms) })
    : t('time.overdueBy', { duration: formatDuration(t, ms) });
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      // An unknown time zone: show UTC rather than fail the whole view.
      format = formatter('UTC');
    }
    formatters.set(timeZone, format);
  }
  return format;
}

export interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

/** The date and time a clock on the wall in `timeZone` shows at `date`, as zero-padded digits. */
export function wallClock(date: Date, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(date)) parts[part.type] = part.value;
  const { year = '', month = '', day = '', hour = '', minute = '' } = parts;
  return { year, month, day, hour, minute };
}

/** A wall-clock time in a time zone: "02/03/2026 14:05" (it) or "2026-03-02 14:05" (en). */
export function formatDateTime(date: Date, timeZone: string, locale: Locale): string {
  if (Number.isNaN(date.getTime())) return '-';
  const { year, month, day, hour, minute } = wallClock(date, timeZone);
  return locale === 'it'
    ? `${day}/${month}/${year} ${hour}:${minute}`
    : `${year}-${month}-${day} ${hour}:${minute}`;
}
