import type { Db } from '../db/client.js';
import { insertRow } from '../db/prepared.js';
import type { HistoryEvent } from '../db/schema.js';
import { tablesOf } from '../db/tables.js';
import type { Principal } from './actor.js';

export interface HistoryEntry {
  event: HistoryEvent;
  oldValue?: string | null;
  newValue?: string | null;
  articleId?: number | null;
}

/** Appends to a ticket's history; history is never updated or deleted. */
export async function recordHistory(
  tx: Db,
  who: Principal,
  ticketId: number,
  at: Date,
  entry: HistoryEntry,
): Promise<void> {
  const { history } = tablesOf(tx);
  await insertRow(tx, history, {
    ticketId,
    event: entry.event,
    actorAgentId: who.agent?.id ?? null,
    actorCustomerId: who.agent ? null : (who.customer?.id ?? null),
    actorLabel: who.label,
    oldValue: entry.oldValue ?? null,
    newValue: entry.newValue ?? null,
    articleId: entry.articleId ?? null,
    createdAt: at,
  });
}
