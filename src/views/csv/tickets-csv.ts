import type { ExportRow } from '../../core/model.js';
import { wallClock } from '../time.js';
import { type CsvCell, toCsv } from './csv.js';

/** One ticket of an export, as `/ticket export` lists it. */
export type TicketCsvRow = Omit<ExportRow, 'queueKey'>;

/** The columns, in order: stable names a spreadsheet or a script can rely on. */
export const TICKET_CSV_COLUMNS = [
  'number',
  'title',
  'queue',
  'state',
  'priority',
  'customer',
  'customer_email',
  'owner',
  'created',
  'first_response',
  'closed',
  'minutes_to_first_response',
  'minutes_to_resolution',
  'first_response_sla_met',
  'solution_sla_met',
  'rating',
  'rating_comment',
  'tags',
] as const;

/** `2026-11-30 10:05` on the desk's wall clock: what a spreadsheet reads as a date and time. */
export function csvDateTime(date: Date | null, timeZone: string): string {
  if (!date || Number.isNaN(date.getTime())) return '';
  const { year, month, day, hour, minute } = wallClock(date, timeZone);
  return `${year}-${month}-${day} ${hour}:${minute}`;
}

const flag = (value: boolean | null): string => (value === null ? '' : value ? 'yes' : 'no');

/** A field's column: `field:<key>`, never a built-in column's name whatever the key. */
export const fieldColumn = (key: string) => `field:${key}`;

/**
 * The tickets as a CSV file (UTF-8 with a byte order mark, so spreadsheets read accents right): the fixed
 * columns, then one per field key (a multi-select's values joined by ", ").
 */
export function buildTicketsCsv(
  rows: readonly TicketCsvRow[],
  timeZone: string,
  fieldKeys: readonly string[] = [],
): string {
  const lines: CsvCell[][] = [[...TICKET_CSV_COLUMNS, ...fieldKeys.map(fieldColumn)]];
  for (const row of rows) {
    lines.push([
      row.number,
      row.title,
      row.queueName,
      row.state,
      row.priority,
      row.customerName,
      row.customerEmail,
      row.ownerName,
      csvDateTime(row.createdAt, timeZone),
      csvDateTime(row.firstResponseAt, timeZone),
      csvDateTime(row.closedAt, timeZone),
      row.minutesToFirstResponse,
      row.minutesToResolution,
      flag(row.firstResponseSlaMet),
      flag(row.solutionSlaMet),
      row.rating,
      row.ratingComment,
      row.tags.join(', '),
      ...fieldKeys.map((key) => (row.fields[key] ?? []).join(', ')),
    ]);
  }
  return `\uFEFF${toCsv(lines)}`;
}
