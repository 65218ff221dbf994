import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackUserIdOf } from '../../src/core/model.js';
import {
  checkDigit,
  findTicketNumbers,
  formatTicketNumber,
  isValidTicketNumber,
  ticketNumberDay,
} from '../../src/core/ticket-number.js';

import { seededRandom } from '../../src/fake-slack/seeded-random.js';
import { createTestDesk, openSimple, type TestDesk } from '../support/desk.js';

/** OTRS's DateChecksum check digit, written apart from the code under test: weights 1,2,1,2… from the left. */
function referenceCheckDigit(digits: string): number {
  const weights = [1, 2];
  let sum = 0;
  [...digits].forEach((char, index) => {
    sum += (char.charCodeAt(0) - 48) * (weights[index % 2] ?? 0);
  });
  const remainder = sum % 10;
  return remainder === 0 ? 1 : 10 - remainder;
}

/** The daily counter of a well-formed number of system id "10". */
const counterOf = (number: string) => Number(number.slice(10, -1));

const withCheckDigit = (base: string) => `${base}${checkDigit(base)}`;

describe('checkDigit', () => {
  it('gives the check digit of the design notes example 2026113010000052', () => {
    expect(checkDigit('202611301000005')).toBe(2);
    expect(referenceCheckDigit('202611301000005')).toBe(2);
    expect(formatTicketNumber('20261130', '10', 5)).toBe('2026113010000052');
  });

  it('writes a check digit of 10 as 1 and never yields 0', () => {
    // 1*1 + 2*9 = 19 → 10 - 9 = 1; 5*1 + 5*2 = 15 → 5; 0 → 10 → 1
    expect(checkDigit('19')).toBe(1);
    expect(checkDigit('55')).toBe(5);
    expect(checkDigit('0000000000')).toBe(1);
    expect(checkDigit('91')).toBe(9); // 9*1 + 1*2 = 11 → 10 - 1
  });

  it('agrees with an independent implementation of the OTRS algorithm on random inputs', () => {
    const random = seededRandom(20261130);
    for (let i = 0; i < 5000; i++) {
      const length = 1 + Math.floor(random() * 30);
      let digits = '';
      for (let j = 0; j < length; j++) digits += String(Math.floor(random() * 10));
      const expected = referenceCheckDigit(digits);
      expect(checkDigit(digits), digits).toBe(expected);
      expect(expected).toBeGreaterThanOrEqual(1);
      expect(expected).toBeLessThanOrEqual(9);
    }
  });

  it('changes when any single digit of a ticket number changes', () => {
    const base = '202611301000005';
    for (let position = 0; position < base.length; position++) {
      for (let digit = 0; digit <= 9; digit++) {
        const changed = `${base.slice(0, position)}${digit}${base.slice(position + 1)}`;
        if (changed === base) continue;
        // Weight 1 tells every digit apart; weight 2 confuses d with d ± 5 (2d ≡ 2(d+5) mod 10).
        const weight = position % 2 === 0 ? 1 : 2;
        const differs = (digit * weight) % 10 !== (Number(base[position]) * weight) % 10;
        expect(checkDigit(changed) !== checkDigit(base), changed).toBe(differs);
      }
    }
  });
});

describe('formatTicketNumber', () => {
  it('pads the daily counter to 5 digits', () => {
    expect(formatTicketNumber('20261130', '10', 1)).toBe(withCheckDigit('20261130' + '10' + '00001'));
    expect(formatTicketNumber('20261130', '10', 99999)).toBe(withCheckDigit('202611301099999'));
    expect(formatTicketNumber('20261130', '10', 1)).toHaveLength(16);
  });

  it('grows past 99999 instead of wrapping, and the number still validates', () => {
    const number = formatTicketNumber('20261130', '10', 123456);
    expect(number).toBe(withCheckDigit('2026113010123456'));
    expect(number).toHaveLength(17);
    expect(counterOf(number)).toBe(123456);
    expect(isValidTicketNumber(number, '10')).toBe(true);
    expect(findTicketNumbers(`[Ticket#${number}] Re: stampante`, '10')).toEqual([number]);
  });

  it('keeps a one-digit system id', () => {
    const number = formatTicketNumber('20261130', '7', 42);
    expect(number).toBe(withCheckDigit('20261130700042'));
    expect(isValidTicketNumber(number, '7')).toBe(true);
    expect(isValidTicketNumber(number, '10')).toBe(false);
  });
});

