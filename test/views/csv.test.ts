import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawText, textWidth } from '../../src/views/chart/font.js';
import { crc32, encodePng, Raster } from '../../src/views/chart/png.js';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  type ChartDay,
  COLOURS,
  groupDays,
  niceScale,
  renderTicketChart,
} from '../../src/views/chart/ticket-chart.js';
import { csvField, neutralize, toCsv } from '../../src/views/csv/csv.js';
import { buildTicketsCsv, TICKET_CSV_COLUMNS, type TicketCsvRow } from '../../src/views/csv/tickets-csv.js';
import { parseCsv } from '../support/csv-parse.js';
import { decodePng, pixelAt } from '../support/png-decode.js';

const WEEK: ChartDay[] = [
  { day: '2026-11-24', opened: 12, closed: 8, backlog: 40 },
  { day: '2026-11-25', opened: 9, closed: 11, backlog: 38 },
  { day: '2026-11-26', opened: 15, closed: 10, backlog: 43 },
  { day: '2026-11-27', opened: 7, closed: 14, backlog: 36 },
  { day: '2026-11-28', opened: 3, closed: 2, backlog: 37 },
  { day: '2026-11-29', opened: 0, closed: 1, backlog: 36 },
  { day: '2026-11-30', opened: 11, closed: 6, backlog: null },
];

const count = (png: ReturnType<typeof decodePng>, colour: readonly number[]) => {
  let n = 0;
  for (let i = 0; i < png.pixels.length; i += 4) {
    if (png.pixels[i] === colour[0] && png.pixels[i + 1] === colour[1] && png.pixels[i + 2] === colour[2])
      n++;
  }
  return n;
};

describe('the PNG encoder', () => {
  it('computes CRC-32 as PNG needs it', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
  });

  it('writes a file a decoder reads back pixel for pixel', () => {
    const raster = new Raster(3, 2, [10, 20, 30, 255]);
    raster.set(1, 0, [255, 0, 0, 255]);
    raster.set(2, 1, [0, 0, 255, 128]);
    const png = decodePng(encodePng(raster));
    expect(png).toMatchObject({ width: 3, height: 2, bitDepth: 8, colourType: 6 });
    expect(png.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(pixelAt(png, 0, 0)).toEqual([10, 20, 30, 255]);
    expect(pixelAt(png, 1, 0)).toEqual([255, 0, 0, 255]);
    expect(pixelAt(png, 2, 1)).toEqual([5, 10, 143, 255]);
    expect(Buffer.from(png.pixels)).toEqual(Buffer.from(raster.pixels));
    expect(() => new Raster(0, 5)).toThrow(RangeError);
  });

  it('draws text with the bitmap font, any character', () => {
    const raster = new Raster(80, 10);
    drawText(raster, 0, 0, 'Aè?€', [0, 0, 0, 255]);
    expect(textWidth('Aè?€')).toBe(23);
    expect(raster.get(0, 1)).toEqual([0, 0, 0, 255]);
    expect(raster.get(2, 0)).toEqual([0, 0, 0, 255]);
  });
});

describe('the tickets chart', () => {
  it('is a PNG of the expected size with bars and the backlog line in their colours', () => {
    const file = renderTicketChart({
      title: 'Ticket 24/11 - 30/11 · Helpdesk informatico',
      legend: { opened: 'Aperti', closed: 'Chiusi', backlog: 'Arretrato' },
      days: WEEK,
    });
    writeFileSync(join(tmpdir(), 'sportello-chart-test.png'), file);
    const png = decodePng(file);
    expect([png.width, png.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    expect(pixelAt(png, 0, 0)).toEqual([...COLOURS.background]);
    expect(count(png, COLOURS.opened)).toBeGreaterThan(5_000);
    expect(count(png, COLOURS.closed)).toBeGreaterThan(5_000);
    expect(count(png, COLOURS.backlog)).toBeGreaterThan(500);
    // The tallest opened bar (15, on the 26th) reaches the top grid line; the empty 29th has none.
    const slot = (CHART_WIDTH - 144) / 7;
    const barX = (day: number) => Math.round(72 + slot * (day + 0.5) - 10);
    expect(pixelAt(png, barX(2), 100)).toEqual([...COLOURS.opened]);
    expect(pixelAt(png, barX(5), CHART_HEIGHT - 60)).not.toEqual([...COLOURS.opened]);
    // The same input always gives the same bytes.
    expect(
      renderTicketChart({ title: 'x', legend: { opened: 'a', closed: 'b', backlog: 'c' }, days: WEEK }),
    ).toEqual(
      renderTicketChart({ title: 'x', legend: { opened: 'a', closed: 'b', backlog: 'c' }, days: WEEK }),
    );
  });

  it('groups long periods into at most 31 bars, and copes with no data at all', () => {
    const year = Array.from(
      { length: 366 },
      (_, i): ChartDay => ({
        day: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
        opened: i % 5,
        closed: i % 3,
        backlog: i,
      }),
    );
    const grouped = groupDays(year);
    expect(grouped.length).toBeLessThanOrEqual(31);
    expect(grouped.reduce((sum, d) => sum + d.opened, 0)).toBe(year.reduce((sum, d) => sum + d.opened, 0));
    expect(grouped.at(-1)?.backlog).toBe(365);
    expect(
      decodePng(
        renderTicketChart({ title: 'Y', legend: { opened: 'O', closed: 'C', backlog: 'B' }, days: year }),
      ).width,
    ).toBe(CHART_WIDTH);
    expect(
      decodePng(
        renderTicketChart({ title: 'N', legend: { opened: 'O', closed: 'C', backlog: 'B' }, days: [] }),
      ).height,
    ).toBe(CHART_HEIGHT);
    expect(niceScale(0)).toEqual({ max: 5, step: 1 });
    expect(niceScale(15)).toEqual({ max: 15, step: 5 });
    expect(niceScale(137)).toEqual({ max: 150, step: 50 });
  });
});

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
    ]);
  });
});
