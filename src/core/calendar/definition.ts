/**
 * A business-hours calendar as written (in the queues file, and as stored in `calendars.definition`), parsed
 * in this one place: the queues file's schema reports the problems found here, and BusinessCalendar is built
 * from what the parse returns. Holiday dates are parsed next to the holidays (`holidays.ts`).
 *
 * Weekly hours map weekdays to half-open "HH:MM-HH:MM" ranges, "24:00" closing a range at midnight. A day's
 * ranges may be written in any order and may touch, but must not overlap: working minutes would count twice.
 */
import { tzOffset } from '@date-fns/tz';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** [start, end) in minutes since local midnight; `end` is at most 1440 ("24:00"). */
export interface MinuteRange {
  readonly start: number;
  readonly end: number;
}

/** Every weekday's ranges, sorted by start and disjoint; touching ranges stay apart, as written. */
export type WeeklyHours = Readonly<Record<Weekday, readonly MinuteRange[]>>;

/** One mistake; `path` leads from the value parsed (e.g. the hours) to the wrong part of it. */
export interface DefinitionProblem {
  path: (string | number)[];
  message: string;
}

const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d';
const RANGE_PATTERN = new RegExp(`^(${TIME})-(${TIME}|24:00)$`);

const quoted = (value: unknown): string => JSON.stringify(value) ?? String(value);

const isWeekday = (name: string): name is Weekday => (WEEKDAYS as readonly string[]).includes(name);

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The range as it is written: the grammar has one spelling per range, so this gives back the original. */
export const formatTimeRange = (range: MinuteRange): string => `${hhmm(range.start)}-${hhmm(range.end)}`;

/** The range, or what is wrong with it. */
function parseTimeRange(value: unknown): MinuteRange | string {
  const match = typeof value === 'string' ? RANGE_PATTERN.exec(value) : null;
  if (!match) return `${quoted(value)} is not a time range like "08:30-13:00"`;
  const range = { start: minutesOf(match[1] ?? ''), end: minutesOf(match[2] ?? '') };
  return range.start < range.end ? range : `${quoted(value)}: the start must come before the end`;
}

/** One day's ranges, sorted; a range that overlaps an earlier one is reported at its index and left out. */
function parseDay(day: Weekday, ranges: unknown, problems: DefinitionProblem[]): MinuteRange[] {
  if (!Array.isArray(ranges)) {
    problems.push({ path: [day], message: 'must be a list of ranges like "08:30-13:00"' });
    return [];
  }
  const parsed: { range: MinuteRange; index: number }[] = [];
  ranges.forEach((value: unknown, index) => {
    const range = parseTimeRange(value);
    if (typeof range === 'string') problems.push({ path: [day, index], message: range });
    else parsed.push({ range, index });
  });
  parsed.sort((a, b) => a.range.start - b.range.start);
  const kept: MinuteRange[] = [];
  let furthest: MinuteRange | undefined; // of the ranges before, the one that ends last
  for (const { range, index } of parsed) {
    if (furthest && range.start < furthest.end) {
      const message = `${quoted(formatTimeRange(range))} overlaps ${quoted(formatTimeRange(furthest))}`;
      problems.push({ path: [day, index], message });
    } else {
      kept.push(range);
    }
    if (!furthest || range.end > furthest.end) furthest = range;
  }
  return kept;
}

/** Parses weekly hours as written; a missing day is not worked. `problems` is empty when they are right. */
export function parseWeeklyHours(hours: unknown): { ranges: WeeklyHours; problems: DefinitionProblem[] } {
  const week: Record<Weekday, MinuteRange[]> = {
    mon: [],
    tue: [],
    wed: [],
    thu: [],
    fri: [],
    sat: [],
    sun: [],
  };
  const problems: DefinitionProblem[] = [];
  if (typeof hours !== 'object' || hours === null) {
    problems.push({ path: [], message: 'must map weekdays (mon … sun) to lists of ranges' });
    return { ranges: week, problems };
  }
  for (const name of Object.keys(hours)) {
    if (!isWeekday(name)) {
      problems.push({ path: [], message: `unknown weekday ${quoted(name)} (use ${WEEKDAYS.join(', ')})` });
    }
  }
  const byDay: Partial<Record<string, unknown>> = hours;
  for (const day of WEEKDAYS) {
    if (byDay[day] !== undefined) week[day] = parseDay(day, byDay[day], problems);
  }
  return { ranges: week, problems };
}

/** What is wrong with an IANA time zone name (e.g. "Europe/Rome"), or null when it can be used. */
export function timeZoneProblem(name: unknown): string | null {
  if (typeof name === 'string') {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      if (!Number.isNaN(tzOffset(name, new Date(0)))) return null;
    } catch {
      // Intl refuses names it does not know: reported below.
    }
  }
  return `unknown time zone ${quoted(name)}`;
}

/** What is stored in `calendars.definition`. */
export interface CalendarDefinition {
  /** Every weekday is present; each range is "HH:MM-HH:MM", sorted and non-overlapping. */
  hours: Record<Weekday, string[]>;
  holidays: {
    /** Use the built-in set of Italian national holidays (Easter Monday included). */
    italianNational: boolean;
    /** "MM-DD" recurs every year, "YYYY-MM-DD" happens once. */
    dates: string[];
  };
}
