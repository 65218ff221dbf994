import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import { queueKeyOf, ticketNumberOf } from '../../src/core/model.js';
import type { Statistics } from '../../src/core/queries/statistics.js';
import {
  anna,
  createTestDesk,
  luca,
  maria,
  paolo,
  student,
  TEST_CONFIG,
  type TestDesk,
} from '../support/desk.js';

/**
 * A controlled week. The helpdesk works Monday to Friday 09:00–17:00 (Rome) and promises a first answer
 * within 60 working minutes and a solution within 2400; didattica has no calendar (every minute counts) and
 * no promises. The week is Monday 30 November to Sunday 6 December 2026; "now" is Friday 4 December, noon.
 */
const CONFIG = TEST_CONFIG.replace(
  'queues:\n',
  `calendars:
  - key: ufficio
    name: Ufficio
    hours: { mon: ["09:00-17:00"], tue: ["09:00-17:00"], wed: ["09:00-17:00"], thu: ["09:00-17:00"], fri: ["09:00-17:00"] }
queues:
`,
).replace('    reopen_window_days: 7\n', '    reopen_window_days: 7\n    calendar: ufficio\n');

/** A wall-clock time in Rome (UTC+1 in winter). */
const rome = (text: string) => new Date(`${text.replace(' ', 'T')}:00+01:00`);
const WEEK = { from: rome('2026-11-30 00:00'), to: rome('2026-12-07 00:00') };

let t: TestDesk;
const numbers: Record<string, string> = {};
let stats: Statistics;

function at(text: string) {
  t.clock.set(rome(text));
}

async function open(name: string, when: string, queueKey = 'helpdesk') {
  at(when);
  numbers[name] = (
    await t.desk.openTicket(student, {
      queueKey: queueKeyOf(queueKey),
      title: name,
      article: { channel: 'slack', body: `${name}: help` },
    })
  ).ticket.number;
}

async function answer(name: string, when: string, operator: Actor = maria) {
  at(when);
  await t.desk.claimTicket(operator, ticketNumberOf(numbers[name] as string));
  await t.desk.addArticle(operator, ticketNumberOf(numbers[name] as string), {
    kind: 'reply',
    channel: 'slack',
    body: 'On it.',
  });
}

async function close(name: string, when: string, operator: Actor = maria) {
  at(when);
  await t.desk.closeTicket(operator, ticketNumberOf(numbers[name] as string), { state: 'closed_successful' });
}

beforeAll(async () => {
  t = await createTestDesk(undefined, CONFIG);
  // T5: opened the Friday before, never claimed, closed on Wednesday.
  await open('T5', '2026-11-27 10:00');
  // T1: answered after 20 minutes, closed after 2 working hours, rated 5.
  await open('T1', '2026-11-30 10:00');
  await answer('T1', '2026-11-30 10:20');
  await close('T1', '2026-11-30 12:00');
  at('2026-11-30 12:05');
  await t.desk.rateTicket(student, ticketNumberOf(numbers.T1 as string), 5, 'Great');
  // T2: opened an hour before closing time, answered the next morning (120 working minutes: late).
  await open('T2', '2026-11-30 16:00');
  await answer('T2', '2026-12-01 10:00');
  await close('T2', '2026-12-01 11:00');
  await t.desk.rateTicket(student, ticketNumberOf(numbers.T2 as string), 3);
  // T3: never answered (late since Tuesday noon).
  await open('T3', '2026-12-01 11:00');
  // T4: didattica, no calendar and no promises: 30 and 60 minutes.
  await open('T4', '2026-12-02 09:00', 'didattica');
  await answer('T4', '2026-12-02 09:30', paolo);
  await close('T4', '2026-12-02 10:00', paolo);
  await close('T5', '2026-12-02 12:00');
  // T6: claimed and put on hold without an answer.
  await open('T6', '2026-12-03 09:00');
  at('2026-12-03 09:15');
  await t.desk.claimTicket(maria, ticketNumberOf(numbers.T6 as string));
  await t.desk.setPending(
    maria,
    ticketNumberOf(numbers.T6 as string),
    'pending_reminder',
    rome('2026-12-10 09:00'),
  );
  at('2026-12-04 12:00');
  stats = await t.desk.statistics(anna, WEEK);
});
afterAll(() => t.close());

