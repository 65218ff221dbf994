import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../../src/core/calendar/index.js';
import { seededRandom } from '../../../src/fake-slack/seeded-random.js';

const OFFICE = ['08:30-13:00', '14:00-17:30'];
const SPAN_START = Date.UTC(2026, 0, 1);
const SPAN_MS = 2 * 365 * 86_400_000; // 2026 and 2027: four DST changes per zone

const calendars: [string, BusinessCalendar][] = [
  [
    'Rome office with Italian holidays',
    BusinessCalendar.fromDefinition({
      timeZone: 'Europe/Rome',
      hours: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE },
      holidays: { italianNational: true, dates: ['12-07', '2026-06-29'] },
    }),
  ],
  [
    'Rome Sunday night shift across the changed hours',
    BusinessCalendar.fromDefinition({
      timeZone: 'Europe/Rome',
      hours: { sat: ['22:00-24:00'], sun: ['00:00-03:30'] },
    }),
  ],
  [
    'New York split shifts',
    BusinessCalendar.fromDefinition({
      timeZone: 'America/New_York',
      hours: { mon: ['07:00-11:00', '12:00-19:00'], wed: ['00:00-24:00'], sat: ['01:30-02:30'] },
      holidays: { italianNational: false, dates: ['07-04', '11-26'] },
    }),
  ],
  ['24/7 in Europe/Rome', BusinessCalendar.always('Europe/Rome')],
];

describe.each(calendars)('properties of %s', (_, calendar) => {
  it('workingMinutesBetween inverts addWorkingMinutes', () => {
    const random = seededRandom(20_260_329);
    for (let i = 0; i < 300; i++) {
      const from = new Date(SPAN_START + Math.floor(random() * SPAN_MS));
      const minutes = Math.floor(random() * 6000) + 1;
      const due = calendar.addWorkingMinutes(from, minutes);
      expect(calendar.workingMinutesBetween(from, due)).toBe(minutes);
      // The deadline is the earliest such instant: the millisecond before it was still worked.
      expect(calendar.isWorkingTime(new Date(due.getTime() - 1))).toBe(true);
      expect(calendar.workingMinutesBetween(from, new Date(due.getTime() - 1))).toBeLessThan(minutes);
    }
  });

  it('addWorkingMinutes inverts workingMinutesBetween up to non-working time', () => {
    const random = seededRandom(20_261_025);
    for (let i = 0; i < 300; i++) {
      const from = new Date(SPAN_START + Math.floor(random() * SPAN_MS));
      const to = new Date(from.getTime() + Math.floor(random() * 30 * 86_400_000));
      const minutes = calendar.workingMinutesBetween(from, to);
      const reached = calendar.addWorkingMinutes(from, minutes);
      expect(reached.getTime()).toBeLessThanOrEqual(to.getTime());
      expect(calendar.workingMinutesBetween(reached, to)).toBe(0);
      if (calendar.isWorkingTime(to) && minutes > 0) expect(reached).toEqual(to);
    }
  });

  it('agrees with itself: intervals, isWorkingTime, nextWorkingTime and additivity', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 200; i++) {
      const from = new Date(SPAN_START + Math.floor(random() * SPAN_MS));
      const middle = new Date(from.getTime() + Math.floor(random() * 10 * 86_400_000));
      const to = new Date(middle.getTime() + Math.floor(random() * 10 * 86_400_000));

      const total = calendar.workingMinutesBetween(from, to);
      expect(
        calendar.workingMinutesBetween(from, middle) + calendar.workingMinutesBetween(middle, to),
      ).toBeCloseTo(total, 9);

      const intervals = calendar.workingIntervals(from, to);
      const sum = intervals.reduce((acc, { start, end }) => acc + (end.getTime() - start.getTime()), 0);
      expect(sum / 60_000).toBeCloseTo(total, 9);
      for (const [index, { start, end }] of intervals.entries()) {
        expect(start.getTime()).toBeLessThan(end.getTime());
        expect(calendar.isWorkingTime(start)).toBe(true);
        expect(calendar.isWorkingTime(new Date(end.getTime() - 1))).toBe(true);
        if (end.getTime() < to.getTime()) expect(calendar.isWorkingTime(end)).toBe(false);
        const previous = intervals[index - 1];
        if (previous) expect(previous.end.getTime()).toBeLessThan(start.getTime());
      }

      const next = calendar.nextWorkingTime(middle);
      expect(calendar.isWorkingTime(next)).toBe(true);
      expect(calendar.workingMinutesBetween(middle, next)).toBe(0);
      if (calendar.isWorkingTime(middle)) expect(next).toEqual(middle);
    }
  });
});

describe('a 24/7 desk counts plain elapsed time in any zone', () => {
  it.each([
    'Europe/Rome',
    'America/New_York',
    'America/Santiago',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'UTC',
  ])('%s', (timeZone) => {
    const desk = BusinessCalendar.always(timeZone);
    const random = seededRandom(7);
    for (let i = 0; i < 100; i++) {
      const from = SPAN_START + Math.floor(random() * SPAN_MS);
      const minutes = Math.floor(random() * 200_000);
      expect(desk.addWorkingMinutes(new Date(from), minutes).getTime()).toBe(from + minutes * 60_000);
      expect(desk.workingMinutesBetween(new Date(from), new Date(from + minutes * 60_000))).toBe(minutes);
    }
  });
});