describe('ticketNumberDay', () => {
  it('numbers by the calendar day of the desk time zone, not UTC', () => {
    expect(ticketNumberDay(new Date('2026-11-30T23:30:00Z'), 'Europe/Rome')).toBe('20261201');
    expect(ticketNumberDay(new Date('2026-11-30T23:30:00Z'), 'UTC')).toBe('20261130');
    expect(ticketNumberDay(new Date('2026-11-30T22:59:59Z'), 'Europe/Rome')).toBe('20261130');
    expect(ticketNumberDay(new Date('2026-11-30T23:00:00Z'), 'Europe/Rome')).toBe('20261201');
  });

  it('follows daylight saving time (Rome is UTC+2 in summer)', () => {
    expect(ticketNumberDay(new Date('2026-07-14T21:59:00Z'), 'Europe/Rome')).toBe('20260714');
    expect(ticketNumberDay(new Date('2026-07-14T22:00:00Z'), 'Europe/Rome')).toBe('20260715');
  });

  it('works west of UTC too', () => {
    expect(ticketNumberDay(new Date('2027-01-01T03:00:00Z'), 'America/New_York')).toBe('20261231');
  });
});

describe('isValidTicketNumber', () => {
  const good = '2026113010000052';

  it('accepts a well-formed number', () => {
    expect(isValidTicketNumber(good, '10')).toBe(true);
  });

  it('rejects a wrong system id', () => {
    expect(isValidTicketNumber(good, '11')).toBe(false);
    const otherSystem = formatTicketNumber('20261130', '20', 5);
    expect(isValidTicketNumber(otherSystem, '10')).toBe(false);
    expect(isValidTicketNumber(otherSystem, '20')).toBe(true);
  });

  it('rejects a wrong check digit', () => {
    for (let digit = 0; digit <= 9; digit++) {
      if (digit === 2) continue;
      expect(isValidTicketNumber(`202611301000005${digit}`, '10')).toBe(false);
    }
  });

  it('rejects impossible dates even with a correct check digit', () => {
    for (const day of ['20261331', '20260230', '20261300', '20261100', '20261131', '20250229', '00000000']) {
      const number = withCheckDigit(`${day}1000001`);
      expect(isValidTicketNumber(number, '10'), number).toBe(false);
    }
    expect(isValidTicketNumber(withCheckDigit('202402291000001'), '10')).toBe(true); // a leap day
  });

  it('rejects non-digits and numbers that are too short', () => {
    expect(isValidTicketNumber('', '10')).toBe(false);
    expect(isValidTicketNumber('202611301000005a', '10')).toBe(false);
    expect(isValidTicketNumber(' 2026113010000052', '10')).toBe(false);
    expect(isValidTicketNumber('2026113010000052 ', '10')).toBe(false);
    expect(isValidTicketNumber('2026-11-3010000052', '10')).toBe(false);
    expect(isValidTicketNumber('2026113010000052'.replace('5', '５'), '10')).toBe(false);
    // 4-digit counter: right check digit, one digit short.
    expect(isValidTicketNumber(withCheckDigit('20261130100005'), '10')).toBe(false);
    expect(isValidTicketNumber('20261130', '10')).toBe(false);
  });
});