describe('statistics of a controlled week', () => {
  it('counts opened, closed and the backlog now', () => {
    expect(stats.opened).toBe(5);
    expect(stats.openedInPeriod).toBe(5);
    expect(stats.closed).toBe(4);
    expect(stats.closedInPeriod).toBe(4);
    expect(stats.backlog).toEqual({ new: 1, open: 0, pending: 1 });
  });

  it('gives median and p90 in working minutes of each queue’s calendar', () => {
    // First answers: T1 20, T4 30 (wall clock), T2 60 + 60 across the night.
    expect(stats.firstResponse).toEqual({ count: 3, medianMinutes: 30, p90Minutes: 120 });
    // Resolutions: T4 60, T1 120, T2 180, T5 Fri 10–17 + Mon + Tue + Wed 9–12 = 420 + 480 + 480 + 180.
    expect(stats.resolution).toEqual({ count: 4, medianMinutes: 120, p90Minutes: 1560 });
  });

  it('measures SLA compliance and satisfaction', () => {
    // T1 in time; T2 late; T3 and T6 never answered and past due. T4 promised nothing.
    expect(stats.firstResponseSla).toEqual({ met: 1, missed: 3, percent: 25 });
    expect(stats.solutionSla).toEqual({ met: 3, missed: 0, percent: 100 });
    expect(stats.satisfaction).toEqual({ count: 2, average: 4 });
  });

  it('splits the figures by queue', () => {
    const helpdesk = stats.queues.find((q) => q.queueKey === 'helpdesk');
    expect(helpdesk).toMatchObject({
      queueName: 'Helpdesk informatico',
      opened: 4,
      closed: 3,
      backlog: { new: 1, open: 0, pending: 1 },
      firstResponse: { count: 2, medianMinutes: 20, p90Minutes: 120 },
      satisfaction: { count: 2, average: 4 },
    });
    const didattica = stats.queues.find((q) => q.queueKey === 'didattica');
    expect(didattica).toMatchObject({
      opened: 1,
      closed: 1,
      firstResponse: { count: 1, medianMinutes: 30 },
      resolution: { count: 1, medianMinutes: 60 },
      firstResponseSla: { met: 0, missed: 0, percent: null },
      satisfaction: { count: 0, average: null },
    });
    expect(stats.queues.map((q) => q.queueName)).toEqual([...stats.queues.map((q) => q.queueName)].sort());
  });

  it('splits closed tickets by their owner when closed, nobody last', () => {
    expect(stats.operators).toEqual([
      {
        operator: { name: 'Maria Rossi', slackUserId: 'U0MARIA001' },
        closed: 2,
        resolution: { count: 2, medianMinutes: 120, p90Minutes: 180 },
        solutionSla: { met: 2, missed: 0, percent: 100 },
        satisfaction: { count: 2, average: 4 },
      },
      {
        operator: { name: 'Paolo Ricci', slackUserId: 'U0PAOLO001' },
        closed: 1,
        resolution: { count: 1, medianMinutes: 60, p90Minutes: 60 },
        solutionSla: { met: 0, missed: 0, percent: null },
        satisfaction: { count: 0, average: null },
      },
      {
        operator: null,
        closed: 1,
        resolution: { count: 1, medianMinutes: 1560, p90Minutes: 1560 },
        solutionSla: { met: 1, missed: 0, percent: 100 },
        satisfaction: { count: 0, average: null },
      },
    ]);
  });

  it('gives each day opened, closed and the backlog at its end (null while not over)', () => {
    expect(stats.days.map((d) => [d.day, d.opened, d.closed, d.backlog])).toEqual([
      ['2026-11-30', 2, 1, 2],
      ['2026-12-01', 1, 1, 2],
      ['2026-12-02', 1, 2, 1],
      ['2026-12-03', 1, 0, 2],
      ['2026-12-04', 0, 0, null],
      ['2026-12-05', 0, 0, null],
      ['2026-12-06', 0, 0, null],
    ]);
    expect(stats.days[0]?.start).toEqual(WEEK.from);
  });

  it('limits operators to their queues, and one queue when named', async () => {
    const mine = await t.desk.statistics(maria, WEEK);
    expect(mine.opened).toBe(4);
    expect(mine.queues.map((q) => q.queueKey).sort()).toEqual(['helpdesk', 'posta', 'reti', 'sistemi']);
    expect(mine.operators.map((o) => o.operator?.name ?? null)).toEqual(['Maria Rossi', null]);
    const didattica = await t.desk.statistics(paolo, { ...WEEK, queueKey: queueKeyOf('didattica') });
    expect(didattica.queues.map((q) => q.queueKey)).toEqual(['didattica']);
    expect(didattica.days.map((d) => d.opened)).toEqual([0, 0, 1, 0, 0, 0, 0]);
    await expect(t.desk.statistics(maria, { ...WEEK, queueKey: queueKeyOf('didattica') })).rejects.toThrow(
      /not allowed/,
    );
    await expect(t.desk.statistics(student, WEEK)).rejects.toThrow(/not allowed/);
    await expect(
      t.desk.statistics(anna, { from: rome('2024-01-01 00:00'), to: rome('2026-01-01 00:00') }),
    ).rejects.toThrow(/at most 366 days/);
  });
});

