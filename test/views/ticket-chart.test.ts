import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { niceScale } from '../../src/views/chart/scale.js';
import { fitText, svgText } from '../../src/views/chart/svg-text.js';
import { svgToPng } from '../../src/views/chart/svg-to-png.js';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  type ChartDay,
  COLOURS,
  groupDays,
  renderTicketChart,
  type TicketChartInput,
  ticketChartSvg,
} from '../../src/views/chart/ticket-chart.js';
import { type DecodedPng, decodePng, pixelAt } from '../support/png-decode.js';

const WEEK: ChartDay[] = [
  { day: '2026-11-24', opened: 12, closed: 8, backlog: 40 },
  { day: '2026-11-25', opened: 9, closed: 11, backlog: 38 },
  { day: '2026-11-26', opened: 15, closed: 10, backlog: 43 },
  { day: '2026-11-27', opened: 7, closed: 14, backlog: 36 },
  { day: '2026-11-28', opened: 3, closed: 2, backlog: 37 },
  { day: '2026-11-29', opened: 0, closed: 1, backlog: 36 },
  { day: '2026-11-30', opened: 11, closed: 6, backlog: null },
];

const ITALIAN: TicketChartInput = {
  title: 'Ticket 24/11 – 30/11 · Richieste già evase',
  legend: { opened: 'Aperti', closed: 'Chiusi', backlog: 'Arretrato' },
  days: WEEK,
};

function rgba(hex: string): [number, number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [value >> 16, (value >> 8) & 0xff, value & 0xff, 255];
}

function count(png: DecodedPng, hex: string): number {
  const [r, g, b] = rgba(hex);
  let n = 0;
  for (let i = 0; i < png.pixels.length; i += 4) {
    if (png.pixels[i] === r && png.pixels[i + 1] === g && png.pixels[i + 2] === b) n++;
  }
  return n;
}

/** Pixels that are not the background: what a person sees drawn. */
function ink(png: DecodedPng): number {
  return png.width * png.height - count(png, COLOURS.background);
}

describe('the tickets chart as SVG', () => {
  it('says everything in the reader’s language, accents and all', async () => {
    const svg = ticketChartSvg(ITALIAN);
    for (const label of ['Aperti', 'Chiusi', 'Arretrato', 'Ticket 24/11 – 30/11 · Richieste già evase'])
      expect(svg).toContain(`>${label}</text>`);
    for (const day of ['24/11', '27/11', '30/11']) expect(svg).toContain(`>${day}</text>`);
    // The scales (left: tickets, right: backlog) and the values over the bars.
    for (const value of ['15', '60', '12', '14']) expect(svg).toContain(`>${value}</text>`);
    await expect(svg).toMatchFileSnapshot('__snapshots__/ticket-chart-week.svg');
  });

  it('keeps a queue’s name from breaking the document', () => {
    expect(svgText('R&D <ops> "1" l’\u0007\uFFFF')).toBe('R&amp;D &lt;ops&gt; &quot;1&quot; l’');
    expect(svgText('a\uD800b')).toBe('a\uFFFDb');
    const svg = ticketChartSvg({ ...ITALIAN, title: 'Ticket · R&D <script>' });
    expect(svg).toContain('>Ticket · R&amp;D &lt;script&gt;</text>');
    expect(svg).not.toContain('<script>');
  });

  it('cuts a title too long for the width with an ellipsis', () => {
    expect(fitText('Arretrato', 800, 22, true)).toBe('Arretrato');
    const long = `Ticket 01/01 – 31/12 · ${'Assistenza già attivata '.repeat(6)}`;
    const fitted = fitText(long, 816, 18, true);
    expect(fitted.endsWith('…')).toBe(true);
    expect(fitted.length).toBeLessThan(long.length);
    expect(ticketChartSvg({ ...ITALIAN, title: long })).toContain(`>${fitted}</text>`);
  });

  it('groups long periods into at most 31 bars', () => {
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
    expect(ticketChartSvg({ ...ITALIAN, days: year }).match(/<rect /g)?.length).toBeLessThanOrEqual(
      1 + 2 + 31 * 2 + 7,
    );
    expect(niceScale(0)).toEqual({ max: 5, step: 1 });
    expect(niceScale(15)).toEqual({ max: 15, step: 5 });
    expect(niceScale(137)).toEqual({ max: 150, step: 50 });
  });
});

describe('the tickets chart as PNG', () => {
  it('is an image of the expected size with bars, the backlog line and text', async () => {
    const file = await renderTicketChart(ITALIAN);
    writeFileSync(join(tmpdir(), 'sportello-chart-test.png'), file);
    const png = decodePng(file);
    expect([png.width, png.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    expect(pixelAt(png, 0, 0)).toEqual(rgba(COLOURS.background));
    expect(count(png, COLOURS.opened)).toBeGreaterThan(5_000);
    expect(count(png, COLOURS.closed)).toBeGreaterThan(5_000);
    expect(count(png, COLOURS.backlog)).toBeGreaterThan(500);
    expect(count(png, COLOURS.text)).toBeGreaterThan(200);
    // The tallest opened bar (15, on the 26th) reaches the top grid line; the empty 29th has none.
    const slot = (CHART_WIDTH - 144) / 7;
    const barX = (day: number) => Math.round(72 + slot * (day + 0.5) - 10);
    expect(pixelAt(png, barX(2), 100)).toEqual(rgba(COLOURS.opened));
    expect(pixelAt(png, barX(5), CHART_HEIGHT - 60)).not.toEqual(rgba(COLOURS.opened));
    // The same input always gives the same bytes.
    expect(await renderTicketChart(ITALIAN)).toEqual(file);
  });

  it('draws text with the packaged font, accents included, whatever fonts the machine has', async () => {
    const word = async (text: string) =>
      decodePng(
        await svgToPng(
          `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#ffffff"/><text x="8" y="28" font-size="20" fill="#000000">${text}</text></svg>`,
        ),
      );
    const plain = await word('gia');
    const accented = await word('già');
    expect(ink(plain)).toBeGreaterThan(100);
    // The grave accent adds a little ink above the "a"; a missing glyph would draw a box or nothing.
    expect(ink(accented) - ink(plain)).toBeGreaterThan(5);
    expect(ink(accented) - ink(plain)).toBeLessThan(ink(plain) / 2);
  });

  it('copes with no data at all', async () => {
    const png = decodePng(await renderTicketChart({ ...ITALIAN, days: [] }));
    expect([png.width, png.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    expect(ink(png)).toBeGreaterThan(1_000);
  });

  it('refuses a document resvg cannot read, rather than sending an empty picture', async () => {
    await expect(svgToPng('<svg')).rejects.toThrow();
  });
});
