import { afterEach, describe, expect, it } from 'vitest';
import type { TestDesk } from '../../support/desk.js';
import { open, slaDesk, utc } from './sla-desk.js';

let t: TestDesk;
afterEach(() => t.close());

/** The SLA columns of a ticket opened in `queueKey` at `at`, as UTC ISO strings. */
async function openedAt(at: string, queueKey = 'helpdesk') {
  t = await slaDesk(at);
  const ticket = await open(t, queueKey);
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    firstResponseDueAt: iso(ticket.firstResponseDueAt),
    firstResponseWarnAt: iso(ticket.firstResponseWarnAt),
    updateDueAt: iso(ticket.updateDueAt),
    updateWarnAt: iso(ticket.updateWarnAt),
    solutionDueAt: iso(ticket.solutionDueAt),
    solutionWarnAt: iso(ticket.solutionWarnAt),
  };
}

describe('due times on the queue calendar', () => {
  it('counts working minutes: due and warn-at (75%) of every promise of a ticket opened on a Monday morning', async () => {
    expect(await openedAt('2026-02-09T10:00:00+01:00')).toEqual({
      firstResponseDueAt: utc('2026-02-09T11:00:00+01:00'),
      firstResponseWarnAt: utc('2026-02-09T10:45:00+01:00'),
      // 3 hours until lunch, then one more.
      updateDueAt: utc('2026-02-09T15:00:00+01:00'),
      // 180 minutes run out exactly at 13:00: the end of the morning, not the start of the afternoon.
      updateWarnAt: utc('2026-02-09T13:00:00+01:00'),
      // 5 working days of 8 hours.
      solutionDueAt: utc('2026-02-16T10:00:00+01:00'),
      solutionWarnAt: utc('2026-02-12T17:00:00+01:00'),
    });
  });

  it.each([
    ['at night', '2026-02-09T19:00:00+01:00', '2026-02-10T09:30:00+01:00'],
    ['at lunch', '2026-02-09T13:20:00+01:00', '2026-02-09T15:00:00+01:00'],
    ['on Friday evening, over the weekend', '2026-02-13T17:00:00+01:00', '2026-02-16T09:00:00+01:00'],
    ['on a Saturday', '2026-02-14T10:00:00+01:00', '2026-02-16T09:30:00+01:00'],
    ['before Easter Monday', '2026-04-03T17:00:00+02:00', '2026-04-07T09:00:00+02:00'],
    [
      'before 7 December (own holiday) and 8 December',
      '2026-12-04T17:00:00+01:00',
      '2026-12-09T09:00:00+01:00',
    ],
    ['over the switch to summer time', '2026-03-27T17:00:00+01:00', '2026-03-30T09:00:00+02:00'],
    ['over the switch back to winter time', '2026-10-23T17:00:00+02:00', '2026-10-26T09:00:00+01:00'],
  ])('first response of a ticket opened %s', async (_, at, due) => {
    expect((await openedAt(at)).firstResponseDueAt).toBe(utc(due));
  });

  it('spans weeks: Christmas holidays, and four weeks across summer time and Easter Monday', async () => {
    expect((await openedAt('2026-12-23T10:00:00+01:00')).solutionDueAt).toBe(
      utc('2026-12-31T10:00:00+01:00'),
    );
    await t.close();
    // 20 working days from Monday 23 March: Easter Monday (6 April) is not one of them.
    expect(await openedAt('2026-03-23T08:30:00+01:00', 'progetti')).toMatchObject({
      firstResponseDueAt: null,
      updateDueAt: null,
      solutionDueAt: utc('2026-04-20T17:30:00+02:00'),
      // 80% (the default): 16 working days, the last one Tuesday 14 April.
      solutionWarnAt: utc('2026-04-14T17:30:00+02:00'),
    });
  });

  it('counts real minutes around the clock in a queue without a calendar, even over the DST switch', async () => {
    expect(await openedAt('2026-03-29T01:30:00+01:00', 'h24')).toEqual({
      firstResponseDueAt: '2026-03-29T01:30:00.000Z',
      firstResponseWarnAt: '2026-03-29T01:18:00.000Z',
      updateDueAt: null,
      updateWarnAt: null,
      solutionDueAt: '2026-03-29T10:30:00.000Z',
      solutionWarnAt: '2026-03-29T08:30:00.000Z',
    });
  });
});
