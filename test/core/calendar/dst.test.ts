import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../../src/core/calendar/index.js';

// Europe/Rome in 2026: 29 March 02:00 CET → 03:00 CEST (01:00Z); 25 October 03:00 CEST → 02:00 CET (01:00Z).
const at = (iso: string): Date => new Date(iso);
const ALL_DAY = ['00:00-24:00'];
const every = (ranges: string[]) => ({
  mon: ranges,
  tue: ranges,
  wed: ranges,
  thu: ranges,
  fri: ranges,
  sat: ranges,
  sun: ranges,
});

describe.each([
  ['BusinessCalendar.always', BusinessCalendar.always('Europe/Rome')],
  [
    'explicit 00:00-24:00 hours',
    BusinessCalendar.fromDefinition({ timeZone: 'Europe/Rome', hours: every(ALL_DAY) }),
  ],
])('a 24h desk in Europe/Rome (%s)', (_, desk) => {
  it('works 23 hours on the spring-forward day and 25 on the fall-back day', () => {
    expect(desk.workingMinutesBetween(at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toBe(
      1380,
    );
    expect(desk.workingMinutesBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toBe(
      1500,
    );
  });

  it('counts real elapsed minutes across the changes', () => {
    expect(desk.addWorkingMinutes(at('2026-03-29T01:30:00+01:00'), 60)).toEqual(
      at('2026-03-29T03:30:00+02:00'),
    );
    expect(desk.addWorkingMinutes(at('2026-10-25T02:30:00+02:00'), 60)).toEqual(
      at('2026-10-25T02:30:00+01:00'),
    );
    expect(desk.addWorkingMinutes(at('2026-03-28T12:00:00+01:00'), 1440)).toEqual(
      at('2026-03-29T13:00:00+02:00'),
    );
    expect(desk.addWorkingMinutes(at('2026-10-24T12:00:00+02:00'), 1440)).toEqual(
      at('2026-10-25T11:00:00+01:00'),
    );
  });

  it('is working in the repeated hour, both times', () => {
    expect(desk.isWorkingTime(at('2026-10-25T02:30:00+02:00'))).toBe(true);
    expect(desk.isWorkingTime(at('2026-10-25T02:30:00+01:00'))).toBe(true);
  });

  it('returns one uninterrupted interval over a change', () => {
    expect(desk.workingIntervals(at('2026-03-28T22:00:00+01:00'), at('2026-03-29T05:00:00+02:00'))).toEqual([
      { start: at('2026-03-28T22:00:00+01:00'), end: at('2026-03-29T05:00:00+02:00') },
    ]);
    expect(desk.workingIntervals(at('2026-10-24T22:00:00+02:00'), at('2026-10-25T05:00:00+01:00'))).toEqual([
      { start: at('2026-10-24T22:00:00+02:00'), end: at('2026-10-25T05:00:00+01:00') },
    ]);
  });
});

describe('a range spanning the changed hour counts the real elapsed minutes', () => {
  const sundayNight = BusinessCalendar.fromDefinition({
    timeZone: 'Europe/Rome',
    hours: { sun: ['01:00-04:00'] },
  });

  it('is 3 hours on an ordinary Sunday, 2 in spring, 4 in autumn', () => {
    const minutesOn = (from: string, to: string) => sundayNight.workingMinutesBetween(at(from), at(to));
    expect(minutesOn('2026-03-22T00:00:00+01:00', '2026-03-23T00:00:00+01:00')).toBe(180);
    expect(minutesOn('2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00')).toBe(120);
    expect(minutesOn('2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00')).toBe(240);
  });

  it('ends at the same wall-clock time after a change', () => {
    expect(sundayNight.addWorkingMinutes(at('2026-03-29T01:00:00+01:00'), 120)).toEqual(
      at('2026-03-29T04:00:00+02:00'),
    );
    expect(sundayNight.addWorkingMinutes(at('2026-10-25T01:00:00+02:00'), 240)).toEqual(
      at('2026-10-25T04:00:00+01:00'),
    );
    expect(sundayNight.addWorkingMinutes(at('2026-10-25T01:00:00+02:00'), 241)).toEqual(
      at('2026-11-01T01:01:00+01:00'),
    );
  });

  it('follows the wall clock for a range starting inside the changed hour', () => {
    const late = BusinessCalendar.fromDefinition({
      timeZone: 'Europe/Rome',
      hours: { sun: ['02:30-04:00'] },
    });
    // Spring: 02:30 never happens; work starts when the clocks jump to 03:00.
    expect(late.workingIntervals(at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toEqual([
      { start: at('2026-03-29T03:00:00+02:00'), end: at('2026-03-29T04:00:00+02:00') },
    ]);
    // Autumn: 02:30–03:00 summer time, then again from the second 02:30 to 04:00.
    expect(late.workingIntervals(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toEqual([
      { start: at('2026-10-25T02:30:00+02:00'), end: at('2026-10-25T03:00:00+02:00') },
      { start: at('2026-10-25T02:30:00+01:00'), end: at('2026-10-25T04:00:00+01:00') },
    ]);
    expect(late.isWorkingTime(at('2026-10-25T02:15:00+01:00'))).toBe(false);
    expect(late.nextWorkingTime(at('2026-10-25T02:00:00+01:00'))).toEqual(at('2026-10-25T02:30:00+01:00'));
  });

  it('has no working time for a range inside the skipped hour', () => {
    const skipped = BusinessCalendar.fromDefinition({
      timeZone: 'Europe/Rome',
      hours: { sun: ['02:00-03:00'] },
    });
    expect(
      skipped.workingMinutesBetween(at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00')),
    ).toBe(0);
    expect(skipped.nextWorkingTime(at('2026-03-29T00:00:00+01:00'))).toEqual(at('2026-04-05T02:00:00+02:00'));
  });
});

describe('office hours across the changes in Europe/Rome', () => {
  const OFFICE = ['08:30-13:00', '14:00-17:30'];
  const office = BusinessCalendar.fromDefinition({
    timeZone: 'Europe/Rome',
    hours: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE },
    holidays: { italianNational: true, dates: [] },
  });

  it('opens at 08:30 local time on both sides of each change', () => {
    expect(office.addWorkingMinutes(at('2026-03-27T17:00:00+01:00'), 60)).toEqual(
      at('2026-03-30T09:00:00+02:00'),
    );
    expect(office.addWorkingMinutes(at('2026-10-23T17:00:00+02:00'), 60)).toEqual(
      at('2026-10-26T09:00:00+01:00'),
    );
    expect(office.nextWorkingTime(at('2026-03-29T12:00:00+02:00'))).toEqual(at('2026-03-30T08:30:00+02:00'));
  });

  it('counts 8 hours a day whatever the offset', () => {
    expect(
      office.workingMinutesBetween(at('2026-03-27T08:30:00+01:00'), at('2026-03-30T17:30:00+02:00')),
    ).toBe(960);
    expect(
      office.workingMinutesBetween(at('2026-10-23T08:30:00+02:00'), at('2026-10-26T17:30:00+01:00')),
    ).toBe(960);
    expect(office.addWorkingMinutes(at('2026-03-23T08:30:00+01:00'), 2400 + 480)).toEqual(
      at('2026-03-30T17:30:00+02:00'),
    );
  });
});
