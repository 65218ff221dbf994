/**
 * Moving a desk from one database to another (a SQLite file, a PostgreSQL database; either way): every row
 * of every table, written to a freshly migrated target in one transaction, then checked against its source.
 */
import { and, count, eq, getTableColumns, gt, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { tablesOf } from '../tables.js';
import { CopyNotMade } from './copy-not-made.js';
import { copyPlan, REBUILT_BY_TARGET, type TableCopy } from './copy-plan.js';
import { type DeskStore, openDeskStore, sameLocation } from './desk-store.js';

export interface CopyReport {
  from: string;
  to: string;
  /** Rows copied, table by table, in the order they were written. */
  tables: { name: string; rows: number }[];
  /** The tickets' numbers, the same set on both sides. */
  ticketNumbers: string[];
}

/**
 * Copies the desk at `from` into the empty desk database at `to`, migrating both first. The source is read
 * on one snapshot; the target is written in one transaction, so a failed copy leaves it empty.
 */
export async function copyDesk(from: string, to: string): Promise<CopyReport> {
  if (sameLocation(from, to)) throw new CopyNotMade('the source and the target are the same database');
  const source = await openDeskStore(from, { mustExist: true });
  try {
    const target = await openDeskStore(to, { mustExist: false });
    try {
      const tables = await source.reading(() => target.writing(() => copyRows(source, target)));
      return { from: source.shown, to: target.shown, ...tables };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

async function copyRows(source: DeskStore, target: DeskStore) {
  const plan = copyPlan().filter((table) => !REBUILT_BY_TARGET.includes(table.key));
  await refuseNonEmpty(target, plan);
  const tables: CopyReport['tables'] = [];
  for (const table of plan) tables.push({ name: table.name, rows: await copyTable(source, target, table) });
  if (target.dialect === 'postgres') await continueIdentities(target, plan);
  for (const table of plan) {
    const [expected, found] = [await rowCount(source, table), await rowCount(target, table)];
    if (expected !== found) {
      throw new CopyNotMade(`${table.name} has ${expected} rows in the source but ${found} in the target`);
    }
  }
  const ticketNumbers = await sameTicketNumbers(source, target);
  return { tables, ticketNumbers };
}

const tableOf = (store: DeskStore, table: TableCopy) => tablesOf(store.db())[table.key] as SQLiteTable;

const columnOf = (store: DeskStore, table: TableCopy, key: string) => {
  const column = getTableColumns(tableOf(store, table))[key];
  if (!column) throw new Error(`${table.name} has no column ${key}`);
  return column as SQLiteColumn;
};

async function rowCount(store: DeskStore, table: TableCopy): Promise<number> {
  const found = await store.db().select({ rows: count() }).from(tableOf(store, table));
  return found[0]?.rows ?? 0;
}

/** Refuses a target that holds any row: the copy would mix two desks, or overwrite one. */
async function refuseNonEmpty(target: DeskStore, plan: TableCopy[]): Promise<void> {
  const filled: string[] = [];
  for (const table of plan) {
    const rows = await rowCount(target, table);
    if (rows > 0) filled.push(`${table.name} (${rows})`);
  }
  if (filled.length > 0) {
    throw new CopyNotMade(
      `the target ${target.shown} is not empty: it has rows in ${filled.join(', ')}. ` +
        'Copy into a new, empty database.',
    );
  }
}

/** Copies `table` batch by batch; returns how many rows it wrote. */
async function copyTable(source: DeskStore, target: DeskStore, table: TableCopy): Promise<number> {
  const into = tableOf(target, table);
  const laterReferences: Record<string, unknown>[] = [];
  let copied = 0;
  let last: Row | undefined;
  for (;;) {
    const rows = await readBatch(source, table, copied, last);
    last = rows.at(-1);
    if (!last) break;
    const written = rows.map((row) => {
      const references = Object.fromEntries(table.selfReferences.map((key) => [key, row[key]]));
      if (Object.values(references).some((value) => value !== null)) laterReferences.push(row);
      return { ...row, ...Object.fromEntries(table.selfReferences.map((key) => [key, null])) };
    });
    await target.db().insert(into).values(written);
    copied += rows.length;
    if (rows.length < table.batchRows) break;
  }
  for (const row of laterReferences) {
    const references = Object.fromEntries(table.selfReferences.map((key) => [key, row[key]]));
    const samePrimaryKey = table.primaryKey.map((key) => eq(columnOf(target, table, key), row[key]));
    await target
      .db()
      .update(into)
      .set(references)
      .where(and(...samePrimaryKey));
  }
  return copied;
}

type Row = Record<string, unknown>;

/**
 * The next rows of `table` in primary-key order: after `last` where the key is one column (an index seek),
 * else after the first `offset` (composite keys are on small tables).
 */
async function readBatch(source: DeskStore, table: TableCopy, offset: number, last: Row | undefined) {
  const from = tableOf(source, table);
  const key = table.primaryKey.map((name) => columnOf(source, table, name));
  const [single] = key;
  const query = source.db().select().from(from);
  if (single && key.length === 1) {
    const after = last ? gt(single, last[table.primaryKey[0] as string]) : undefined;
    return (await query.where(after).orderBy(single).limit(table.batchRows)) as Row[];
  }
  return (await query
    .orderBy(...key)
    .limit(table.batchRows)
    .offset(offset)) as Row[];
}

/**
 * Sets PostgreSQL's identity sequences past the copied ids (rows written with their ids leave them where they
 * were), so the target's next ticket, article… gets a new id.
 */
async function continueIdentities(target: DeskStore, plan: TableCopy[]): Promise<void> {
  const pg = target.postgres();
  for (const table of plan) {
    const [key] = table.primaryKey;
    if (!key || table.primaryKey.length !== 1) continue;
    const column = columnOf(target, table, key).name;
    const found = await pg.execute<{ sequence: string | null }>(
      sql`select pg_get_serial_sequence(${table.name}, ${column}) as sequence`,
    );
    const sequence = found.rows[0]?.sequence;
    if (!sequence) continue;
    const next: SQL = sql`(select coalesce(max(${sql.identifier(column)}), 0) + 1 from ${sql.identifier(table.name)})`;
    await pg.execute(sql`select setval(${sequence}::regclass, ${next}, false)`);
  }
}

/** The tickets' numbers of both sides, the same set: what people know their tickets by. */
async function sameTicketNumbers(source: DeskStore, target: DeskStore): Promise<string[]> {
  const numbers = async (store: DeskStore) => {
    const { tickets } = tablesOf(store.db());
    return (await store.db().select({ number: tickets.number }).from(tickets))
      .map((row) => row.number)
      .sort();
  };
  const [expected, found] = [await numbers(source), await numbers(target)];
  const [expectedSet, foundSet] = [new Set(expected), new Set(found)];
  const missing = expected.filter((number) => !foundSet.has(number));
  const extra = found.filter((number) => !expectedSet.has(number));
  if (missing.length > 0 || extra.length > 0 || expected.length !== found.length) {
    throw new CopyNotMade(
      `the target's ticket numbers differ from the source's: missing ${missing.slice(0, 5).join(', ') || 'none'}, ` +
        `not in the source ${extra.slice(0, 5).join(', ') || 'none'}`,
    );
  }
  return expected;
}
