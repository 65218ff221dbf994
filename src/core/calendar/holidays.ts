/**
 * Holidays of a business-hours calendar: the Italian national holidays (Easter Monday included) and the
 * calendar's own dates, "MM-DD" recurring every year or "YYYY-MM-DD" happening once.
 *
 * Days are plain 'YYYY-MM-DD' strings of the calendar's local date: no time zone is involved here.
 */

/** A calendar day written 'YYYY-MM-DD'. */
export type IsoDay = string;

/** The holidays part of a calendar definition (`CalendarDefinition['holidays']`). */
export interface HolidayRules {
  /** Use the built-in set of Italian national holidays. */
  italianNational: boolean;
  /** "MM-DD" recurs every year, "YYYY-MM-DD" happens once. */
  dates: readonly string[];
}

const DAY_MS = 86_400_000;
const ISO_DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOLIDAY_DATE_PATTERN = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/;

const pad = (value: number, length = 2): string => String(value).padStart(length, '0');

/** 'YYYY-MM-DD' of a UTC midnight timestamp. */
const isoDayOfUtc = (ms: number): IsoDay => {
  const date = new Date(ms);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
};

function checkYear(year: number): void {
  // The Gregorian computus only makes sense once the Gregorian calendar exists (1583).
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`year must be a whole number between 1583 and 9999 (got ${year})`);
  }
}

/** Easter Sunday of a Gregorian year, as 'YYYY-MM-DD' (the "anonymous Gregorian" / Meeus–Jones–Butcher algorithm). */
export function easterSunday(year: number): IsoDay {
  checkYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Fixed-date national holidays, "MM-DD". */
const FIXED_ITALIAN_HOLIDAYS = [
  '01-01', // Capodanno
  '01-06', // Epifania
  '04-25', // Festa della Liberazione
  '05-01', // Festa del Lavoro
  '06-02', // Festa della Repubblica
  '08-15', // Ferragosto (Assunzione)
  '11-01', // Ognissanti
  '12-08', // Immacolata Concezione
  '12-25', // Natale
  '12-26', // Santo Stefano
] as const;

/**
 * San Francesco d'Assisi, 4 October: a national holiday again from 2026 (legge 8 ottobre 2025, n. 151, in
 * force since 1 January 2026; it had been abolished in 1977).
 */
const SAN_FRANCESCO = '10-04';
const SAN_FRANCESCO_FROM_YEAR = 2026;

const italianCache = new Map<number, { sorted: readonly IsoDay[]; set: ReadonlySet<IsoDay> }>();

function italianHolidaysOf(year: number): { sorted: readonly IsoDay[]; set: ReadonlySet<IsoDay> } {
  let cached = italianCache.get(year);
  if (!cached) {
    const easter = easterSunday(year);
    const easterMs = Date.parse(`${easter}T00:00:00Z`);
    const fixed: string[] = [...FIXED_ITALIAN_HOLIDAYS];
    if (year >= SAN_FRANCESCO_FROM_YEAR) fixed.push(SAN_FRANCESCO);
    const set = new Set<IsoDay>([
      ...fixed.map((monthDay) => `${pad(year, 4)}-${monthDay}`),
      easter,
      isoDayOfUtc(easterMs + DAY_MS),
    ]);
    cached = { sorted: [...set].sort(), set };
    italianCache.set(year, cached);
  }
  return cached;
}

/**
 * The Italian national holidays of a year, sorted, as 'YYYY-MM-DD': 1 Jan, 6 Jan, Easter Sunday, Easter
 * Monday, 25 Apr, 1 May, 2 Jun, 15 Aug, 4 Oct (from 2026), 1 Nov, 8 Dec, 25 Dec, 26 Dec. Today's rules are
 * applied to every year (the holidays abolished between 1977 and 1985 are not modelled).
 */
export function italianNationalHolidays(year: number): IsoDay[] {
  checkYear(year);
  return [...italianHolidaysOf(year).sorted];
}

/** True for "MM-DD" (any year, so "02-29" is allowed) and for real "YYYY-MM-DD" dates. */
export function isValidHolidayDate(value: string): boolean {
  const match = HOLIDAY_DATE_PATTERN.exec(value);
  if (!match) return false;
  const year = match[1] === undefined ? 2024 : Number(match[1]); // 2024 is a leap year
  const month = Number(match[2]);
  const day = Number(match[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What is wrong with a calendar's holiday date, or null when it is one. */
export function holidayDateProblem(value: string): string | null {
  if (isValidHolidayDate(value)) return null;
  return `${JSON.stringify(value)} is not a date like "12-07" (every year) or "2026-12-24" (once)`;
}

function parseIsoDay(day: IsoDay): { year: number; monthDay: string } {
  const match = ISO_DAY_PATTERN.exec(day);
  if (!match || !isValidHolidayDate(day)) throw new RangeError(`not a day like "2026-04-06": "${day}"`);
  return { year: Number(match[1]), monthDay: `${match[2]}-${match[3]}` };
}

/**
 * Builds a fast predicate for a set of holiday rules. Throws a RangeError naming the first invalid date.
 * The predicate takes 'YYYY-MM-DD' days.
 */
export function holidayChecker(holidays: HolidayRules): (day: IsoDay) => boolean {
  const recurring = new Set<string>();
  const once = new Set<IsoDay>();
  for (const value of holidays.dates) {
    const problem = holidayDateProblem(value);
    if (problem !== null) throw new RangeError(problem);
    if (value.length === 5) recurring.add(value);
    else once.add(value);
  }
  const italian = holidays.italianNational;
  return (day) => {
    const { year, monthDay } = parseIsoDay(day);
    if (recurring.has(monthDay) || once.has(day)) return true;
    return italian && year >= 1583 && year <= 9999 && italianHolidaysOf(year).set.has(day);
  };
}

/** Whether a 'YYYY-MM-DD' day is a holiday under the given rules. */
export function isHoliday(day: IsoDay, holidays: HolidayRules): boolean {
  return holidayChecker(holidays)(day);
}
