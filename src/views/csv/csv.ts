/**
 * CSV as RFC 4180 writes it (CRLF line ends, fields with a comma, quote or line break in double quotes, quotes
 * doubled), and safe to open in a spreadsheet: a text cell starting with `=`, `+`, `-`, `@` (or a tab or
 * carriage return) is prefixed with `'`, so it is never run as a formula.
 */
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made inert for spreadsheets; numbers are written as they are. */
export function neutralize(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function csvField(cell: CsvCell): string {
  const text = neutralize(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + (rows.length > 0 ? '\r\n' : '');
}
