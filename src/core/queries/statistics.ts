import { and, count, gte, inArray, lt } from 'drizzle-orm';
import { queues, tickets } from '../../db/schema.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import type { CoreContext } from '../context.js';
import { PermissionDeniedError, ValidationError } from '../errors.js';
import { readableQueueIds } from '../permissions.js';
import type { TicketState } from '../states.js';
import { loadQueueByKey } from '../tickets/load.js';

export interface DurationSummary {
  /** How many tickets the figures are over. */
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface QueueStateCount {
  queueKey: string;
  queueName: string;
  state: TicketState;
  count: number;
}

export interface Statistics {
  from: Date;
  to: Date;
  /** Every ticket of the readable queues by queue and state, as they stand now. */
  byQueueAndState: QueueStateCount[];
  openedInPeriod: number;
  closedInPeriod: number;
  /** Over tickets opened in the period that have had a first answer. */
  firstResponse: DurationSummary;
  /** Over tickets opened in the period and since closed. */
  resolution: DurationSummary;
}

export interface StatisticsRequest {
  from: Date;
  to: Date;
  queueKey?: string;
}

/** The value below which `fraction` of the sorted values fall (nearest rank). */
function percentile(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1] ?? null;
}

function summarize(minutes: number[]): DurationSummary {
  const sorted = [...minutes].sort((a, b) => a - b);
  return {
    count: sorted.length,
    medianMinutes: percentile(sorted, 0.5),
    p90Minutes: percentile(sorted, 0.9),
  };
}

const minutesBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 60_000);

/** The desk's figures for operators, over the queues they can read (one queue, if named). */
export function statistics(ctx: CoreContext, actor: Actor, request: StatisticsRequest): Statistics {
  const { from, to } = request;
  if (!(from < to)) throw new ValidationError('period', 'The period must end after it starts.');
  const tx = ctx.db;
  const who = resolvePrincipal(tx, actor);
  const readable = readableQueueIds(tx, who);
  if (readable !== null && readable.length === 0)
    throw new PermissionDeniedError('see statistics', 'this desk');
  let queueIds = readable;
  if (request.queueKey) {
    const queue = loadQueueByKey(tx, request.queueKey);
    if (readable !== null && !readable.includes(queue.id))
      throw new PermissionDeniedError('see statistics', `queue ${queue.name}`);
    queueIds = [queue.id];
  }
  const inQueues = queueIds === null ? undefined : inArray(tickets.queueId, queueIds);
  const names = new Map(
    tx
      .select({ id: queues.id, key: queues.key, name: queues.name })
      .from(queues)
      .all()
      .map((q) => [q.id, q]),
  );
  const byQueueAndState = tx
    .select({ queueId: tickets.queueId, state: tickets.state, count: count() })
    .from(tickets)
    .where(inQueues)
    .groupBy(tickets.queueId, tickets.state)
    .all()
    .map((r) => ({
      queueKey: names.get(r.queueId)?.key ?? '',
      queueName: names.get(r.queueId)?.name ?? '',
      state: r.state,
      count: r.count,
    }));
  const opened = tx
    .select({
      createdAt: tickets.createdAt,
      firstResponseAt: tickets.firstResponseAt,
      closedAt: tickets.closedAt,
      state: tickets.state,
    })
    .from(tickets)
    .where(and(inQueues, gte(tickets.createdAt, from), lt(tickets.createdAt, to)))
    .all();
  const closedInPeriod =
    tx
      .select({ count: count() })
      .from(tickets)
      .where(
        and(
          inQueues,
          gte(tickets.closedAt, from),
          lt(tickets.closedAt, to),
          inArray(tickets.state, ['closed_successful', 'closed_unsuccessful']),
        ),
      )
      .get()?.count ?? 0;
  return {
    from,
    to,
    byQueueAndState,
    openedInPeriod: opened.length,
    closedInPeriod,
    firstResponse: summarize(
      opened.flatMap((t) => (t.firstResponseAt ? [minutesBetween(t.createdAt, t.firstResponseAt)] : [])),
    ),
    resolution: summarize(
      opened.flatMap((t) =>
        t.closedAt && (t.state === 'closed_successful' || t.state === 'closed_unsuccessful')
          ? [minutesBetween(t.createdAt, t.closedAt)]
          : [],
      ),
    ),
  };
}
