import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import type { CalendarConfig } from '../../../src/config/queues-file.js';
import {
  BusinessCalendar,
  InvalidCalendarError,
  NoWorkingTimeError,
} from '../../../src/core/calendar/index.js';

/** Instants are written with an explicit UTC offset, so expectations do not depend on the library. */
const at = (iso: string): Date => new Date(iso);

const OFFICE = ['08:30-13:00', '14:00-17:30']; // 8 hours a day
const office = BusinessCalendar.fromDefinition({
  timeZone: 'Europe/Rome',
  hours: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: [], sun: [] },
  holidays: { italianNational: true, dates: [] },
});

describe('isWorkingTime', () => {
  it.each([
    ['2026-02-09T08:29:59+01:00', false],
    ['2026-02-09T08:30:00+01:00', true],
    ['2026-02-09T12:59:59+01:00', true],
    ['2026-02-09T13:00:00+01:00', false], // lunch
    ['2026-02-09T13:59:59+01:00', false],
    ['2026-02-09T14:00:00+01:00', true],
    ['2026-02-09T17:29:59.999+01:00', true],
    ['2026-02-09T17:30:00+01:00', false],
    ['2026-02-09T23:00:00+01:00', false],
    ['2026-02-14T10:00:00+01:00', false], // Saturday
    ['2026-02-15T10:00:00+01:00', false], // Sunday
    ['2026-04-06T10:00:00+02:00', false], // Easter Monday
  ])('%s → %s', (iso, expected) => {
    expect(office.isWorkingTime(at(iso))).toBe(expected);
  });

  it('accepts TZDate instances as well as plain Dates', () => {
    expect(office.isWorkingTime(new TZDate(2026, 1, 9, 9, 0, 'Europe/Rome'))).toBe(true);
    expect(office.isWorkingTime(new TZDate(2026, 1, 9, 9, 0, 'America/New_York'))).toBe(true); // 15:00 in Rome
    expect(office.isWorkingTime(new TZDate(2026, 1, 9, 13, 0, 'America/New_York'))).toBe(false); // 19:00
  });

  it('rejects an invalid Date', () => {
    expect(() => office.isWorkingTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('nextWorkingTime', () => {
  it.each([
    ['during work, the instant itself', '2026-02-09T10:15:30+01:00', '2026-02-09T10:15:30+01:00'],
    ['at the opening minute', '2026-02-09T08:30:00+01:00', '2026-02-09T08:30:00+01:00'],
    ['before opening', '2026-02-09T07:00:00+01:00', '2026-02-09T08:30:00+01:00'],
    ['at lunch', '2026-02-09T13:15:00+01:00', '2026-02-09T14:00:00+01:00'],
    ['at closing time', '2026-02-09T17:30:00+01:00', '2026-02-10T08:30:00+01:00'],
    ['at night', '2026-02-09T23:59:00+01:00', '2026-02-10T08:30:00+01:00'],
    ['on Friday evening', '2026-02-13T18:00:00+01:00', '2026-02-16T08:30:00+01:00'],
    ['on Saturday', '2026-02-14T12:00:00+01:00', '2026-02-16T08:30:00+01:00'],
    ['before Easter Monday', '2026-04-03T19:00:00+02:00', '2026-04-07T08:30:00+02:00'],
  ])('%s', (_, from, expected) => {
    expect(office.nextWorkingTime(at(from))).toEqual(at(expected));
  });

  it('returns a new Date, not the argument', () => {
    const from = at('2026-02-09T10:00:00+01:00');
    expect(office.nextWorkingTime(from)).not.toBe(from);
  });
});

describe('addWorkingMinutes', () => {
  it.each([
    ['overnight', '2026-02-09T17:00:00+01:00', 60, '2026-02-10T09:00:00+01:00'],
    ['over lunch', '2026-02-09T12:30:00+01:00', 60, '2026-02-09T14:30:00+01:00'],
    [
      'ending exactly at lunch: the end of the interval',
      '2026-02-09T12:00:00+01:00',
      60,
      '2026-02-09T13:00:00+01:00',
    ],
    ['one minute past lunch', '2026-02-09T12:00:00+01:00', 61, '2026-02-09T14:01:00+01:00'],
    ['ending exactly at closing time', '2026-02-09T17:00:00+01:00', 30, '2026-02-09T17:30:00+01:00'],
    ['from lunch', '2026-02-09T13:10:00+01:00', 15, '2026-02-09T14:15:00+01:00'],
    ['from the night', '2026-02-09T22:00:00+01:00', 15, '2026-02-10T08:45:00+01:00'],
    ['over the weekend', '2026-02-13T17:00:00+01:00', 60, '2026-02-16T09:00:00+01:00'],
    ['from Saturday', '2026-02-14T10:00:00+01:00', 30, '2026-02-16T09:00:00+01:00'],
    ['a whole day', '2026-02-09T08:30:00+01:00', 480, '2026-02-09T17:30:00+01:00'],
    ['a day and a minute', '2026-02-09T08:30:00+01:00', 481, '2026-02-10T08:31:00+01:00'],
    ['2400 minutes = five 8h days', '2026-02-09T08:30:00+01:00', 2400, '2026-02-13T17:30:00+01:00'],
    ['2401 minutes', '2026-02-09T08:30:00+01:00', 2401, '2026-02-16T08:31:00+01:00'],
    ['2400 minutes from Wednesday noon', '2026-02-11T12:00:00+01:00', 2400, '2026-02-18T12:00:00+01:00'],
    // 10,000 = 20 days (4 weeks, no holidays in between) + 400 minutes: 270 until 13:00, 130 after 14:00.
    ['10,000 minutes', '2026-02-09T08:30:00+01:00', 10_000, '2026-03-09T16:10:00+01:00'],
    ['half a minute', '2026-02-09T17:29:00+01:00', 0.5, '2026-02-09T17:29:30+01:00'],
    ['seconds are kept', '2026-02-09T17:29:45+01:00', 1, '2026-02-10T08:30:45+01:00'],
  ])('%s', (_, from, minutes, expected) => {
    expect(office.addWorkingMinutes(at(from), minutes)).toEqual(at(expected));
  });

  it('adds 0 minutes as no time at all, even outside working hours', () => {
    const saturday = at('2026-02-14T10:00:00+01:00');
    const result = office.addWorkingMinutes(saturday, 0);
    expect(result).toEqual(saturday);
    expect(result).not.toBe(saturday);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s minutes', (minutes) => {
    expect(() => office.addWorkingMinutes(at('2026-02-09T10:00:00+01:00'), minutes)).toThrow(RangeError);
  });

  it('handles years of working minutes by stepping over days', () => {
    const from = at('2026-01-01T00:00:00+01:00');
    // 2026 has 254 working days (261 weekdays minus 7 holidays on weekdays) of 480 minutes.
    expect(office.workingMinutesBetween(from, at('2027-01-01T00:00:00+01:00'))).toBe(121_920);
    expect(office.addWorkingMinutes(from, 121_920)).toEqual(at('2026-12-31T17:30:00+01:00'));
    const started = performance.now();
    const farAway = office.addWorkingMinutes(from, 1_000_000); // about 8 years
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(office.workingMinutesBetween(from, farAway)).toBe(1_000_000);
  });
});

describe('workingMinutesBetween', () => {
  it.each([
    ['a morning', '2026-02-09T08:30:00+01:00', '2026-02-09T13:00:00+01:00', 270],
    ['across lunch', '2026-02-09T12:00:00+01:00', '2026-02-09T15:00:00+01:00', 120],
    ['a night', '2026-02-09T17:00:00+01:00', '2026-02-10T09:00:00+01:00', 60],
    ['a weekend only', '2026-02-13T17:30:00+01:00', '2026-02-16T08:30:00+01:00', 0],
    ['four weeks', '2026-02-02T08:30:00+01:00', '2026-03-02T08:30:00+01:00', 9600],
    ['half a minute', '2026-02-09T09:00:00+01:00', '2026-02-09T09:00:30+01:00', 0.5],
    ['reversed', '2026-02-10T09:00:00+01:00', '2026-02-09T09:00:00+01:00', 0],
    ['empty', '2026-02-10T09:00:00+01:00', '2026-02-10T09:00:00+01:00', 0],
  ])('%s', (_, from, to, expected) => {
    expect(office.workingMinutesBetween(at(from), at(to))).toBe(expected);
  });
});

describe('workingIntervals', () => {
  it('lists the working stretches of two days', () => {
    expect(office.workingIntervals(at('2026-02-09T00:00:00+01:00'), at('2026-02-11T00:00:00+01:00'))).toEqual(
      [
        { start: at('2026-02-09T08:30:00+01:00'), end: at('2026-02-09T13:00:00+01:00') },
        { start: at('2026-02-09T14:00:00+01:00'), end: at('2026-02-09T17:30:00+01:00') },
        { start: at('2026-02-10T08:30:00+01:00'), end: at('2026-02-10T13:00:00+01:00') },
        { start: at('2026-02-10T14:00:00+01:00'), end: at('2026-02-10T17:30:00+01:00') },
      ],
    );
  });

  it('clips the first and last stretch', () => {
    expect(office.workingIntervals(at('2026-02-09T10:00:00+01:00'), at('2026-02-09T15:00:00+01:00'))).toEqual(
      [
        { start: at('2026-02-09T10:00:00+01:00'), end: at('2026-02-09T13:00:00+01:00') },
        { start: at('2026-02-09T14:00:00+01:00'), end: at('2026-02-09T15:00:00+01:00') },
      ],
    );
  });

  it('is empty for an empty or reversed span, and over a weekend', () => {
    const monday = at('2026-02-09T10:00:00+01:00');
    expect(office.workingIntervals(monday, monday)).toEqual([]);
    expect(office.workingIntervals(monday, at('2026-02-09T09:00:00+01:00'))).toEqual([]);
    expect(office.workingIntervals(at('2026-02-14T00:00:00+01:00'), at('2026-02-16T00:00:00+01:00'))).toEqual(
      [],
    );
  });

  it('merges stretches that touch across midnight and across touching ranges', () => {
    const nightShift = BusinessCalendar.fromDefinition({
      timeZone: 'Europe/Rome',
      hours: { mon: ['20:00-24:00'], tue: ['00:00-06:00', '06:00-08:00'] },
    });
    expect(
      nightShift.workingIntervals(at('2026-02-09T00:00:00+01:00'), at('2026-02-11T00:00:00+01:00')),
    ).toEqual([{ start: at('2026-02-09T20:00:00+01:00'), end: at('2026-02-10T08:00:00+01:00') }]);
    expect(nightShift.addWorkingMinutes(at('2026-02-09T23:00:00+01:00'), 120)).toEqual(
      at('2026-02-10T01:00:00+01:00'),
    );
  });
});

describe('holidays', () => {
  it('skips Easter Monday 2026', () => {
    expect(office.addWorkingMinutes(at('2026-04-03T17:00:00+02:00'), 60)).toEqual(
      at('2026-04-07T09:00:00+02:00'),
    );
  });

  it('skips Easter Monday 2027, which also follows the change to summer time', () => {
    expect(office.isWorkingTime(at('2027-03-29T10:00:00+02:00'))).toBe(false);
    expect(office.addWorkingMinutes(at('2027-03-26T17:00:00+01:00'), 60)).toEqual(
      at('2027-03-30T09:00:00+02:00'),
    );
  });

  it('skips 25 April on a Saturday for a desk open on Saturdays, and no bridge on the weekdays around it', () => {
    const mornings = ['09:00-13:00'];
    const sixDays = BusinessCalendar.fromDefinition({
      timeZone: 'Europe/Rome',
      hours: { mon: mornings, tue: mornings, wed: mornings, thu: mornings, fri: mornings, sat: mornings },
      holidays: { italianNational: true, dates: [] },
    });
    expect(sixDays.isWorkingTime(at('2026-04-25T10:00:00+02:00'))).toBe(false);
    expect(sixDays.isWorkingTime(at('2026-05-02T10:00:00+02:00'))).toBe(true); // 1 May is the Friday before
    expect(sixDays.addWorkingMinutes(at('2026-04-24T12:00:00+02:00'), 120)).toEqual(
      at('2026-04-27T10:00:00+02:00'),
    );
    expect(
      office.workingMinutesBetween(at('2026-04-24T00:00:00+02:00'), at('2026-04-28T00:00:00+02:00')),
    ).toBe(960);
  });

  it('applies custom "MM-DD" every year, with or without the Italian set', () => {
    const milan = BusinessCalendar.fromDefinition({
      timeZone: 'Europe/Rome',
      hours: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE },
      holidays: { italianNational: true, dates: ['12-07'] }, // Sant'Ambrogio
    });
    // Friday 4 Dec → Mon 7 (Sant'Ambrogio) and Tue 8 (Immacolata) are holidays.
    expect(milan.addWorkingMinutes(at('2026-12-04T17:00:00+01:00'), 60)).toEqual(
      at('2026-12-09T09:00:00+01:00'),
    );
    expect(milan.isWorkingTime(at('2027-12-07T10:00:00+01:00'))).toBe(false);

    const onlyCustom = BusinessCalendar.fromDefinition({
      timeZone: 'Europe/Rome',
      hours: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE },
      holidays: { italianNational: false, dates: ['12-07'] },
    });
    expect(onlyCustom.addWorkingMinutes(at('2026-12-04T17:00:00+01:00'), 60)).toEqual(
      at('2026-12-08T09:00:00+01:00'),
    );
    expect(onlyCustom.isWorkingTime(at('2026-04-06T10:00:00+02:00'))).toBe(true); // Easter Monday: not off
  });

  it('applies a "YYYY-MM-DD" date in that year only', () => {
    const calendar = BusinessCalendar.fromDefinition({
      timeZone: 'Europe/Rome',
      hours: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE },
      holidays: { italianNational: false, dates: ['2026-02-17', '2026-02-20'] },
    });
    expect(calendar.isWorkingTime(at('2026-02-17T10:00:00+01:00'))).toBe(false);
    expect(calendar.isWorkingTime(at('2027-02-17T10:00:00+01:00'))).toBe(true);
    expect(calendar.addWorkingMinutes(at('2026-02-19T17:00:00+01:00'), 60)).toEqual(
      at('2026-02-23T09:00:00+01:00'),
    );
  });

  it('judges holidays by the local date, not the UTC one', () => {
    const tokyo = BusinessCalendar.fromDefinition({
      timeZone: 'Asia/Tokyo',
      hours: { mon: ['00:00-24:00'], tue: ['00:00-24:00'] },
      holidays: { italianNational: false, dates: ['2026-02-10'] },
    });
    // 2026-02-09T20:00Z is Tuesday 10 Feb 05:00 in Tokyo: a holiday, though still Monday in UTC.
    expect(tokyo.isWorkingTime(at('2026-02-09T20:00:00Z'))).toBe(false);
    expect(tokyo.isWorkingTime(at('2026-02-09T14:59:00Z'))).toBe(true); // Monday 23:59 in Tokyo
    expect(
      tokyo.workingMinutesBetween(at('2026-02-09T00:00:00+09:00'), at('2026-02-11T00:00:00+09:00')),
    ).toBe(1440);
  });
});

describe('another time zone: America/New_York', () => {
  const NINE_TO_FIVE = ['09:00-17:00'];
  const newYork = BusinessCalendar.fromDefinition({
    timeZone: 'America/New_York',
    hours: { mon: NINE_TO_FIVE, tue: NINE_TO_FIVE, wed: NINE_TO_FIVE, thu: NINE_TO_FIVE, fri: NINE_TO_FIVE },
    holidays: { italianNational: false, dates: ['07-04', '12-25'] },
  });

  it('reads hours on the New York wall clock', () => {
    expect(newYork.isWorkingTime(at('2026-02-10T14:00:00Z'))).toBe(true); // 09:00 EST
    expect(newYork.isWorkingTime(at('2026-02-10T13:59:00Z'))).toBe(false);
    expect(newYork.isWorkingTime(at('2026-02-10T21:59:00Z'))).toBe(true); // 16:59 EST
    expect(newYork.isWorkingTime(at('2026-02-10T22:00:00Z'))).toBe(false);
  });

  it('is Friday evening in New York when it is already Saturday in UTC', () => {
    const saturdayOnly = BusinessCalendar.fromDefinition({
      timeZone: 'America/New_York',
      hours: { sat: ['00:00-24:00'] },
    });
    expect(saturdayOnly.isWorkingTime(at('2026-02-14T01:00:00Z'))).toBe(false); // Friday 20:00 EST
    expect(saturdayOnly.isWorkingTime(at('2026-02-14T05:00:00Z'))).toBe(true); // Saturday 00:00 EST
    expect(saturdayOnly.nextWorkingTime(at('2026-02-14T01:00:00Z'))).toEqual(at('2026-02-14T00:00:00-05:00'));
  });

  it('crosses both 2026 daylight-saving changes (8 March, 1 November)', () => {
    expect(newYork.addWorkingMinutes(at('2026-03-06T16:30:00-05:00'), 60)).toEqual(
      at('2026-03-09T09:30:00-04:00'),
    );
    expect(newYork.addWorkingMinutes(at('2026-10-30T16:30:00-04:00'), 60)).toEqual(
      at('2026-11-02T09:30:00-05:00'),
    );
    expect(
      newYork.workingMinutesBetween(at('2026-03-06T00:00:00-05:00'), at('2026-03-10T00:00:00-04:00')),
    ).toBe(960);
    const always = BusinessCalendar.always('America/New_York');
    expect(
      always.workingMinutesBetween(at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00')),
    ).toBe(23 * 60);
    expect(
      always.workingMinutesBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00')),
    ).toBe(25 * 60);
  });

  it('skips its own holidays', () => {
    expect(newYork.addWorkingMinutes(at('2026-12-24T16:00:00-05:00'), 120)).toEqual(
      at('2026-12-28T10:00:00-05:00'),
    );
  });
});

describe('built from the queues file', () => {
  it('accepts a CalendarConfig as it is', () => {
    const config: CalendarConfig = {
      key: 'office',
      name: 'Office',
      timeZone: 'Europe/Rome',
      hours: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: [], sun: [] },
      holidays: { italianNational: true, dates: ['12-07'] },
    };
    const calendar = BusinessCalendar.fromDefinition(config);
    expect(calendar.timeZone).toBe('Europe/Rome');
    expect(calendar.addWorkingMinutes(at('2026-02-09T17:00:00+01:00'), 60)).toEqual(
      at('2026-02-10T09:00:00+01:00'),
    );
  });
});

describe('invalid definitions', () => {
  const problemsOf = (build: () => unknown): string[] => {
    try {
      build();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCalendarError);
      return error instanceof InvalidCalendarError ? error.problems : [];
    }
    throw new Error('expected the definition to be rejected');
  };

  it.each([
    ['8:30-13:00', 'is not a time range'],
    ['08:30 - 13:00', 'is not a time range'],
    ['08:30-25:00', 'is not a time range'],
    ['24:00-24:00', 'is not a time range'],
    ['00:00-24:01', 'is not a time range'],
    ['08:60-09:00', 'is not a time range'],
    ['13:00-08:30', 'the start must come before the end'],
    ['09:00-09:00', 'the start must come before the end'],
  ])('rejects the range %j', (range, message) => {
    const problems = problemsOf(() =>
      BusinessCalendar.fromDefinition({ timeZone: 'Europe/Rome', hours: { mon: [range] } }),
    );
    expect(problems).toEqual([expect.stringContaining(`hours.mon[0]: "${range}"`)]);
    expect(problems[0]).toContain(message);
  });

  it('rejects overlapping ranges but accepts touching and unsorted ones', () => {
    expect(
      problemsOf(() =>
        BusinessCalendar.fromDefinition({
          timeZone: 'Europe/Rome',
          hours: { tue: ['08:00-12:00', '11:00-13:00'] },
        }),
      ),
    ).toEqual(['hours.tue[1]: "11:00-13:00" overlaps "08:00-12:00"']);
    const touching = BusinessCalendar.fromDefinition({
      timeZone: 'Europe/Rome',
      hours: { tue: ['14:00-18:00', '12:00-14:00', '08:00-12:00'] },
    });
    expect(
      touching.workingIntervals(at('2026-02-10T00:00:00+01:00'), at('2026-02-11T00:00:00+01:00')),
    ).toEqual([{ start: at('2026-02-10T08:00:00+01:00'), end: at('2026-02-10T18:00:00+01:00') }]);
  });

  it('rejects an unknown time zone, weekday or holiday date, listing every problem', () => {
    const problems = problemsOf(() =>
      BusinessCalendar.fromDefinition({
        timeZone: 'Europe/Milano',
        hours: JSON.parse('{"monday": ["08:00-12:00"], "fri": "08:00-12:00"}'),
        holidays: { italianNational: true, dates: ['02-30'] },
      }),
    );
    expect(problems).toEqual([
      'unknown time zone "Europe/Milano"',
      'hours: unknown weekday "monday" (use mon, tue, wed, thu, fri, sat, sun)',
      'hours.fri: must be a list of ranges like "08:30-13:00"',
      'holidays.dates[0]: "02-30" is not a date like "12-07" (every year) or "2026-12-24" (once)',
    ]);
  });

  it('has a readable message', () => {
    expect(() =>
      BusinessCalendar.fromDefinition({ timeZone: 'Europe/Rome', hours: { mon: ['9-17'] } }),
    ).toThrow('invalid business calendar: hours.mon[0]: "9-17" is not a time range like "08:30-13:00"');
  });
});

describe('a calendar without working time', () => {
  const closed = BusinessCalendar.fromDefinition({ timeZone: 'Europe/Rome', hours: {} });
  const from = at('2026-02-09T10:00:00+01:00');

  it('can be built and answers bounded questions', () => {
    expect(closed.hasWeeklyHours).toBe(false);
    expect(closed.isWorkingTime(from)).toBe(false);
    expect(closed.workingMinutesBetween(from, at('2027-02-09T10:00:00+01:00'))).toBe(0);
    expect(closed.workingIntervals(from, at('2027-02-09T10:00:00+01:00'))).toEqual([]);
    expect(closed.addWorkingMinutes(from, 0)).toEqual(from);
  });

  it('throws instead of searching forever', () => {
    expect(() => closed.addWorkingMinutes(from, 10)).toThrow(NoWorkingTimeError);
    expect(() => closed.addWorkingMinutes(from, 10)).toThrow(/no weekday has working hours/);
    expect(() => closed.nextWorkingTime(from)).toThrow(NoWorkingTimeError);
  });

  it('throws when every day is a holiday, after scanning a little more than a year', () => {
    const dates: string[] = [];
    for (let day = Date.UTC(2024, 0, 1); day < Date.UTC(2025, 0, 1); day += 86_400_000) {
      dates.push(new Date(day).toISOString().slice(5, 10));
    }
    expect(dates).toHaveLength(366);
    const alwaysOnHoliday = BusinessCalendar.fromDefinition({
      timeZone: 'Europe/Rome',
      hours: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE },
      holidays: { italianNational: false, dates },
    });
    expect(() => alwaysOnHoliday.addWorkingMinutes(from, 1)).toThrow(/more than a year/);
  });

  it('throws when the working time runs out for good', () => {
    const lastDay = BusinessCalendar.fromDefinition({
      timeZone: 'Europe/Rome',
      hours: { mon: OFFICE },
      holidays: {
        italianNational: false,
        dates: Array.from({ length: 60 }, (_, week) =>
          new Date(Date.UTC(2026, 1, 16) + week * 7 * 86_400_000).toISOString().slice(0, 10),
        ),
      },
    });
    // Monday 9 Feb works; every Monday of the next 60 weeks is a holiday.
    expect(lastDay.addWorkingMinutes(from, 60)).toEqual(at('2026-02-09T11:00:00+01:00'));
    expect(() => lastDay.addWorkingMinutes(from, 480)).toThrow(NoWorkingTimeError);
  });
});