describe('findTicketNumbers', () => {
  it('finds the number in a reply subject', () => {
    expect(findTicketNumbers('Re: [Ticket#2026113010000052] Wi-Fi', '10')).toEqual(['2026113010000052']);
  });

  it('is case-insensitive', () => {
    expect(findTicketNumbers('RE: [TICKET#2026113010000052] wifi', '10')).toEqual(['2026113010000052']);
    expect(findTicketNumbers('vedi ticket#2026113010000052', '10')).toEqual(['2026113010000052']);
  });

  it('skips invalid numbers and bare numbers', () => {
    expect(findTicketNumbers('Re: [Ticket#2026113010000053] Wi-Fi', '10')).toEqual([]);
    expect(findTicketNumbers('Re: [Ticket#2026113020000051] Wi-Fi', '10')).toEqual([]); // system id 20
    expect(findTicketNumbers('Re: 2026113010000052 Wi-Fi', '10')).toEqual([]);
    // 17 digits whose last is not the check digit of the first 16 (that would be 8).
    expect(findTicketNumbers('Re: [Ticket#20261130100000521] Wi-Fi', '10')).toEqual([]);
  });

  it('dedupes and keeps the order of several references', () => {
    const second = formatTicketNumber('20261201', '10', 17);
    const third = formatTicketNumber('20261130', '10', 123456);
    const text = [
      'Re: Fwd: [Ticket#2026113010000052] Wi-Fi',
      `merged with Ticket#${second}, see also Ticket#2026113010000052`,
      `and ticket#${third}; bogus Ticket#2026113010000053.`,
    ].join('\n');
    expect(findTicketNumbers(text, '10')).toEqual(['2026113010000052', second, third]);
  });

  it('finds nothing in a text without references', () => {
    expect(findTicketNumbers('La stampante del secondo piano non funziona', '10')).toEqual([]);
  });
});

describe('the daily counter', () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await createTestDesk();
  });
  afterEach(() => t.close());

  it('counts 1, 2, 3… within a day and restarts after Rome midnight', async () => {
    const first = (await openSimple(t)).ticket.number;
    const second = (await openSimple(t)).ticket.number;
    expect(first).toBe(formatTicketNumber('20261130', '10', 1));
    expect(second).toBe(formatTicketNumber('20261130', '10', 2));

    t.clock.set(new Date('2026-11-30T22:59:00Z')); // 23:59 in Rome: still the same day
    expect((await openSimple(t)).ticket.number).toBe(formatTicketNumber('20261130', '10', 3));

    t.clock.set(new Date('2026-11-30T23:30:00Z')); // 00:30 in Rome on 1 December, still 30 Nov in UTC
    const nextDay = (await openSimple(t)).ticket.number;
    expect(nextDay).toBe(formatTicketNumber('20261201', '10', 1));
    expect(isValidTicketNumber(nextDay, '10')).toBe(true);
    expect((await openSimple(t)).ticket.number).toBe(formatTicketNumber('20261201', '10', 2));

    const rows = await t.db.select().from(t.tables.ticketNumberCounters);
    expect(rows).toEqual(
      expect.arrayContaining([
        { day: '20261130', counter: 3 },
        { day: '20261201', counter: 2 },
      ]),
    );
    expect(rows).toHaveLength(2);
  });

  it('does not spend a number when opening a ticket fails', async () => {
    await openSimple(t);
    await expect(openSimple(t, undefined, 'no-such-queue')).rejects.toThrow();
    await expect(openSimple(t, undefined, 'helpdesk', '   ')).rejects.toThrow();
    expect((await openSimple(t)).ticket.number).toBe(formatTicketNumber('20261130', '10', 2));
  });

  it('gives 200 tickets opened in one process 200 distinct valid numbers', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 200; i++) {
      numbers.push(
        (
          await openSimple(t, {
            kind: 'slack',
            userId: slackUserIdOf(`U0CUST${String(i % 7).padStart(4, '0')}`),
          })
        ).ticket.number,
      );
      t.clock.advance(60_000);
    }
    expect(new Set(numbers).size).toBe(200);
    for (const number of numbers) expect(isValidTicketNumber(number, '10'), number).toBe(true);
    // 09:00Z plus 200 minutes stays within 30 November in Rome: one day, counters 1..200.
    expect(numbers.map(counterOf)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });
});
