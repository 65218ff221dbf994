/**
 * `npm run db:copy -- --from <SQLite file or postgres:// URL> --to <SQLite file or postgres:// URL>`: moves a
 * desk to another database (see README, "Moving a desk").
 */
import { parseArgs } from 'node:util';
import { type CopyReport, copyDesk } from './copy-desk.js';
import { CopyNotMade } from './copy-not-made.js';

const USAGE =
  'usage: npm run db:copy -- --from <SQLite file | postgres://…> --to <SQLite file | postgres://…>';

function reportLines(report: CopyReport): string[] {
  const numbers = report.ticketNumbers;
  const width = Math.max(...report.tables.map((table) => table.name.length));
  return [
    `Copied the desk from ${report.from} to ${report.to}:`,
    ...report.tables.map((table) => `  ${table.name.padEnd(width)}  ${table.rows}`),
    numbers.length > 0
      ? `${numbers.length} tickets, ${numbers[0]} to ${numbers.at(-1)}, all there with their numbers.`
      : 'No tickets.',
    'The search index is rebuilt by the target desk from the copied tickets and articles.',
  ];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, to: { type: 'string' } },
    strict: true,
  });
  if (!values.from || !values.to) {
    console.error(USAGE);
    return 2;
  }
  try {
    console.log(reportLines(await copyDesk(values.from, values.to)).join('\n'));
    return 0;
  } catch (error) {
    if (!(error instanceof CopyNotMade)) throw error;
    console.error(`The desk was not copied: ${error.message}`);
    return 1;
  }
}

process.exitCode = await main();
