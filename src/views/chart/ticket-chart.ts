/**
 * The tickets chart: tickets opened and closed per day as bars (left scale) and the backlog at the end of each
 * day as a line (right scale), drawn into a PNG. Pure: the same input always gives the same bytes.
 */
import { drawText, GLYPH_HEIGHT, textWidth } from './font.js';
import { encodePng, Raster, type Rgba } from './png.js';

export interface ChartDay {
  /** `YYYY-MM-DD`. */
  day: string;
  opened: number;
  closed: number;
  /** Tickets not closed at the end of the day; null for a day not over. */
  backlog: number | null;
}

export interface TicketChartInput {
  /** Drawn in capitals with the built-in font (accents are dropped). */
  title: string;
  legend: { opened: string; closed: string; backlog: string };
  days: ChartDay[];
}

export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 480;
/** More days than this are drawn in groups (a week, or more), so that bars stay readable. */
export const MAX_BARS = 31;

export const COLOURS = {
  background: [255, 255, 255, 255],
  text: [31, 41, 55, 255],
  muted: [107, 114, 128, 255],
  grid: [229, 231, 235, 255],
  axis: [156, 163, 175, 255],
  opened: [37, 99, 235, 255],
  closed: [22, 163, 74, 255],
  backlog: [234, 88, 12, 255],
} as const satisfies Record<string, Rgba>;

const LEFT = 72;
const RIGHT = 72;
const TOP = 96;
const BOTTOM = 56;

/** A round axis maximum ≥ `value` with a step giving about five grid lines. */
export function niceScale(value: number): { max: number; step: number } {
  if (value <= 0) return { max: 5, step: 1 };
  const rough = value / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const wholeStep = Math.max(1, Math.round(step));
  return { max: Math.ceil(value / wholeStep) * wholeStep, step: wholeStep };
}

/** The smallest of 1, 2, 5, 10, 20, 50… that is at least `value`. */
export function niceStep(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= value) ?? 10 * magnitude;
}

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

function legendItem(raster: Raster, x: number, y: number, label: string, colour: Rgba, line = false): number {
  if (line) {
    raster.line(x, y + 7, x + 22, y + 7, colour, 3);
    raster.disc(x + 11, y + 7, 4, colour);
  } else {
    raster.fillRect(x + 4, y, 14, 14, colour);
  }
  drawText(raster, x + 30, y, label, COLOURS.text, 2);
  return x + 30 + textWidth(label, 2) + 28;
}

/** Draws the chart and returns the PNG's bytes. */
export function renderTicketChart(input: TicketChartInput): Buffer {
  const raster = new Raster(CHART_WIDTH, CHART_HEIGHT, COLOURS.background);
  const days = groupDays(input.days);
  const plot = { x: LEFT, y: TOP, w: CHART_WIDTH - LEFT - RIGHT, h: CHART_HEIGHT - TOP - BOTTOM };
  const bottom = plot.y + plot.h;

  const room = CHART_WIDTH - 2 * LEFT;
  const titleScale = textWidth(input.title, 3) <= room ? 3 : 2;
  let title = input.title;
  while (title.length > 1 && textWidth(title, titleScale) > room) title = `${title.slice(0, -2).trimEnd()}…`;
  drawText(raster, LEFT, titleScale === 3 ? 18 : 24, title, COLOURS.text, titleScale);
  let legendX = LEFT;
  legendX = legendItem(raster, legendX, 56, input.legend.opened, COLOURS.opened);
  legendX = legendItem(raster, legendX, 56, input.legend.closed, COLOURS.closed);
  legendItem(raster, legendX, 56, input.legend.backlog, COLOURS.backlog, true);

  const bars = niceScale(Math.max(0, ...days.map((d) => Math.max(d.opened, d.closed))));
  const ticks = Math.round(bars.max / bars.step);
  const backlogs = days.map((d) => d.backlog).filter((b): b is number => b !== null);
  // The backlog's scale shares the grid lines, with a round step of its own.
  const lineStep = niceStep(Math.max(0, ...backlogs) / ticks);
  const line = { max: lineStep * ticks, step: lineStep };
  const yOf = (value: number, scale: { max: number }) => bottom - (value / scale.max) * plot.h;

  // Grid and both scales: bars on the left, backlog on the right, in the series' colours.
  for (let i = 0; i <= ticks; i++) {
    const y = Math.round(bottom - (i / ticks) * plot.h);
    raster.fillRect(plot.x, y, plot.w, 1, i === 0 ? COLOURS.axis : COLOURS.grid);
    const left = String(i * bars.step);
    drawText(raster, plot.x - 10 - textWidth(left, 2), y - GLYPH_HEIGHT, left, COLOURS.muted, 2);
    const right = String(i * line.step);
    drawText(raster, plot.x + plot.w + 10, y - GLYPH_HEIGHT, right, COLOURS.backlog, 2);
  }

  const slot = plot.w / Math.max(1, days.length);
  // Values over the bars are written last, on a white patch, so the backlog line never hides them.
  const labels: { x: number; y: number; text: string; colour: Rgba; scale: number }[] = [];
  const barWidth = Math.max(2, Math.min(36, Math.floor(slot * 0.36)));
  const labelScale = slot >= 44 ? 2 : 1;
  const labelEvery = Math.max(1, Math.ceil(textWidth('00/00', labelScale) / (slot * 0.9)));
  days.forEach((day, i) => {
    const centre = plot.x + slot * (i + 0.5);
    const bar = (value: number, x: number, colour: Rgba) => {
      const top = yOf(value, bars);
      raster.fillRect(x, top, barWidth, bottom - top, colour);
      if (value > 0 && slot >= 30) {
        const text = String(value);
        const scale = slot >= 60 ? 2 : 1;
        const left = x + (barWidth - textWidth(text, scale)) / 2;
        labels.push({ x: left, y: top - 4 - GLYPH_HEIGHT * scale, text, colour, scale });
      }
    };
    bar(day.opened, centre - barWidth - 1, COLOURS.opened);
    bar(day.closed, centre + 1, COLOURS.closed);
    if (i % labelEvery === 0) {
      const label = dayLabel(day.day);
      drawText(
        raster,
        centre - textWidth(label, labelScale) / 2,
        bottom + 12,
        label,
        COLOURS.muted,
        labelScale,
      );
    }
  });

  // The backlog line, broken where a day is not over yet.
  let previous: { x: number; y: number } | null = null;
  days.forEach((day, i) => {
    if (day.backlog === null) {
      previous = null;
      return;
    }
    const point = { x: plot.x + slot * (i + 0.5), y: yOf(day.backlog, line) };
    if (previous) raster.line(previous.x, previous.y, point.x, point.y, COLOURS.backlog, 3);
    previous = point;
  });
  days.forEach((day, i) => {
    if (day.backlog !== null)
      raster.disc(plot.x + slot * (i + 0.5), yOf(day.backlog, line), 5, COLOURS.backlog);
  });

  for (const label of labels) {
    const width = textWidth(label.text, label.scale);
    raster.fillRect(label.x - 2, label.y - 2, width + 4, GLYPH_HEIGHT * label.scale + 4, COLOURS.background);
    drawText(raster, label.x, label.y, label.text, label.colour, label.scale);
  }
  return encodePng(raster);
}
