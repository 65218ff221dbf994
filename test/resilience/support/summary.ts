import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The parts of the resilience suite, one per test file; the table is printed once all have reported. */
export const PARTS = ['faults', 'sigkill', 'bad-input', 'replicas'] as const;
export type Part = (typeof PARTS)[number];

export interface CaseResult {
  /** The group of cases the row sums up, e.g. "wrong signature". */
  group: string;
  tried: number;
  passed: number;
  /** Acknowledged items never stored or delivered. */
  lost: number;
  note?: string;
}

/** One folder per vitest run: its worker processes share the parent (the vitest process). */
const folder = join(tmpdir(), `sportello-resilience-${process.ppid}`);

/**
 * Collects what one test file tried; `report()` (in afterAll) writes it where the other files of the run see
 * it, and the last file to report prints the whole table: cases tried, passed, and lost items.
 */
export class Summary {
  private readonly rows: CaseResult[] = [];
  /** Log lines searched for secrets (debug lines also for emails and texts), and what was found in them. */
  private logLines = 0;
  private debugLines = 0;
  private leaks = 0;

  constructor(private readonly part: Part) {}

  /** Records a group of cases; `passed` defaults to all of them. */
  add(row: CaseResult): void {
    const existing = this.rows.find((r) => r.group === row.group);
    if (!existing) {
      this.rows.push({ ...row });
      return;
    }
    existing.tried += row.tried;
    existing.passed += row.passed;
    existing.lost += row.lost;
    if (row.note) existing.note = existing.note ? `${existing.note}; ${row.note}` : row.note;
  }

  /** One case: passed or not. */
  one(group: string, passed: boolean, note?: string): void {
    this.add({ group, tried: 1, passed: passed ? 1 : 0, lost: 0, note });
  }

  secrets(lines: number, leaks: number, debugLines = 0): void {
    this.logLines += lines;
    this.debugLines += debugLines;
    this.leaks += leaks;
  }

  report(): void {
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, `${this.part}.json`),
      JSON.stringify({
        part: this.part,
        rows: this.rows,
        logLines: this.logLines,
        debugLines: this.debugLines,
        leaks: this.leaks,
      }),
    );
    const present = readdirSync(folder).filter((f) => f.endsWith('.json'));
    if (!PARTS.every((part) => present.includes(`${part}.json`))) return;
    const parts = PARTS.map(
      (part) =>
        JSON.parse(readFileSync(join(folder, `${part}.json`), 'utf8')) as {
          part: Part;
          rows: CaseResult[];
          logLines: number;
          debugLines: number;
          leaks: number;
        },
    );
    rmSync(folder, { recursive: true, force: true });
    const lines = [
      '',
      'Resilience summary',
      '',
      '| part | cases | tried | passed | lost items | notes |',
      '| --- | --- | ---: | ---: | ---: | --- |',
    ];
    const total = { tried: 0, passed: 0, lost: 0 };
    for (const { part, rows } of parts) {
      for (const row of rows) {
        lines.push(
          `| ${part} | ${row.group} | ${row.tried} | ${row.passed} | ${row.lost} | ${row.note ?? ''} |`,
        );
        total.tried += row.tried;
        total.passed += row.passed;
        total.lost += row.lost;
      }
    }
    const logLines = parts.reduce((n, p) => n + p.logLines, 0);
    const debugLines = parts.reduce((n, p) => n + p.debugLines, 0);
    const leaks = parts.reduce((n, p) => n + p.leaks, 0);
    lines.push(
      `| all | secrets in ${logLines} log lines; emails and texts in the ${debugLines} debug lines | 1 | ${leaks === 0 ? 1 : 0} | 0 | ${leaks} leaks |`,
    );
    lines.push(
      `| **all** | | **${total.tried + 1}** | **${total.passed + (leaks === 0 ? 1 : 0)}** | **${total.lost}** | |`,
    );
    process.stdout.write(`${lines.join('\n')}\n\n`);
  }
}

/** The lines of `logs` that contain one of `secrets` (each secret also percent-encoded). */
export function linesWithSecrets(logs: string[], secrets: string[]): string[] {
  const needles = [...new Set(secrets.flatMap((s) => [s, encodeURIComponent(s)]))].filter(
    (s) => s.length >= 6,
  );
  return logs.filter((line) => needles.some((needle) => line.includes(needle)));
}
