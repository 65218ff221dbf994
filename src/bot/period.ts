import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, startOfDay, startOfMonth, startOfWeek } from 'date-fns';
import { HelpDeskError } from '../core/errors.js';

/** A stretch of time: from its start (included) to its end (excluded). */
export interface Period {
  from: Date;
  to: Date;
}

/** The days a `7d` / `30g` period may span. */
export const MAX_PERIOD_DAYS = 366;

const RANGE = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$/;
const LAST_DAYS = /^(\d{1,3})[dg]$/;
const WORDS: Record<string, 'today' | 'yesterday' | 'week' | 'month'> = {
  today: 'today',
  oggi: 'today',
  yesterday: 'yesterday',
  ieri: 'yesterday',
  week: 'week',
  settimana: 'week',
  month: 'month',
  mese: 'month',
};

/** Whether a word of `/ticket stats` names a period rather than a queue. */
export function looksLikePeriod(word: string): boolean {
  const w = word.toLowerCase();
  return w in WORDS || LAST_DAYS.test(w) || w.includes('..') || /^\d{4}-\d{2}-\d{2}/.test(w);
}

function refuse(word: string): never {
  throw new HelpDeskError(
    'invalid_period',
    `Unknown period "${word}": use today, week, month, 7d, 30d or YYYY-MM-DD..YYYY-MM-DD.`,
    { period: word.slice(0, 100) },
  );
}

/** The start of a calendar day in the desk's time zone, or undefined for a date that does not exist. */
function dayStart(year: string, month: string, day: string, timeZone: string): TZDate | undefined {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const date = new TZDate(y, m - 1, d, timeZone);
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d ? date : undefined;
}

/**
 * A period word of `/ticket stats` and `/ticket export`, on the desk's calendar: `today`, `yesterday`, `week`
 * (since Monday), `month` (since the 1st), `7d` (the last 7 days, today included), or
 * `YYYY-MM-DD..YYYY-MM-DD` (both days included); Italian `oggi`, `ieri`, `settimana`, `mese`, `7g` too.
 * Nothing given: the last 7 days.
 */
export function parsePeriod(word: string | undefined, now: Date, timeZone: string): Period {
  const today = startOfDay(new TZDate(now, timeZone));
  const tomorrow = addDays(today, 1);
  const span = (from: Date, to: Date): Period => ({
    from: new Date(from.getTime()),
    to: new Date(to.getTime()),
  });
  if (word === undefined || word === '') return span(addDays(today, -6), tomorrow);
  const w = word.toLowerCase();
  switch (WORDS[w]) {
    case 'today':
      return span(today, tomorrow);
    case 'yesterday':
      return span(addDays(today, -1), today);
    case 'week': {
      const monday = startOfWeek(today, { weekStartsOn: 1 });
      return span(monday, addDays(monday, 7));
    }
    case 'month': {
      const first = startOfMonth(today);
      return span(first, addMonths(first, 1));
    }
    default:
      break;
  }
  const last = LAST_DAYS.exec(w);
  if (last) {
    const days = Number(last[1]);
    if (days < 1 || days > MAX_PERIOD_DAYS) refuse(word);
    return span(addDays(today, 1 - days), tomorrow);
  }
  const range = RANGE.exec(w);
  if (range) {
    const [, y1 = '', m1 = '', d1 = '', y2 = '', m2 = '', d2 = ''] = range;
    const from = dayStart(y1, m1, d1, timeZone);
    const lastDay = dayStart(y2, m2, d2, timeZone);
    if (!from || !lastDay || lastDay < from) refuse(word);
    const to = addDays(lastDay, 1);
    if (to.getTime() - from.getTime() > (MAX_PERIOD_DAYS + 1) * 86_400_000) refuse(word);
    return span(from, to);
  }
  return refuse(word);
}

/** `[queue] [period]` in any order: a word that looks like a period is one, the other names the queue. */
export function parseScopeAndPeriod(
  words: string[],
  now: Date,
  timeZone: string,
): { queueKey?: string; period: Period } {
  let queueKey: string | undefined;
  let periodWord: string | undefined;
  for (const word of words) {
    if (periodWord === undefined && (looksLikePeriod(word) || queueKey !== undefined)) periodWord = word;
    else if (queueKey === undefined) queueKey = word.toLowerCase();
    else refuse(word);
  }
  const period = parsePeriod(periodWord, now, timeZone);
  return queueKey === undefined ? { period } : { queueKey, period };
}
