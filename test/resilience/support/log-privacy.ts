import type Database from 'better-sqlite3';

/** Shorter texts (a one-word title) could show in a log line by chance. */
const MIN_TEXT_LENGTH = 8;

/** The lines logged at debug level. */
export function debugLines(logs: string[]): string[] {
  return logs.filter((line) => / DEBUG \[/.test(line));
}

/**
 * What the people of a run wrote and who they are, as the desk stored it: ticket titles, the articles of
 * customers and operators (not the desk's own notices), and every email address it knows, plus `emails`
 * (e.g. the Slack profiles' addresses). Each also as it reads inside JSON, the way a logged body shows it.
 */
export function privateValues(sqlite: Database.Database, emails: string[] = []): string[] {
  const column = (sql: string) => (sqlite.prepare(sql).pluck().all() as string[]).filter(Boolean);
  const values = [
    ...column('select title from tickets'),
    ...column("select body from articles where sender_type in ('customer', 'agent')"),
    ...column('select email from customers where email is not null'),
    ...emails,
  ]
    .map((value) => value.trim())
    .filter((value) => value.length >= MIN_TEXT_LENGTH);
  return [...new Set(values.flatMap((value) => [value, JSON.stringify(value).slice(1, -1)]))];
}

/** The lines of `lines` that show one of `values`. */
export function linesShowing(lines: string[], values: string[]): string[] {
  return lines.filter((line) => values.some((value) => line.includes(value)));
}
