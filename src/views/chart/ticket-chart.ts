/**
 * The tickets chart: tickets opened and closed per day as bars (left scale) and the backlog at the end of each
 * day as a line (right scale). Built as an SVG document from plain data (pure: the same input gives the same
 * text), then rendered to the PNG that is uploaded.
 */
import { niceScale, niceStep } from './scale.js';
import { estimatedTextWidth, fitText, svgText } from './svg-text.js';
import { FONT_FAMILY, svgToPng } from './svg-to-png.js';

export interface ChartDay {
  /** `YYYY-MM-DD`. */
  day: string;
  opened: number;
  closed: number;
  /** Tickets not closed at the end of the day; null for a day not over. */
  backlog: number | null;
}

export interface TicketChartInput {
  /** In the reader's language; cut short with an ellipsis when too long for the width. */
  title: string;
  legend: { opened: string; closed: string; backlog: string };
  days: ChartDay[];
}

export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 480;
/** More days than this are drawn in groups (a week, or more), so that bars stay readable. */
export const MAX_BARS = 31;

export const COLOURS = {
  background: '#ffffff',
  text: '#1f2937',
  muted: '#6b7280',
  grid: '#e5e7eb',
  axis: '#9ca3af',
  opened: '#2563eb',
  closed: '#16a34a',
  backlog: '#ea580c',
} as const;

const LEFT = 72;
const RIGHT = 72;
const TOP = 96;
const BOTTOM = 56;
const PLOT = { x: LEFT, y: TOP, w: CHART_WIDTH - LEFT - RIGHT, h: CHART_HEIGHT - TOP - BOTTOM };
const PLOT_BOTTOM = PLOT.y + PLOT.h;

/** Days grouped so that at most `max` bars are drawn: sums of opened and closed, the backlog at the end. */
export function groupDays(days: ChartDay[], max = MAX_BARS): ChartDay[] {
  if (days.length <= max) return days;
  const size = Math.ceil(days.length / max);
  const groups: ChartDay[] = [];
  for (let start = 0; start < days.length; start += size) {
    const group = days.slice(start, start + size);
    groups.push({
      day: group[0]?.day ?? '',
      opened: group.reduce((sum, d) => sum + d.opened, 0),
      closed: group.reduce((sum, d) => sum + d.closed, 0),
      backlog: group.at(-1)?.backlog ?? null,
    });
  }
  return groups;
}

/** "30/11" for 2026-11-30. */
function dayLabel(day: string): string {
  const [, month = '', date = ''] = day.split('-');
  return `${date}/${month}`;
}

/** Coordinates with at most two decimals keep the document short and its text stable. */
function n(value: number): number {
  return Math.round(value * 100) / 100;
}

interface TextOptions {
  size: number;
  fill: string;
  anchor?: 'start' | 'middle' | 'end';
  bold?: boolean;
  /** A white outline behind the glyphs, so a line drawn under the text never hides it. */
  halo?: boolean;
}

function text(x: number, y: number, content: string, options: TextOptions): string {
  const attributes = [
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    `font-size="${options.size}"`,
    `fill="${options.fill}"`,
    options.anchor && options.anchor !== 'start' ? `text-anchor="${options.anchor}"` : '',
    options.bold ? 'font-weight="bold"' : '',
    options.halo
      ? `stroke="${COLOURS.background}" stroke-width="4" stroke-linejoin="round" paint-order="stroke"`
      : '',
  ].filter(Boolean);
  return `<text ${attributes.join(' ')}>${svgText(content)}</text>`;
}

function rect(x: number, y: number, width: number, height: number, fill: string): string {
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" fill="${fill}"/>`;
}

function titleAndLegend(input: TicketChartInput): string[] {
  const room = CHART_WIDTH - 2 * LEFT;
  const titleSize = estimatedTextWidth(input.title, 22, true) <= room ? 22 : 18;
  const parts = [
    text(LEFT, 40, fitText(input.title, room, titleSize, true), {
      size: titleSize,
      fill: COLOURS.text,
      bold: true,
    }),
  ];
  const items = [
    { label: input.legend.opened, colour: COLOURS.opened, line: false },
    { label: input.legend.closed, colour: COLOURS.closed, line: false },
    { label: input.legend.backlog, colour: COLOURS.backlog, line: true },
  ];
  let x = LEFT;
  for (const item of items) {
    parts.push(
      item.line
        ? `<line x1="${x}" y1="63" x2="${x + 22}" y2="63" stroke="${item.colour}" stroke-width="3"/><circle cx="${x + 11}" cy="63" r="4" fill="${item.colour}"/>`
        : rect(x + 4, 56, 14, 14, item.colour),
      text(x + 30, 68, item.label, { size: 15, fill: COLOURS.text }),
    );
    x += 30 + estimatedTextWidth(item.label, 15) + 28;
  }
  return parts;
}

