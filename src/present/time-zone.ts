import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export function formatInTimeZone(date: Date, timeZone: string, pattern: string): string {
  return format(new TZDate(date, timeZone), pattern);
}

/** The instant a person means by a date and a time on the desk's wall clock. */
export function wallClockToDate(day: string, time: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(year, month - 1, date, hours, minutes, timeZone).getTime());
}
