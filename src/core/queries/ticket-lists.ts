import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { tablesOf } from '../../db/tables.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import type { QueueKey, SlackUserId } from '../brands.js';
import type { CoreContext } from '../context.js';
import { PermissionDeniedError, ValidationError } from '../errors.js';
import {
  hasQueuePermission,
  readableQueueIds,
  requireQueuePermission,
  type TicketRow,
} from '../permissions.js';
import { loadQueueByKey } from '../tickets/load.js';

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export interface PageRequest {
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export const MAX_PAGE_SIZE = 100;

function pageBounds(request: PageRequest): { page: number; pageSize: number } {
  const page = request.page ?? 1;
  const pageSize = request.pageSize ?? 25;
  if (!Number.isInteger(page) || page < 1)
    throw new ValidationError('page', 'below_one', 'Pages are numbered from 1.');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new ValidationError('page_size', 'out_of_range', `A page holds 1 to ${MAX_PAGE_SIZE} tickets.`, {
      limit: MAX_PAGE_SIZE,
    });
  }
  return { page, pageSize };
}

/** Fetches one row past the page to tell whether another page follows, without counting them all. */
function toPage<T>(rows: T[], page: number, pageSize: number): Page<T> {
  return { items: rows.slice(0, pageSize), page, pageSize, hasMore: rows.length > pageSize };
}

const workingTicketsOfQueue = (db: Db) => {
  const { tickets } = tablesOf(db);
  return db
    .select()
    .from(tickets)
    .where(and(eq(tickets.queueId, sql.placeholder('queueId')), eq(tickets.working, true)))
    .orderBy(desc(tickets.priority), asc(tickets.createdAt), asc(tickets.id))
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
    .prepare();
};

/**
 * A queue's working view: its new, open and pending tickets, highest priority first and then oldest first.
 */
export async function queueView(
  ctx: CoreContext,
  actor: Actor,
  queueKey: QueueKey,
  request: PageRequest = {},
): Promise<Page<TicketRow>> {
  const { page, pageSize } = pageBounds(request);
  const who = await resolvePrincipal(ctx.db, actor);
  const queue = await loadQueueByKey(ctx.db, queueKey);
  await requireQueuePermission(ctx.db, who, queue, 'read');
  const rows = await prepared(ctx.db, workingTicketsOfQueue).execute({
    queueId: queue.id,
    limit: pageSize + 1,
    offset: (page - 1) * pageSize,
  });
  return toPage(rows, page, pageSize);
}

export interface CustomerTicketsRequest extends PageRequest {
  /** Only tickets still being worked (the default), or all of them. */
  include?: 'working' | 'all';
  /** An operator looking at someone else's tickets; by default the actor's own. */
  customerSlackUserId?: SlackUserId;
}

/**
 * A customer's tickets, newest first. Customers see their own; operators may look at another customer's,
 * limited to the queues they can read.
 */
export async function customerTickets(
  ctx: CoreContext,
  actor: Actor,
  request: CustomerTicketsRequest = {},
): Promise<Page<TicketRow>> {
  const { tickets } = tablesOf(ctx.db);
  const { page, pageSize } = pageBounds(request);
  const tx = ctx.db;
  const who = await resolvePrincipal(tx, actor);
  const other = request.customerSlackUserId;
  const ownRequest = other === undefined || (actor.kind === 'slack' && actor.userId === other);
  const customer = ownRequest
    ? who.customer
    : (await resolvePrincipal(tx, { kind: 'slack', userId: other })).customer;
  if (!ownRequest && !who.agent && !who.isAdmin)
    throw new PermissionDeniedError('see_others_tickets', { desk: true });
  if (!customer) return { items: [], page, pageSize, hasMore: false };
  const rows = await tx
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.customerId, customer.id),
        request.include === 'all' ? undefined : eq(tickets.working, true),
      ),
    )
    .orderBy(desc(tickets.createdAt), desc(tickets.id));
  const visible = ownRequest ? rows : [];
  if (!ownRequest) {
    for (const t of rows) if (await hasQueuePermission(tx, who, t.queueId, 'read')) visible.push(t);
  }
  const start = (page - 1) * pageSize;
  return toPage(visible.slice(start, start + pageSize + 1), page, pageSize);
}

/** The tickets an operator owns and is still working, highest priority first, then oldest first. */
export async function ownedTickets(
  ctx: CoreContext,
  actor: Actor,
  request: PageRequest = {},
): Promise<Page<TicketRow>> {
  const { tickets } = tablesOf(ctx.db);
  const { page, pageSize } = pageBounds(request);
  const who = await resolvePrincipal(ctx.db, actor);
  if (!who.agent) return { items: [], page, pageSize, hasMore: false };
  const rows = await ctx.db
    .select()
    .from(tickets)
    .where(and(eq(tickets.ownerId, who.agent.id), eq(tickets.working, true)))
    .orderBy(desc(tickets.priority), asc(tickets.createdAt), asc(tickets.id))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  return toPage(rows, page, pageSize);
}

export interface QueueWorkload {
  queueId: number;
  new: number;
  open: number;
  pending: number;
}

/** New, open and pending counts of every queue the operator can read. */
export async function queueWorkloads(ctx: CoreContext, actor: Actor): Promise<QueueWorkload[]> {
  const { tickets } = tablesOf(ctx.db);
  const who = await resolvePrincipal(ctx.db, actor);
  const readable = await readableQueueIds(ctx.db, who);
  const rows = await ctx.db
    .select({ queueId: tickets.queueId, state: tickets.state, count: count() })
    .from(tickets)
    .where(and(eq(tickets.working, true), readable === null ? undefined : inArray(tickets.queueId, readable)))
    .groupBy(tickets.queueId, tickets.state);
  const byQueue = new Map<number, QueueWorkload>();
  for (const row of rows) {
    const load = byQueue.get(row.queueId) ?? { queueId: row.queueId, new: 0, open: 0, pending: 0 };
    if (row.state === 'new') load.new += row.count;
    else if (row.state === 'open') load.open += row.count;
    else load.pending += row.count;
    byQueue.set(row.queueId, load);
  }
  return [...byQueue.values()];
}

/** The oldest tickets nobody has claimed, across the operator's queues: what to pick up next. */
export async function oldestUnclaimed(ctx: CoreContext, actor: Actor, limit = 10): Promise<TicketRow[]> {
  const { tickets } = tablesOf(ctx.db);
  const who = await resolvePrincipal(ctx.db, actor);
  const readable = await readableQueueIds(ctx.db, who);
  if (readable !== null && readable.length === 0) return [];
  return await ctx.db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.working, true),
        isNull(tickets.ownerId),
        readable === null ? undefined : inArray(tickets.queueId, readable),
      ),
    )
    .orderBy(asc(tickets.createdAt), asc(tickets.id))
    .limit(limit);
}
