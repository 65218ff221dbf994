import { describe, expect, it } from 'vitest';
import {
  easterSunday,
  holidayChecker,
  isHoliday,
  isValidHolidayDate,
  italianNationalHolidays,
} from '../../../src/core/calendar/index.js';

describe('easterSunday', () => {
  it.each([
    [1818, '1818-03-22'], // earliest possible date
    [1943, '1943-04-25'], // latest possible date
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter %i is on %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it('always falls on a Sunday between 22 March and 25 April', () => {
    for (let year = 1583; year <= 3000; year++) {
      const easter = easterSunday(year);
      expect(new Date(`${easter}T00:00:00Z`).getUTCDay()).toBe(0);
      const monthDay = easter.slice(5);
      expect(monthDay >= '03-22' && monthDay <= '04-25').toBe(true);
    }
  });

  it.each([1582, 10_000, 2026.5, Number.NaN])('rejects year %s', (year) => {
    expect(() => easterSunday(year)).toThrow(RangeError);
  });
});

describe('italianNationalHolidays', () => {
  it('lists the 2026 holidays in order, San Francesco (4 October) included from 2026', () => {
    expect(italianNationalHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-01-06',
      '2026-04-05',
      '2026-04-06',
      '2026-04-25',
      '2026-05-01',
      '2026-06-02',
      '2026-08-15',
      '2026-10-04',
      '2026-11-01',
      '2026-12-08',
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  it('has no 4 October before 2026 and Easter Monday 2027 on 29 March', () => {
    const y2025 = italianNationalHolidays(2025);
    expect(y2025).toHaveLength(12);
    expect(y2025).not.toContain('2025-10-04');
    expect(y2025).toContain('2025-04-21');
    expect(italianNationalHolidays(2027)).toContain('2027-03-29');
  });

  it('lists a day once when Easter falls on 25 April (2038)', () => {
    const days = italianNationalHolidays(2038);
    expect(days.filter((day) => day === '2038-04-25')).toHaveLength(1);
    expect(days).toContain('2038-04-26');
    expect(days).toHaveLength(12);
  });

  it('returns a copy the caller may change', () => {
    italianNationalHolidays(2026).pop();
    expect(italianNationalHolidays(2026)).toHaveLength(13);
  });
});

describe('isHoliday', () => {
  const italian = { italianNational: true, dates: [] };
  const none = { italianNational: false, dates: [] };

  it('knows Easter Monday only when the Italian set is on', () => {
    expect(isHoliday('2026-04-06', italian)).toBe(true);
    expect(isHoliday('2027-03-29', italian)).toBe(true);
    expect(isHoliday('2026-04-07', italian)).toBe(false);
    expect(isHoliday('2026-04-06', none)).toBe(false);
  });

  it('repeats "MM-DD" every year and "YYYY-MM-DD" only once', () => {
    const rules = { italianNational: false, dates: ['12-07', '2026-02-17', '02-29'] };
    expect(isHoliday('2026-12-07', rules)).toBe(true);
    expect(isHoliday('2031-12-07', rules)).toBe(true);
    expect(isHoliday('2026-02-17', rules)).toBe(true);
    expect(isHoliday('2027-02-17', rules)).toBe(false);
    expect(isHoliday('2028-02-29', rules)).toBe(true);
    expect(isHoliday('2026-12-08', rules)).toBe(false);
  });

  it('rejects malformed days and rules', () => {
    expect(() => isHoliday('2026-4-6', italian)).toThrow(RangeError);
    expect(() => isHoliday('2026-02-30', italian)).toThrow(RangeError);
    expect(() => holidayChecker({ italianNational: false, dates: ['12/25'] })).toThrow(/12\/25/);
  });

  it.each([
    ['12-25', true],
    ['02-29', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['02-30', false],
    ['13-01', false],
    ['2026-12-25 ', false],
    ['25-12', false],
  ])('isValidHolidayDate(%j) is %s', (value, expected) => {
    expect(isValidHolidayDate(value)).toBe(expected);
  });
});
