import { describe, expect, it } from 'vitest';
import { csvField, neutralize, toCsv } from '../../src/views/csv/csv.js';
import { buildTicketsCsv, TICKET_CSV_COLUMNS, type TicketCsvRow } from '../../src/views/csv/tickets-csv.js';
import { parseCsv } from '../support/csv-parse.js';

describe('CSV', () => {
  it('quotes as RFC 4180 says and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    for (const formula of ['=1+1', '+39 02 1234', '-2', '@SUM(A1)', '\tx', '\rx']) {
      expect(neutralize(formula).startsWith("'")).toBe(true);
    }
    expect(neutralize(-2)).toBe('-2');
    expect(neutralize(null)).toBe('');
    expect(
      toCsv([
        ['a', 1],
        [null, '=x,"y"'],
      ]),
    ).toBe('a,1\r\n,"\'=x,""y"""\r\n');
    expect(toCsv([])).toBe('');
  });

  it('lists tickets with stable columns, readable back', () => {
    const row: TicketCsvRow = {
      number: '2026113010000052',
      title: '=HYPERLINK("http://evil","click"), and "more"\nsecond line',
      queueName: 'Helpdesk informatico',
      state: 'closed_successful',
      priority: 3,
      customerName: '@Sofia Gallo',
      customerEmail: 'sofia@example.org',
      ownerName: 'Maria Rossi',
      createdAt: new Date('2026-11-30T09:00:00Z'),
      firstResponseAt: new Date('2026-11-30T09:20:00Z'),
      closedAt: null,
      minutesToFirstResponse: 20,
      minutesToResolution: null,
      firstResponseSlaMet: true,
      solutionSlaMet: null,
      rating: 4,
      ratingComment: 'Grazie, perfetto',
      tags: ['eduroam', 'rete'],
      fields: {},
    };
    const csv = buildTicketsCsv([row], 'Europe/Rome');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, line] = parseCsv(csv.slice(1));
    expect(header).toEqual([...TICKET_CSV_COLUMNS]);
    expect(line).toEqual([
      '2026113010000052',
      `'${row.title}`,
      'Helpdesk informatico',
      'closed_successful',
      '3',
      "'@Sofia Gallo",
      'sofia@example.org',
      'Maria Rossi',
      '2026-11-30 10:00',
      '2026-11-30 10:20',
      '',
      '20',
      '',
      'yes',
      '',
      '4',
      'Grazie, perfetto',
      'eduroam, rete',
    ]);
  });
});
