import { describe, expect, it } from 'vitest';
import { queueKeyOf, slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';
import { searchWords } from '../../src/core/queries/search.js';
import {
  anna,
  externalUser,
  luca,
  maria,
  openSimple,
  otherStudent,
  paolo,
  student,
  useTestDesk,
} from '../support/desk.js';

const t = useTestDesk();

describe('queue view', () => {
  it('lists new, open and pending tickets, highest priority first, then oldest first, in pages', async () => {
    const numbers: Record<string, string> = {};
    for (const [name, priority] of [
      ['old-normal', 3],
      ['urgent', 5],
      ['young-normal', 3],
      ['low', 1],
      ['closed', 4],
    ] as const) {
      const { ticket } = await t.desk.openTicket(student, {
        queueKey: queueKeyOf('helpdesk'),
        title: name,
        priority,
        article: { channel: 'slack', body: name },
      });
      numbers[name] = ticket.number;
      t.clock.advance(60_000);
    }
    await t.desk.closeTicket(maria, ticketNumberOf(numbers.closed as string), { state: 'closed_successful' });
    await t.desk.setPending(
      maria,
      ticketNumberOf(numbers.low as string),
      'pending_reminder',
      new Date('2026-12-05T09:00:00Z'),
    );

    const first = await t.desk.queueView(maria, queueKeyOf('helpdesk'), { pageSize: 2 });
    expect(first.items.map((x) => x.title)).toEqual(['urgent', 'old-normal']);
    expect(first.hasMore).toBe(true);
    const second = await t.desk.queueView(maria, queueKeyOf('helpdesk'), { page: 2, pageSize: 2 });
    expect(second.items.map((x) => x.title)).toEqual(['young-normal', 'low']);
    expect(second.hasMore).toBe(false);
  });

  it('is only for operators of the queue', async () => {
    await expect(t.desk.queueView(student, queueKeyOf('helpdesk'))).rejects.toThrow(
      /not allowed to see tickets in queue Helpdesk/,
    );
    await expect(t.desk.queueView(paolo, queueKeyOf('helpdesk'))).rejects.toThrow(/not allowed/);
    expect((await t.desk.queueView(anna, queueKeyOf('helpdesk'))).items).toEqual([]);
    await expect(t.desk.queueView(maria, queueKeyOf('helpdesk'), { pageSize: 1000 })).rejects.toThrow(
      /A page holds 1 to 100 tickets/,
    );
  });
});

describe("a customer's tickets", () => {
  it('lists the actor’s own tickets, newest first, working ones unless asked for all', async () => {
    const a = (await openSimple(t, student, 'helpdesk', 'first')).ticket;
    t.clock.advance(1000);
    const b = (await openSimple(t, student, 'didattica', 'second')).ticket;
    await openSimple(t, otherStudent, 'helpdesk', 'not mine');
    await t.desk.closeTicket(student, a.number, { state: 'closed_successful' });
    expect((await t.desk.customerTickets(student)).items.map((x) => x.number)).toEqual([b.number]);
    expect((await t.desk.customerTickets(student, { include: 'all' })).items.map((x) => x.number)).toEqual([
      b.number,
      a.number,
    ]);
    expect((await t.desk.customerTickets(externalUser)).items).toEqual([]);
  });

  it("shows an operator another customer's tickets only in the queues they can read", async () => {
    await openSimple(t, student, 'helpdesk', 'wifi');
    await openSimple(t, student, 'didattica', 'exam');
    const seenByMaria = await t.desk.customerTickets(maria, {
      customerSlackUserId: slackUserIdOf('U0STUDENT1'),
    });
    expect(seenByMaria.items.map((x) => x.title)).toEqual(['wifi']);
    await expect(
      t.desk.customerTickets(otherStudent, { customerSlackUserId: slackUserIdOf('U0STUDENT1') }),
    ).rejects.toThrow(/not allowed/);
  });
});

describe('full-text search', () => {
  it('finds tickets by title and by any article body, accents folded, newest first', async () => {
    const wifi = (await openSimple(t, student, 'helpdesk', 'Wi-Fi lento in biblioteca')).ticket;
    const mail = (await openSimple(t, student, 'helpdesk', 'Casella di posta piena')).ticket;
    await t.desk.addArticle(maria, mail.number, {
      kind: 'note',
      channel: 'internal',
      body: 'Quota aumentata, verificare perché',
    });
    expect((await t.desk.searchTickets(maria, 'biblioteca')).map((x) => x.number)).toEqual([wifi.number]);
    expect((await t.desk.searchTickets(maria, 'perche quota')).map((x) => x.number)).toEqual([mail.number]);
    expect((await t.desk.searchTickets(maria, 'lent')).map((x) => x.number)).toEqual([wifi.number]);
    expect((await t.desk.searchTickets(maria, 'password')).map((x) => x.number)).toEqual([
      mail.number,
      wifi.number,
    ]);
  });

  it('returns only tickets in queues the operator can read', async () => {
    await openSimple(t, student, 'helpdesk', 'printer jam');
    const exam = (await openSimple(t, student, 'didattica', 'printer for exam papers')).ticket;
    expect((await t.desk.searchTickets(paolo, 'printer')).map((x) => x.number)).toEqual([exam.number]);
    expect(await t.desk.searchTickets(anna, 'printer')).toHaveLength(2);
    expect(await t.desk.searchTickets(luca, 'printer')).toEqual([]);
  });

  it('treats query syntax in the input as plain words and refuses an empty query', async () => {
    expect(searchWords('NEAR(a b) OR "x" -y* !z:* & w|v').join(' ')).toBe('NEAR a b OR x y z w v');
    const orTicket = (await openSimple(t, student, 'helpdesk', 'a OR b')).ticket;
    await t.desk.searchTickets(maria, 'AND OR NOT');
    expect((await t.desk.searchTickets(maria, '(a "OR" -b*')).map((x) => x.number)).toEqual([
      orTicket.number,
    ]);
    await expect(t.desk.searchTickets(maria, '  "" ** ')).rejects.toThrow(
      'Type at least one word to search for.',
    );
  });
});

describe('statistics', () => {
  it('counts tickets by queue and state, and gives median and p90 first-response and resolution times', async () => {
    const minutesToReply = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    for (const minutes of minutesToReply) {
      const { ticket } = await openSimple(t);
      t.clock.advance(minutes * 60_000);
      await t.desk.addArticle(maria, ticket.number, { kind: 'reply', channel: 'slack', body: 'done' });
      t.clock.advance(minutes * 60_000);
      await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    }
    await openSimple(t, student, 'didattica', 'exam');
    const stats = await t.desk.statistics(anna, {
      from: new Date('2026-11-30T00:00:00Z'),
      to: new Date('2026-12-02T00:00:00Z'),
    });
    expect(stats.byQueueAndState).toEqual(
      expect.arrayContaining([
        { queueKey: 'helpdesk', queueName: 'Helpdesk informatico', state: 'closed_successful', count: 10 },
        { queueKey: 'didattica', queueName: 'Segreteria didattica', state: 'new', count: 1 },
      ]),
    );
    expect(stats.openedInPeriod).toBe(11);
    expect(stats.closedInPeriod).toBe(10);
    expect(stats.firstResponse).toEqual({ count: 10, medianMinutes: 50, p90Minutes: 90 });
    expect(stats.resolution).toEqual({ count: 10, medianMinutes: 100, p90Minutes: 180 });
  });

  it('limits an operator to their queues and refuses customers', async () => {
    await openSimple(t, student, 'didattica', 'exam');
    const period = { from: new Date('2026-11-30T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
    expect((await t.desk.statistics(maria, period)).openedInPeriod).toBe(0);
    expect(
      (await t.desk.statistics(paolo, { ...period, queueKey: queueKeyOf('didattica') })).openedInPeriod,
    ).toBe(1);
    await expect(t.desk.statistics(maria, { ...period, queueKey: queueKeyOf('didattica') })).rejects.toThrow(
      /not allowed/,
    );
    await expect(t.desk.statistics(student, period)).rejects.toThrow(/not allowed/);
    await expect(t.desk.statistics(anna, { from: period.to, to: period.from })).rejects.toThrow(
      /end after it starts/,
    );
  });
});
