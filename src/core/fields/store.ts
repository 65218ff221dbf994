import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { tablesOf } from '../../db/tables.js';
import type { Principal } from '../actor.js';
import { recordHistory } from '../history.js';
import type { QueueRow, TicketRow } from '../permissions.js';
import { loadQueueById } from '../tickets/load.js';
import type { FieldDefinition, FieldValues } from './definition.js';

const valuesOfTicket = (db: Db) => {
  const { ticketFieldValues } = tablesOf(db);
  return db
    .select({ key: ticketFieldValues.fieldKey, value: ticketFieldValues.value })
    .from(ticketFieldValues)
    .where(eq(ticketFieldValues.ticketId, sql.placeholder('ticketId')))
    .orderBy(asc(ticketFieldValues.fieldKey), asc(ticketFieldValues.position))
    .prepare();
};

/** Every stored value of a ticket, by field key, including fields no longer declared. */
export async function loadFieldValues(tx: Db, ticketId: number): Promise<FieldValues> {
  const values: FieldValues = {};
  for (const row of await prepared(tx, valuesOfTicket).execute({ ticketId })) {
    values[row.key] = [...(values[row.key] ?? []), row.value];
  }
  return values;
}

/**
 * The fields that apply to a ticket in `queue`: those of its first-level queue (the form the ticket was opened
 * with), then each queue's below it down to `queue`, a key already declared higher up counting once.
 */
export async function fieldsOfQueue(tx: Db, queue: QueueRow): Promise<FieldDefinition[]> {
  const fields: FieldDefinition[] = [];
  const seen = new Set<string>();
  const chain: QueueRow[] = [queue];
  for (let current = queue; current.parentId !== null && chain.length < 32; ) {
    current = await loadQueueById(tx, current.parentId);
    chain.push(current);
  }
  // The first-level queue's fields come first, as its form asked them.
  for (const each of chain.reverse()) {
    for (const field of each.fields) {
      if (seen.has(field.key)) continue;
      seen.add(field.key);
      fields.push(field);
    }
  }
  return fields;
}

/** How History writes a field's value: `<key>: <values>`, so a field later removed still reads. */
const historyValue = (key: string, values: readonly string[]) => `${key}: ${values.join(', ')}`;

const sameValues = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, index) => value === b[index]);

/**
 * Stores `values` (already checked) on the ticket, each field that changes with a TicketDynamicFieldUpdate
 * history row; returns whether any did.
 */
export async function writeFieldValues(
  tx: Db,
  who: Principal,
  ticket: TicketRow,
  values: FieldValues,
  at: Date,
): Promise<boolean> {
  const { ticketFieldValues } = tablesOf(tx);
  const before = await loadFieldValues(tx, ticket.id);
  let changed = false;
  for (const [key, next] of Object.entries(values)) {
    const previous = before[key] ?? [];
    if (sameValues(previous, next)) continue;
    changed = true;
    await tx
      .delete(ticketFieldValues)
      .where(and(eq(ticketFieldValues.ticketId, ticket.id), eq(ticketFieldValues.fieldKey, key)));
    if (next.length > 0) {
      await tx.insert(ticketFieldValues).values(
        next.map((value, position) => ({
          ticketId: ticket.id,
          fieldKey: key,
          position,
          value,
          folded: foldFieldValue(value),
        })),
      );
    }
    await recordHistory(tx, who, ticket.id, at, {
      event: 'TicketDynamicFieldUpdate',
      oldValue: previous.length > 0 ? historyValue(key, previous) : null,
      newValue: historyValue(key, next),
    });
  }
  return changed;
}

/** A value as `/ticket search key:value` compares it: case and accents aside. */
export function foldFieldValue(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
