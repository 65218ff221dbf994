/**
 * A business-hours calendar: weekly working hours and holidays in one time zone, answering "is this instant
 * working time?", "when does work resume?", "when will N working minutes have elapsed?" and "how many working
 * minutes lie between two instants?". Pure: no clock, no database; every instant is passed in.
 *
 * Definition of working time. An instant is working time when, read on a wall clock of the calendar's time
 * zone, its local date is not a holiday and its local time of day falls in one of that weekday's
 * half-open "HH:MM-HH:MM" ranges ("24:00" closes a range at the next midnight). Counting follows real
 * elapsed time, so across daylight-saving changes:
 * - on the spring-forward day the skipped wall-clock hour does not exist and is never worked ("01:00-04:00"
 *   in Europe/Rome on 2026-03-29 is 120 real minutes; a 24h desk works 23 hours that day);
 * - on the fall-back day the repeated wall-clock hour is worked twice when it is inside a range
 *   ("01:00-04:00" on 2026-10-25 is 240 real minutes; a 24h desk works 25 hours that day). A range that
 *   starts or ends inside the repeated hour follows the wall clock too: "02:30-04:00" on that day is worked
 *   from the first 02:30 to 03:00 (summer time), then again from the second 02:30 to 04:00.
 *
 * Implementation. Time is scanned in chunks of at most one day; each chunk is split at the (binary-searched)
 * offset change if the offset differs at its two ends. Within a piece of constant UTC offset, shifting by
 * the offset turns instants into "local wall-clock milliseconds", where each local day's ranges are plain
 * arithmetic. Work is proportional to the number of days scanned, never to the number of minutes.
 * Two offset changes within the same 24 hours (which no current time zone has) would not be detected.
 */
import { tzOffset } from '@date-fns/tz';
import {
  type MinuteRange,
  parseWeeklyHours,
  timeZoneProblem,
  type Weekday,
  type WeeklyHours,
} from './definition.js';
import { holidayChecker, holidayDateProblem, type IsoDay } from './holidays.js';

/** What a calendar is built from; a `CalendarConfig` from the queues file fits as it is. */
export interface BusinessCalendarDefinition {
  /** IANA time zone name, e.g. "Europe/Rome". */
  timeZone: string;
  /** Working ranges per weekday, "HH:MM-HH:MM" (end may be "24:00"); a missing or empty day is not worked. */
  hours: Partial<Record<Weekday, readonly string[]>>;
  /** Holidays are never worked. Default: none. */
  holidays?: { italianNational?: boolean; dates?: readonly string[] };
}

/** A half-open stretch of working time [start, end). */
export interface WorkingInterval {
  start: Date;
  end: Date;
}

/** The definition given to `BusinessCalendar.fromDefinition()` is wrong; `problems` has one line per mistake. */
export class InvalidCalendarError extends Error {
  override name = 'InvalidCalendarError';
  constructor(readonly problems: string[]) {
    super(`invalid business calendar: ${problems.join('; ')}`);
  }
}

