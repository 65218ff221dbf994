import { describe, expect, it } from 'vitest';
import { parseAwayUntil } from '../../src/bot/away-until.js';
import { parseTicketCommand } from '../../src/bot/listeners/commands/ticket-command.js';
import { HelpDeskError } from '../../src/core/errors.js';

const TZ = 'Europe/Rome';
/** Monday 30 November 2026, 10:00 in Rome. */
const NOW = new Date('2026-11-30T09:00:00Z');
const until = (words: string) => parseAwayUntil(words, NOW, TZ).toISOString();

describe('/ticket away <until>', () => {
  it('reads a time, a day, or a day and a time on the desk’s calendar', () => {
    expect(until('17:30')).toBe('2026-11-30T16:30:00.000Z');
    // A time already past today is tomorrow's.
    expect(until('9:15')).toBe('2026-12-01T08:15:00.000Z');
    expect(until('9.15')).toBe(until('9:15'));
    // A day: from its start.
    expect(until('2026-12-10')).toBe('2026-12-09T23:00:00.000Z');
    expect(until('10/12')).toBe('2026-12-09T23:00:00.000Z');
    expect(until('10/12/2026 8:30')).toBe('2026-12-10T07:30:00.000Z');
    expect(until('domani')).toBe('2026-11-30T23:00:00.000Z');
    expect(until('tomorrow 14:00')).toBe('2026-12-01T13:00:00.000Z');
    // A day without a year already past this year is next year's; summer time is Rome's too.
    expect(until('01/07 09:00')).toBe('2027-07-01T07:00:00.000Z');
  });

  it('refuses what is not a time still to come', () => {
    for (const words of ['2026-11-29', '30/11/2026 09:00', '31/02', 'soon', '25:00', '10/12 09:00 please']) {
      expect(() => parseAwayUntil(words, NOW, TZ), words).toThrow(HelpDeskError);
    }
  });

  it('is a command of its own only with at most a day and a time', () => {
    expect(parseTicketCommand('away', '10')).toEqual({ kind: 'away', until: '' });
    expect(parseTicketCommand('assente 10/12 09:00', '10')).toEqual({ kind: 'away', until: '10/12 09:00' });
    expect(parseTicketCommand('back', '10')).toEqual({ kind: 'back' });
    expect(parseTicketCommand('rientro', '10')).toEqual({ kind: 'back' });
    expect(parseTicketCommand('away message is not sent', '10')).toEqual({
      kind: 'new',
      subject: 'away message is not sent',
    });
    expect(parseTicketCommand('back button broken', '10').kind).toBe('new');
  });
});
