import { describe, expect, it } from 'vitest';
import { parseRateValue } from '../../src/bot/listeners/actions/rate-action.js';
import { parseTicketCommand } from '../../src/bot/listeners/commands/ticket-command.js';
import { looksLikePeriod, parsePeriod, parseScopeAndPeriod } from '../../src/bot/period.js';
import { HelpDeskError } from '../../src/core/errors.js';

const TZ = 'Europe/Rome';
/** Thursday 3 December 2026, 15:30 in Rome. */
const NOW = new Date('2026-12-03T14:30:00Z');
const rome = (day: string) => new Date(`${day}T00:00:00+01:00`);
const span = (word: string | undefined) => {
  const { from, to } = parsePeriod(word, NOW, TZ);
  return [from.toISOString(), to.toISOString()];
};
const expected = (from: string, to: string) => [rome(from).toISOString(), rome(to).toISOString()];

describe('periods of /ticket stats and export', () => {
  it('reads the words in English and Italian, on the desk’s calendar', () => {
    expect(span(undefined)).toEqual(expected('2026-11-27', '2026-12-04'));
    expect(span('today')).toEqual(expected('2026-12-03', '2026-12-04'));
    expect(span('oggi')).toEqual(span('today'));
    expect(span('ieri')).toEqual(expected('2026-12-02', '2026-12-03'));
    expect(span('week')).toEqual(expected('2026-11-30', '2026-12-07'));
    expect(span('settimana')).toEqual(span('week'));
    expect(span('MONTH')).toEqual(expected('2026-12-01', '2027-01-01'));
    expect(span('mese')).toEqual(span('month'));
    expect(span('7d')).toEqual(span(undefined));
    expect(span('30g')).toEqual(expected('2026-11-04', '2026-12-04'));
    expect(span('1d')).toEqual(span('today'));
    expect(span('2026-10-01..2026-10-31')).toEqual([
      new Date('2026-10-01T00:00:00+02:00').toISOString(),
      new Date('2026-11-01T00:00:00+01:00').toISOString(),
    ]);
  });

  it('refuses what it does not know, naming it', () => {
    for (const word of [
      'lastyear',
      '0d',
      '400d',
      '2026-02-30..2026-03-01',
      '2026-03-02..2026-03-01',
      '2024-01-01..2026-01-01',
    ]) {
      expect(() => parsePeriod(word, NOW, TZ), word).toThrow(HelpDeskError);
    }
    try {
      parsePeriod('lastyear', NOW, TZ);
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_period', params: { period: 'lastyear' } });
    }
  });

  it('tells a queue from a period in either order', () => {
    expect(looksLikePeriod('7d')).toBe(true);
    expect(looksLikePeriod('helpdesk')).toBe(false);
    expect(parseScopeAndPeriod(['Helpdesk', 'oggi'], NOW, TZ).queueKey).toBe('helpdesk');
    expect(parseScopeAndPeriod(['oggi', 'helpdesk'], NOW, TZ).queueKey).toBe('helpdesk');
    expect(parseScopeAndPeriod([], NOW, TZ).queueKey).toBeUndefined();
    expect(() => parseScopeAndPeriod(['helpdesk', 'reti'], NOW, TZ)).toThrow(/Unknown period "reti"/);
  });
});

describe('/ticket sub-commands', () => {
  it('reads stats and export with up to two words; more words are a subject', () => {
    expect(parseTicketCommand('stats', '10')).toEqual({ kind: 'stats', words: [] });
    expect(parseTicketCommand('statistiche helpdesk 7g', '10')).toEqual({
      kind: 'stats',
      words: ['helpdesk', '7g'],
    });
    expect(parseTicketCommand('esporta', '10')).toEqual({ kind: 'export', words: [] });
    expect(parseTicketCommand('export helpdesk month', '10')).toEqual({
      kind: 'export',
      words: ['helpdesk', 'month'],
    });
    expect(parseTicketCommand('stats page is broken', '10')).toEqual({
      kind: 'new',
      subject: 'stats page is broken',
    });
  });

  it('reads rating button values strictly', () => {
    expect(parseRateValue('4:2026113010000052')).toEqual({ rating: 4, ticketNumber: '2026113010000052' });
    for (const value of ['6:2026113010000052', '4:abc', '4', '', '4:2026113010000052:x']) {
      expect(() => parseRateValue(value), value).toThrow(HelpDeskError);
    }
  });
});