/** A search for working time ran for more than a year of calendar time without finding any. */
export class NoWorkingTimeError extends Error {
  override name = 'NoWorkingTimeError';
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How long a search may find no working time at all before giving up (a bit more than a year). */
const GIVE_UP_AFTER_MS = 400 * DAY_MS;

/** Index = `Date#getUTCDay()` of the local date. */
const WEEKDAYS_BY_INDEX: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** [start, end) in milliseconds since local midnight. */
type DayRange = readonly [number, number];
/** [start, end) in epoch milliseconds. */
type Piece = readonly [number, number];

function toMs(date: Date, what: string): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${what} must be a valid Date`);
  return ms;
}

/** `['hours', 'mon', 0]` → `hours.mon[0]`. */
const pathText = (path: readonly (string | number)[]): string =>
  path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');

/** A day's ranges in milliseconds since local midnight, touching ones joined. */
function dayRangesOf(ranges: readonly MinuteRange[]): DayRange[] {
  const joined: [number, number][] = [];
  for (const { start, end } of ranges) {
    const last = joined[joined.length - 1];
    if (last && last[1] === start * MINUTE_MS) last[1] = end * MINUTE_MS;
    else joined.push([start * MINUTE_MS, end * MINUTE_MS]);
  }
  return joined;
}

export class BusinessCalendar {
  /** Working ranges per `getUTCDay()` index of the local date. */
  private readonly week: readonly (readonly DayRange[])[];
  /** False when no weekday has any range: then no search for working time can ever succeed. */
  readonly hasWeeklyHours: boolean;

  /** A desk open around the clock, every day of the year, with no holidays. */
  static always(timeZone: string): BusinessCalendar {
    const allDay = ['00:00-24:00'];
    return BusinessCalendar.fromDefinition({
      timeZone,
      hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    });
  }

  /** Parses a definition as written; throws InvalidCalendarError listing every problem. */
  static fromDefinition(definition: BusinessCalendarDefinition): BusinessCalendar {
    const { timeZone, hours, holidays } = definition;
    const problems: string[] = [];
    const zoneProblem = timeZoneProblem(timeZone);
    if (zoneProblem !== null) problems.push(zoneProblem);
    const weekly = parseWeeklyHours(hours);
    for (const problem of weekly.problems)
      problems.push(`${pathText(['hours', ...problem.path])}: ${problem.message}`);
    const dates = holidays?.dates ?? [];
    dates.forEach((date, index) => {
      const problem = holidayDateProblem(date);
      if (problem !== null) problems.push(`holidays.dates[${index}]: ${problem}`);
    });
    if (problems.length > 0) throw new InvalidCalendarError(problems);
    const isHolidayDay = holidayChecker({ italianNational: holidays?.italianNational ?? false, dates });
    return new BusinessCalendar(timeZone, weekly.ranges, isHolidayDay);
  }

  private constructor(
    readonly timeZone: string,
    hours: WeeklyHours,
    private readonly isHolidayDay: (day: IsoDay) => boolean,
  ) {
    this.week = WEEKDAYS_BY_INDEX.map((day) => dayRangesOf(hours[day]));
    this.hasWeeklyHours = this.week.some((ranges) => ranges.length > 0);
  }

  /** Whether `at` is working time (ranges are half-open: the first minute is in, the closing one is out). */
  isWorkingTime(at: Date): boolean {
    const ms = toMs(at, 'at');
    const local = ms + this.offsetMs(ms);
    const day = Math.floor(local / DAY_MS) * DAY_MS;
    const wall = local - day;
    return this.rangesOfLocalDay(day).some(([start, end]) => start <= wall && wall < end);
  }

  /**
   * `at` itself (as a new Date) if it is working time, else the start of the next working interval.
   * Throws NoWorkingTimeError when there is none within about a year.
   */
  nextWorkingTime(at: Date): Date {
    const from = toMs(at, 'at');
    for (const [start] of this.pieces(from)) return new Date(start);
    throw this.noWorkingTime(from); // unreachable: the unbounded scan either yields or throws
  }

  /**
   * The earliest instant at which `minutes` working minutes counted from `from` have elapsed. When they run
   * out exactly at the end of a working interval, that end is returned (e.g. 13:00 before a lunch break),
   * not the start of the next one. `minutes` may be fractional (it is rounded to the millisecond).
   *
   * `minutes = 0` returns `from` unchanged (as a new Date), consistently with "the earliest instant": use
   * `nextWorkingTime(from)` to find when an SLA clock actually starts ticking.
   *
   * Throws a RangeError for a negative or non-finite `minutes`, and NoWorkingTimeError when the calendar has
   * no working time for more than a year (e.g. no weekday has hours).
   */
  addWorkingMinutes(from: Date, minutes: number): Date {
    const fromMs = toMs(from, 'from');
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new RangeError(`minutes must be a finite number >= 0 (got ${minutes})`);
    }
    let remaining = Math.round(minutes * MINUTE_MS);
    if (remaining === 0) return new Date(fromMs);
    for (const [start, end] of this.pieces(fromMs)) {
      const length = end - start;
      if (remaining <= length) return new Date(start + remaining);
      remaining -= length;
    }
    throw this.noWorkingTime(fromMs); // unreachable
  }

  /**
   * Working minutes in [from, to); 0 when `to <= from`. Exact to the millisecond, so the result is
   * fractional when an end is not on a whole minute. The inverse of addWorkingMinutes:
   * `workingMinutesBetween(from, addWorkingMinutes(from, m)) === m`.
   */
  workingMinutesBetween(from: Date, to: Date): number {
    const fromMs = toMs(from, 'from');
    const toMsValue = toMs(to, 'to');
    if (toMsValue <= fromMs) return 0;
    let total = 0;
    for (const [start, end] of this.pieces(fromMs, toMsValue)) total += end - start;
    return total / MINUTE_MS;
  }

  /** The working time in [from, to) as sorted, disjoint, non-touching intervals, clipped to from and to. */
  workingIntervals(from: Date, to: Date): WorkingInterval[] {
    const fromMs = toMs(from, 'from');
    const toMsValue = toMs(to, 'to');
    const merged: [number, number][] = [];
    if (toMsValue <= fromMs) return [];
    for (const [start, end] of this.pieces(fromMs, toMsValue)) {
      const last = merged[merged.length - 1];
      if (last && last[1] === start) last[1] = end;
      else merged.push([start, end]);
    }
    return merged.map(([start, end]) => ({ start: new Date(start), end: new Date(end) }));
  }

  // -------------------------------------------------------------------------------------------------------

  /** UTC offset of the calendar's time zone at an instant, in milliseconds (positive east of Greenwich). */
  private offsetMs(ms: number): number {
    return Math.round(tzOffset(this.timeZone, new Date(ms)) * MINUTE_MS);
  }

  /** The working ranges of a local day (given as its local midnight in "local wall-clock ms"). */
  private rangesOfLocalDay(localMidnight: number): readonly DayRange[] {
    const date = new Date(localMidnight);
    const ranges = this.week[date.getUTCDay()] ?? [];
    if (ranges.length === 0) return ranges;
    return this.isHolidayDay(date.toISOString().slice(0, 10)) ? [] : ranges;
  }

  /**
   * Working time from `fromMs` on, in increasing order, clipped to [fromMs, untilMs); consecutive pieces may
   * touch (at midnights and offset changes). An unbounded scan throws NoWorkingTimeError after more than a
   * year without any working time instead of running forever.
   */
  private *pieces(fromMs: number, untilMs = Number.POSITIVE_INFINITY): Generator<Piece, void, undefined> {
    const unbounded = untilMs === Number.POSITIVE_INFINITY;
    if (unbounded && !this.hasWeeklyHours) throw this.noWorkingTime(fromMs);
    let lastWorking = fromMs;
    let chunkStart = fromMs;
    while (chunkStart < untilMs) {
      if (unbounded && chunkStart - lastWorking > GIVE_UP_AFTER_MS) throw this.noWorkingTime(lastWorking);
      const offset = this.offsetMs(chunkStart);
      const chunkEnd = Math.min(chunkStart + DAY_MS, untilMs);
      const segmentEnd =
        this.offsetMs(chunkEnd - 1) === offset
          ? chunkEnd
          : this.offsetChange(chunkStart, chunkEnd - 1, offset);
      for (const piece of this.piecesAtOffset(chunkStart, segmentEnd, offset)) {
        lastWorking = piece[1];
        yield piece;
      }
      chunkStart = segmentEnd;
    }
  }

  /** The first millisecond in (low, high] whose offset is not `offset`, given that high's offset is not. */
  private offsetChange(low: number, high: number, offset: number): number {
    let below = low;
    let above = high;
    while (above - below > 1) {
      const middle = Math.floor((below + above) / 2);
      if (this.offsetMs(middle) === offset) below = middle;
      else above = middle;
    }
    return above;
  }

  /** Working pieces of [start, end), a stretch of time during which the UTC offset is `offset`. */
  private piecesAtOffset(start: number, end: number, offset: number): Piece[] {
    const localStart = start + offset;
    const localEnd = end + offset;
    const pieces: Piece[] = [];
    for (let day = Math.floor(localStart / DAY_MS) * DAY_MS; day < localEnd; day += DAY_MS) {
      for (const [rangeStart, rangeEnd] of this.rangesOfLocalDay(day)) {
        const pieceStart = Math.max(day + rangeStart, localStart);
        const pieceEnd = Math.min(day + rangeEnd, localEnd);
        if (pieceStart < pieceEnd) pieces.push([pieceStart - offset, pieceEnd - offset]);
      }
    }
    return pieces;
  }

  private noWorkingTime(fromMs: number): NoWorkingTimeError {
    const reason = this.hasWeeklyHours
      ? 'no working time for more than a year (are all working days holidays?)'
      : 'no weekday has working hours';
    return new NoWorkingTimeError(
      `business calendar (${this.timeZone}): ${reason}, searching from ${new Date(fromMs).toISOString()}`,
    );
  }
}