/** The chart as an SVG document of CHART_WIDTH × CHART_HEIGHT pixels. */
export function ticketChartSvg(input: TicketChartInput): string {
  const days = groupDays(input.days);
  const parts = titleAndLegend(input);

  const bars = niceScale(Math.max(0, ...days.map((d) => Math.max(d.opened, d.closed))));
  const ticks = Math.round(bars.max / bars.step);
  const backlogs = days.map((d) => d.backlog).filter((b): b is number => b !== null);
  // The backlog's scale shares the grid lines, with a round step of its own.
  const lineStep = niceStep(Math.max(0, ...backlogs) / ticks);
  const line = { max: lineStep * ticks, step: lineStep };
  const yOf = (value: number, scale: { max: number }) => PLOT_BOTTOM - (value / scale.max) * PLOT.h;

  // Grid and both scales: bars on the left, backlog on the right, in the series' colours.
  for (let i = 0; i <= ticks; i++) {
    const y = Math.round(PLOT_BOTTOM - (i / ticks) * PLOT.h);
    parts.push(
      rect(PLOT.x, y, PLOT.w, 1, i === 0 ? COLOURS.axis : COLOURS.grid),
      text(PLOT.x - 10, y + 5, String(i * bars.step), { size: 13, fill: COLOURS.muted, anchor: 'end' }),
      text(PLOT.x + PLOT.w + 10, y + 5, String(i * line.step), { size: 13, fill: COLOURS.backlog }),
    );
  }

  const slot = PLOT.w / Math.max(1, days.length);
  const centreOf = (i: number) => PLOT.x + slot * (i + 0.5);
  const barWidth = Math.max(2, Math.min(36, Math.floor(slot * 0.36)));
  const daySize = slot >= 44 ? 13 : 11;
  const labelEvery = Math.max(1, Math.ceil(estimatedTextWidth('00/00', daySize) / (slot * 0.9)));
  const valueSize = slot >= 60 ? 13 : 11;
  // Values over the bars are written last, with a halo, so the backlog line never hides them.
  const values: string[] = [];
  days.forEach((day, i) => {
    const bar = (value: number, x: number, colour: string) => {
      const top = yOf(value, bars);
      parts.push(rect(x, top, barWidth, PLOT_BOTTOM - top, colour));
      if (value > 0 && slot >= 30)
        values.push(
          text(x + barWidth / 2, top - 5, String(value), {
            size: valueSize,
            fill: colour,
            anchor: 'middle',
            halo: true,
          }),
        );
    };
    bar(day.opened, centreOf(i) - barWidth - 1, COLOURS.opened);
    bar(day.closed, centreOf(i) + 1, COLOURS.closed);
    if (i % labelEvery === 0)
      parts.push(
        text(centreOf(i), PLOT_BOTTOM + 24, dayLabel(day.day), {
          size: daySize,
          fill: COLOURS.muted,
          anchor: 'middle',
        }),
      );
  });

  // The backlog line, broken where a day is not over yet.
  const runs: string[][] = [[]];
  days.forEach((day, i) => {
    if (day.backlog === null) runs.push([]);
    else runs.at(-1)?.push(`${n(centreOf(i))},${n(yOf(day.backlog, line))}`);
  });
  for (const run of runs.filter((points) => points.length > 1))
    parts.push(
      `<polyline points="${run.join(' ')}" fill="none" stroke="${COLOURS.backlog}" stroke-width="3" stroke-linejoin="round"/>`,
    );
  days.forEach((day, i) => {
    if (day.backlog !== null)
      parts.push(
        `<circle cx="${n(centreOf(i))}" cy="${n(yOf(day.backlog, line))}" r="5" fill="${COLOURS.backlog}"/>`,
      );
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${FONT_FAMILY}">`,
    `<title>${svgText(input.title)}</title>`,
    rect(0, 0, CHART_WIDTH, CHART_HEIGHT, COLOURS.background),
    ...parts,
    ...values,
    '</svg>',
  ].join('\n');
}

/** The chart as the PNG's bytes. */
export function renderTicketChart(input: TicketChartInput): Promise<Buffer> {
  return svgToPng(ticketChartSvg(input));
}
