import { and, asc, eq, gte, inArray, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inIdList } from '../../db/id-lists.js';
import { prepared } from '../../db/prepared.js';
import { tablesOf } from '../../db/tables.js';
import type { Actor } from '../actor.js';
import type { QueueKey } from '../brands.js';
import type { CoreContext } from '../context.js';
import type { FieldValues } from '../fields/definition.js';
import { fieldsOfQueue } from '../fields/store.js';
import { isClosed, type TicketState } from '../states.js';
import { loadQueueById } from '../tickets/load.js';
import { tagsOfTickets } from '../tickets/tags.js';
import {
  firstResponseMet,
  ownersAtClose,
  solutionMet,
  statisticsScope,
  validatePeriod,
  workingMinutes,
} from './statistics.js';

/** One ticket as the export lists it. */
export interface ExportRow {
  number: string;
  title: string;
  queueKey: string;
  queueName: string;
  state: TicketState;
  priority: number;
  customerName: string;
  customerEmail: string | null;
  /** The owner now, or when it was closed for a closed ticket; null when nobody. */
  ownerName: string | null;
  createdAt: Date;
  firstResponseAt: Date | null;
  closedAt: Date | null;
  /** Working minutes of the queue's calendar (all minutes without one). */
  minutesToFirstResponse: number | null;
  minutesToResolution: number | null;
  /** Null when there was no such promise, or it is not decided yet. */
  firstResponseSlaMet: boolean | null;
  solutionSlaMet: boolean | null;
  rating: number | null;
  ratingComment: string | null;
  /** The ticket's tags, in alphabetical order. */
  tags: string[];
  /** The ticket's field values by key, fields no longer declared included. */
  fields: FieldValues;
}

export interface TicketExport {
  from: Date;
  to: Date;
  rows: ExportRow[];
  /**
   * The field keys the rows have values for: those of the listed tickets' queues in the order they are
   * declared, then any no longer declared, alphabetically.
   */
  fieldKeys: string[];
  /** More tickets matched than an export holds; the oldest `rows.length` are listed. */
  truncated: boolean;
}

/** The most tickets one export lists. */
export const MAX_EXPORT_ROWS = 20_000;

/**
 * The tickets opened or closed in the period, in the queues the actor may read (one queue, if named), oldest
 * first, with their times and SLA outcomes: what `/ticket export` turns into a spreadsheet.
 */
export async function exportTickets(
  ctx: CoreContext,
  actor: Actor,
  request: { from: Date; to: Date; queueKey?: QueueKey },
): Promise<TicketExport> {
  const { agents, customers, queues, tickets } = tablesOf(ctx.db);
  const { from, to } = request;
  validatePeriod(from, to);
  const tx = ctx.db;
  const now = ctx.clock.now();
  const { queueIds } = await statisticsScope(tx, actor, request.queueKey);
  const rows = await tx
    .select({
      ticket: tickets,
      queueKey: queues.key,
      queueName: queues.name,
      customerName: customers.name,
      customerEmail: customers.email,
      ownerName: agents.name,
    })
    .from(tickets)
    .innerJoin(queues, eq(queues.id, tickets.queueId))
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .leftJoin(agents, eq(agents.id, tickets.ownerId))
    .where(
      and(
        queueIds === null ? undefined : inArray(tickets.queueId, queueIds),
        or(
          and(gte(tickets.createdAt, from), lt(tickets.createdAt, to)),
          and(gte(tickets.closedAt, from), lt(tickets.closedAt, to)),
        ),
      ),
    )
    .orderBy(asc(tickets.createdAt), asc(tickets.id))
    .limit(MAX_EXPORT_ROWS + 1);
  const listed = rows.slice(0, MAX_EXPORT_ROWS);
  const minutes = await workingMinutes(tx, [...new Set(listed.map((r) => r.ticket.queueId))]);
  const owners = await ownersAtClose(
    tx,
    listed.filter((r) => isClosed(r.ticket.state)).map((r) => r.ticket.id),
  );
  const ids = listed.map((r) => r.ticket.id);
  const tags = await tagsOfTickets(tx, ids);
  const fields = await fieldValuesOf(tx, ids);
  return {
    from,
    to,
    fieldKeys: await fieldKeysOf(tx, [...new Set(listed.map((r) => r.ticket.queueId))], fields),
    truncated: rows.length > MAX_EXPORT_ROWS,
    rows: listed.map(({ ticket, ...names }) => {
      const closedAt = isClosed(ticket.state) ? ticket.closedAt : null;
      return {
        number: ticket.number,
        title: ticket.title,
        queueKey: names.queueKey,
        queueName: names.queueName,
        state: ticket.state,
        priority: ticket.priority,
        customerName: names.customerName,
        customerEmail: names.customerEmail,
        ownerName: names.ownerName ?? owners.get(ticket.id)?.name ?? null,
        createdAt: ticket.createdAt,
        firstResponseAt: ticket.firstResponseAt,
        closedAt,
        minutesToFirstResponse: ticket.firstResponseAt
          ? minutes(ticket.queueId, ticket.createdAt, ticket.firstResponseAt)
          : null,
        minutesToResolution: closedAt ? minutes(ticket.queueId, ticket.createdAt, closedAt) : null,
        firstResponseSlaMet: firstResponseMet(ticket, now),
        solutionSlaMet: solutionMet({ solutionDueAt: ticket.solutionDueAt, closedAt }),
        rating: ticket.satisfactionRating,
        ratingComment: ticket.satisfactionComment,
        tags: tags.get(ticket.id) ?? [],
        fields: fields.get(ticket.id) ?? {},
      };
    }),
  };
}

const valuesOfTickets = (db: Db) => {
  const { ticketFieldValues: v } = tablesOf(db);
  return db
    .select()
    .from(v)
    .where(inIdList(db, v.ticketId, 'ids'))
    .orderBy(asc(v.ticketId), asc(v.fieldKey), asc(v.position))
    .prepare();
};

/** The field values of the tickets, by ticket id. */
async function fieldValuesOf(tx: Db, ticketIds: number[]): Promise<Map<number, FieldValues>> {
  const byTicket = new Map<number, FieldValues>();
  if (ticketIds.length === 0) return byTicket;
  const rows = await prepared(tx, valuesOfTickets).execute({ ids: JSON.stringify(ticketIds) });
  for (const row of rows) {
    const values = byTicket.get(row.ticketId) ?? {};
    values[row.fieldKey] = [...(values[row.fieldKey] ?? []), row.value];
    byTicket.set(row.ticketId, values);
  }
  return byTicket;
}

async function fieldKeysOf(tx: Db, queueIds: number[], values: Map<number, FieldValues>): Promise<string[]> {
  const declared: string[] = [];
  for (const queueId of queueIds) {
    for (const field of await fieldsOfQueue(tx, await loadQueueById(tx, queueId))) {
      if (!declared.includes(field.key)) declared.push(field.key);
    }
  }
  const stored = new Set([...values.values()].flatMap((fields) => Object.keys(fields)));
  const gone = [...stored].filter((key) => !declared.includes(key)).sort();
  return [...declared, ...gone];
}
