import { afterEach, expect, it } from 'vitest';
import { queueCalendar } from '../../../src/core/sla.js';
import { createDb, type DbHandle } from '../../../src/db/client.js';
import { insertReturning } from '../../../src/db/prepared.js';
import { calendars } from '../../../src/db/schema.js';

const opened: DbHandle[] = [];
afterEach(() => {
  for (const handle of opened.splice(0)) handle.close();
});

/** A database whose first calendar works the hours given on Mondays in Rome. */
async function databaseWithMondayHours(hours: string) {
  const handle = createDb(':memory:');
  opened.push(handle);
  const { id } = await insertReturning(handle.db, calendars, {
    key: 'uffici',
    name: 'Uffici',
    timeZone: 'Europe/Rome',
    definition: {
      hours: { mon: [hours], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: { italianNational: false, dates: [] },
    },
  });
  return { handle, calendarId: id };
}

it('builds each database its own calendars, even where their ids are the same', async () => {
  const mornings = await databaseWithMondayHours('09:00-13:00');
  const afternoons = await databaseWithMondayHours('14:00-18:00');
  expect(afternoons.calendarId).toBe(mornings.calendarId);
  const calendarOf = ({ handle, calendarId }: typeof mornings) => queueCalendar(handle.db, { calendarId });
  const mondayNoonInRome = new Date('2026-11-30T11:00:00Z');
  const worksAtNoon = (calendar: Awaited<ReturnType<typeof calendarOf>>) =>
    calendar.workingMinutesBetween(mondayNoonInRome, new Date(mondayNoonInRome.getTime() + 60_000)) === 1;

  const built = await calendarOf(mornings);
  expect(worksAtNoon(built)).toBe(true);
  expect(worksAtNoon(await calendarOf(afternoons))).toBe(false);
  // The other database's calendar did not take this one's place: it is not built again.
  expect(await calendarOf(mornings)).toBe(built);
});
