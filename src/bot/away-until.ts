import { TZDate } from '@date-fns/tz';
import { addDays, addYears, isValid, parse } from 'date-fns';
import { HelpDeskError } from '../core/errors.js';

const TOMORROW = new Set(['tomorrow', 'domani']);

/** Day formats, with and without a year; a time may follow (`HH:mm`, or `H.mm` as Italians write it). */
const DAY_FORMATS = ['yyyy-MM-dd', 'd/M/yyyy', 'd/M'] as const;
const TIME_FORMATS = ['H:mm', 'H.mm'] as const;

function refuse(): never {
  throw new HelpDeskError('invalid_away_until', 'Not a time still to come.');
}

/** `format` read against `reference` (a date in the desk's time zone), or undefined when it does not fit. */
function read(text: string, format: string, reference: TZDate): TZDate | undefined {
  const date = parse(text, format, reference);
  return isValid(date) ? date : undefined;
}

function readTime(text: string, day: TZDate): TZDate | undefined {
  for (const format of TIME_FORMATS) {
    const time = read(text, format, day);
    if (time) return time;
  }
  return undefined;
}

function readDay(text: string, today: TZDate): { day: TZDate; yearGiven: boolean } | undefined {
  if (TOMORROW.has(text.toLowerCase())) return { day: addDays(today, 1), yearGiven: true };
  for (const format of DAY_FORMATS) {
    const day = read(text, format, today);
    if (day) return { day, yearGiven: format.includes('yyyy') };
  }
  return undefined;
}

/**
 * The words after `/ticket away`, on the desk's calendar: a time (`17:30`: today, or tomorrow once it has
 * passed), a day (`2026-12-10`, `10/12/2026`, `10/12`: the next such day, `domani`/`tomorrow`) meaning from the
 * start of that day, or a day and a time (`10/12 09:00`). Refused when it is not a time still to come.
 */
export function parseAwayUntil(words: string, now: Date, timeZone: string): Date {
  const [first = '', second, ...more] = words.trim().split(/\s+/);
  if (more.length > 0) refuse();
  const today = new TZDate(new TZDate(now, timeZone).setHours(0, 0, 0, 0), timeZone);
  if (second === undefined) {
    const time = readTime(first, today);
    if (time) return new Date((time <= now ? addDays(time, 1) : time).getTime());
  }
  const found = readDay(first, today);
  if (!found) refuse();
  const at = second === undefined ? found.day : readTime(second, found.day);
  if (!at) refuse();
  const until: Date = !found.yearGiven && at <= now ? addYears(at, 1) : at;
  if (until <= now) refuse();
  return new Date(until.getTime());
}