describe('export', () => {
  it('lists the tickets opened or closed in the period, oldest first, with times and SLA outcomes', async () => {
    const exported = await t.desk.exportTickets(anna, WEEK);
    expect(exported.truncated).toBe(false);
    expect(exported.rows.map((r) => r.title)).toEqual(['T5', 'T1', 'T2', 'T3', 'T4', 'T6']);
    const byTitle = Object.fromEntries(exported.rows.map((r) => [r.title, r]));
    expect(byTitle.T1).toMatchObject({
      queueKey: 'helpdesk',
      state: 'closed_successful',
      ownerName: 'Maria Rossi',
      customerName: expect.any(String),
      minutesToFirstResponse: 20,
      minutesToResolution: 120,
      firstResponseSlaMet: true,
      solutionSlaMet: true,
      rating: 5,
      ratingComment: 'Great',
    });
    expect(byTitle.T2).toMatchObject({ minutesToFirstResponse: 120, firstResponseSlaMet: false, rating: 3 });
    expect(byTitle.T3).toMatchObject({
      state: 'new',
      ownerName: null,
      closedAt: null,
      minutesToFirstResponse: null,
      firstResponseSlaMet: false,
      solutionSlaMet: null,
    });
    expect(byTitle.T5).toMatchObject({ ownerName: null, minutesToResolution: 1560 });
    expect(byTitle.T6).toMatchObject({ state: 'pending_reminder', ownerName: 'Maria Rossi' });
  });

  it('is for operators, over their queues', async () => {
    expect((await t.desk.exportTickets(paolo, WEEK)).rows.map((r) => r.title)).toEqual(['T4']);
    await expect(t.desk.exportTickets(student, WEEK)).rejects.toThrow(/not allowed/);
  });
});

describe('operators who share a name', () => {
  // Luca Verdi renamed Maria Rossi, and given the helpdesk too: two agents, one name.
  const config = TEST_CONFIG.replace('name: Luca Verdi', 'name: Maria Rossi').replace(
    'operators: [U0MARIA001]',
    'operators: [U0MARIA001, U0LUCA0001]',
  );
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await createTestDesk(undefined, config);
  });
  afterAll(() => desk.close());

  it('get a row each, both named', async () => {
    const closedBy = async (operator: Actor, title: string) => {
      desk.clock.set(rome('2026-12-01 10:00'));
      const { number } = (
        await desk.desk.openTicket(student, {
          queueKey: queueKeyOf('helpdesk'),
          title,
          article: { channel: 'slack', body: title },
        })
      ).ticket;
      await desk.desk.claimTicket(operator, number);
      await desk.desk.closeTicket(operator, number, { state: 'closed_successful' });
    };
    await closedBy(maria, 'Printer');
    await closedBy(maria, 'Wi-Fi');
    await closedBy(luca, 'Mail');
    const figures = await desk.desk.statistics(anna, WEEK);
    expect(figures.operators.map((o) => [o.operator, o.closed])).toEqual([
      [{ name: 'Maria Rossi', slackUserId: 'U0MARIA001' }, 2],
      [{ name: 'Maria Rossi', slackUserId: 'U0LUCA0001' }, 1],
    ]);
  });
});
