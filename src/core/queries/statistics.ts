import { TZDate } from '@date-fns/tz';
import { addDays, format, startOfDay } from 'date-fns';
import { and, count, eq, gte, inArray, isNotNull, isNull, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { tablesOf } from '../../db/tables.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import type { QueueKey } from '../brands.js';
import type { BusinessCalendar } from '../calendar/index.js';
import type { CoreContext } from '../context.js';
import { PermissionDeniedError, queueRef, ValidationError } from '../errors.js';
import { statisticsQueueIds } from '../permissions.js';
import { queueCalendar } from '../sla.js';
import { CLOSED_STATES, isPending, type TicketState } from '../states.js';
import { loadQueueById, loadQueueByKey } from '../tickets/load.js';
import { tagsOfTickets } from '../tickets/tags.js';

export interface DurationSummary {
  /** How many tickets the figures are over. */
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

/** Promises kept and broken; `percent` kept, to one decimal, or null when none was decided. */
export interface SlaCompliance {
  met: number;
  missed: number;
  percent: number | null;
}

export interface SatisfactionSummary {
  /** How many of the tickets were rated. */
  count: number;
  /** Mean rating, to two decimals, or null when none was rated. */
  average: number | null;
}

/** Tickets still to be worked, as they stand now. */
export interface Backlog {
  new: number;
  open: number;
  pending: number;
}

export interface QueueStateCount {
  queueKey: string;
  queueName: string;
  state: TicketState;
  count: number;
}

/**
 * The figures of a period. Durations count the working minutes of the queue's business-hours calendar (all
 * minutes for a queue without one).
 */
export interface Figures {
  /** Tickets opened in the period. */
  opened: number;
  /** Tickets closed in the period (and still closed). */
  closed: number;
  backlog: Backlog;
  /** Time to the first answer, over the tickets opened in the period that got one. */
  firstResponse: DurationSummary;
  /** Time from opening to closing, over the tickets closed in the period. */
  resolution: DurationSummary;
  /** First answers given before they were due, over the tickets opened in the period with such a promise. */
  firstResponseSla: SlaCompliance;
  /** Tickets closed before their solution was due, over the tickets closed in the period with such a promise. */
  solutionSla: SlaCompliance;
  /** Ratings of the tickets closed in the period. */
  satisfaction: SatisfactionSummary;
}

export interface QueueFigures extends Figures {
  queueKey: string;
  queueName: string;
}

/** An operator's figures over the tickets they owned when they were closed. */
export interface OperatorFigures {
  /** Null for tickets nobody owned when they were closed. */
  operator: { name: string; slackUserId: string | null } | null;
  closed: number;
  resolution: DurationSummary;
  solutionSla: SlaCompliance;
  satisfaction: SatisfactionSummary;
}

/** One calendar day of the desk's time zone (cut to the period). */
export interface DayFigures {
  /** `YYYY-MM-DD` in the desk's time zone. */
  day: string;
  start: Date;
  opened: number;
  closed: number;
  /** Tickets not closed at the end of the day; null while the day is not over. */
  backlog: number | null;
}

/** The tickets carrying one tag: opened and closed in the period, still to be worked now. */
export interface TagFigures {
  tag: string;
  opened: number;
  closed: number;
  /** Tickets with the tag still new, open or pending now. */
  backlog: number;
  resolution: DurationSummary;
  solutionSla: SlaCompliance;
}

export interface Statistics extends Figures {
  from: Date;
  to: Date;
  /** Every ticket of the queues in scope by queue and state, as they stand now. */
  byQueueAndState: QueueStateCount[];
  /** Same as `opened` (kept for callers of the first version). */
  openedInPeriod: number;
  /** Same as `closed`. */
  closedInPeriod: number;
  /** The queues in scope, by name. */
  queues: QueueFigures[];
  /** By operator (owner at closing), most tickets closed first; `operator: null` last. */
  operators: OperatorFigures[];
  /** By tag, most tickets (opened, closed, backlog) first. */
  tags: TagFigures[];
  days: DayFigures[];
}

export interface StatisticsRequest {
  from: Date;
  to: Date;
  queueKey?: QueueKey;
}

/** The longest period the figures are worked out for. */
export const MAX_PERIOD_DAYS = 366;

/** The value below which `fraction` of the sorted values fall (nearest rank). */
function percentile(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1] ?? null;
}

export function summarize(minutes: number[]): DurationSummary {
  const sorted = [...minutes].sort((a, b) => a - b);
  return {
    count: sorted.length,
    medianMinutes: percentile(sorted, 0.5),
    p90Minutes: percentile(sorted, 0.9),
  };
}

function compliance(outcomes: (boolean | null)[]): SlaCompliance {
  const met = outcomes.filter((o) => o === true).length;
  const missed = outcomes.filter((o) => o === false).length;
  const decided = met + missed;
  return { met, missed, percent: decided === 0 ? null : Math.round((met * 1000) / decided) / 10 };
}

function satisfactionOf(ratings: (number | null)[]): SatisfactionSummary {
  const given = ratings.filter((r): r is number => r !== null);
  if (given.length === 0) return { count: 0, average: null };
  const sum = given.reduce((a, b) => a + b, 0);
  return { count: given.length, average: Math.round((sum * 100) / given.length) / 100 };
}

// ---------------------------------------------------------------------------------------------------------
// Shared with the export: scope, calendars, SLA outcomes, owner at closing
// ---------------------------------------------------------------------------------------------------------

export interface Scope {
  /** The queues in scope; null means every queue (an admin, the desk). */
  queueIds: number[] | null;
}

/**
 * The queues an actor may see figures of (statistics, export): those they hold the statistics right in, or
 * the one named if they hold it there. Reading a queue is not enough: an export lists customers' emails.
 */
export async function statisticsScope(tx: Db, actor: Actor, queueKey: QueueKey | undefined): Promise<Scope> {
  const who = await resolvePrincipal(tx, actor);
  const allowed = await statisticsQueueIds(tx, who);
  if (allowed !== null && allowed.length === 0) throw new PermissionDeniedError('stats', { desk: true });
  if (!queueKey) return { queueIds: allowed };
  const queue = await loadQueueByKey(tx, queueKey);
  if (allowed !== null && !allowed.includes(queue.id))
    throw new PermissionDeniedError('stats', { queue: queueRef(queue) });
  return { queueIds: [queue.id] };
}

/** Whether the actor may see the figures of some queue (App Home shows the week's only to them). */
export async function maySeeStatistics(ctx: CoreContext, actor: Actor): Promise<boolean> {
  const allowed = await statisticsQueueIds(ctx.db, await resolvePrincipal(ctx.db, actor));
  return allowed === null || allowed.length > 0;
}

export function validatePeriod(from: Date, to: Date, maxDays = MAX_PERIOD_DAYS): void {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || !(from < to)) {
    throw new ValidationError('period', 'ends_before_start', 'The period must end after it starts.');
  }
  if (to.getTime() - from.getTime() > (maxDays + 1) * 86_400_000) {
    throw new ValidationError('period', 'too_many_days', `The period may be at most ${maxDays} days.`, {
      limit: maxDays,
    });
  }
}

export type DurationFn = (queueId: number, from: Date, to: Date) => number;

/**
 * Minutes between two instants for a ticket of a queue: working minutes of the queue's business-hours
 * calendar (the SLA's own, `queueCalendar`), or every minute for a queue without one. Rounded to whole minutes.
 */
export async function workingMinutes(tx: Db, queueIds: readonly number[]): Promise<DurationFn> {
  const byQueue = new Map<number, BusinessCalendar>();
  for (const queueId of queueIds)
    byQueue.set(queueId, await queueCalendar(tx, await loadQueueById(tx, queueId)));
  return (queueId, from, to) => {
    const calendar = byQueue.get(queueId);
    if (!calendar) throw new Error(`queue ${queueId} is outside the statistics' queues`);
    return Math.round(calendar.workingMinutesBetween(from, to));
  };
}

/** Whether the first answer came in time: true, false, or null when not decided (yet). */
export function firstResponseMet(
  t: { firstResponseDueAt: Date | null; firstResponseAt: Date | null; closedAt: Date | null },
  now: Date,
): boolean | null {
  if (!t.firstResponseDueAt) return null;
  if (t.firstResponseAt) return t.firstResponseAt <= t.firstResponseDueAt;
  const end = t.closedAt ?? now;
  return end > t.firstResponseDueAt ? false : null;
}

/** Whether a closed ticket was solved in time; null when it had no such promise or is not closed. */
export function solutionMet(t: { solutionDueAt: Date | null; closedAt: Date | null }): boolean | null {
  if (!t.solutionDueAt || !t.closedAt) return null;
  return t.closedAt <= t.solutionDueAt;
}

/** An owner as history names them; `agentId` is null when no agent can be told by that name. */
export type OperatorRef = { agentId: number | null; name: string; slackUserId: string | null };

/**
 * Who owned each ticket when it was last closed. Closing releases the ticket, and that release is written with
 * the closing's own time: its history row names the owner. History keeps only the owner's name, so operators
 * who share a name are told apart by who closed the ticket (its owner, nearly always).
 */
export async function ownersAtClose(tx: Db, ticketIds: number[]): Promise<Map<number, OperatorRef>> {
  const { agents, history, tickets } = tablesOf(tx);
  const owners = new Map<number, OperatorRef>();
  if (ticketIds.length === 0) return owners;
  const agentRows = await tx
    .select({ id: agents.id, name: agents.name, slackUserId: agents.slackUserId })
    .from(agents);
  const agentsByName = new Map<string, { id: number; slackUserId: string }[]>();
  for (const agent of agentRows)
    agentsByName.set(agent.name, [...(agentsByName.get(agent.name) ?? []), agent]);
  for (let start = 0; start < ticketIds.length; start += 500) {
    const chunk = ticketIds.slice(start, start + 500);
    const rows = await tx
      .select({ ticketId: history.ticketId, name: history.oldValue, closedBy: history.actorAgentId })
      .from(history)
      .innerJoin(tickets, and(eq(tickets.id, history.ticketId), eq(history.createdAt, tickets.closedAt)))
      .where(and(inArray(history.ticketId, chunk), eq(history.event, 'Unlock'), isNotNull(history.oldValue)));
    for (const row of rows) {
      if (!row.name) continue;
      const namesakes = agentsByName.get(row.name) ?? [];
      const agent = namesakes.length === 1 ? namesakes[0] : namesakes.find((a) => a.id === row.closedBy);
      owners.set(row.ticketId, {
        agentId: agent?.id ?? null,
        name: row.name,
        slackUserId: agent?.slackUserId ?? null,
      });
    }
  }
  return owners;
}

// ---------------------------------------------------------------------------------------------------------
// The query
// ---------------------------------------------------------------------------------------------------------

interface OpenedRow {
  id: number;
  queueId: number;
  createdAt: Date;
  firstResponseAt: Date | null;
  firstResponseDueAt: Date | null;
  closedAt: Date | null;
}

interface ClosedRow {
  id: number;
  queueId: number;
  createdAt: Date;
  closedAt: Date;
  solutionDueAt: Date | null;
  satisfactionRating: number | null;
}

function backlogOf(counts: { state: TicketState; count: number }[]): Backlog {
  const backlog: Backlog = { new: 0, open: 0, pending: 0 };
  for (const { state, count: n } of counts) {
    if (state === 'new') backlog.new += n;
    else if (state === 'open') backlog.open += n;
    else if (isPending(state)) backlog.pending += n;
  }
  return backlog;
}

function figuresOf(
  opened: OpenedRow[],
  closed: ClosedRow[],
  backlog: Backlog,
  minutes: DurationFn,
  now: Date,
): Figures {
  return {
    opened: opened.length,
    closed: closed.length,
    backlog,
    firstResponse: summarize(
      opened.flatMap((t) => (t.firstResponseAt ? [minutes(t.queueId, t.createdAt, t.firstResponseAt)] : [])),
    ),
    resolution: summarize(closed.map((t) => minutes(t.queueId, t.createdAt, t.closedAt))),
    firstResponseSla: compliance(opened.map((t) => firstResponseMet(t, now))),
    solutionSla: compliance(closed.map(solutionMet)),
    satisfaction: satisfactionOf(closed.map((t) => t.satisfactionRating)),
  };
}

/** The desk's days (in its time zone) that the period touches, each cut to the period. */
function daysOf(from: Date, to: Date, timeZone: string): { day: string; start: Date; end: Date }[] {
  const days: { day: string; start: Date; end: Date }[] = [];
  let day = startOfDay(new TZDate(from, timeZone));
  while (day.getTime() < to.getTime()) {
    const next = addDays(day, 1);
    days.push({
      day: format(day, 'yyyy-MM-dd'),
      start: new Date(Math.max(day.getTime(), from.getTime())),
      end: new Date(Math.min(next.getTime(), to.getTime())),
    });
    day = next;
  }
  return days;
}

/**
 * Opened and closed per day, and the backlog at the end of each day. The backlog then is worked back from
 * the backlog now: tickets opened since (and still open) were not there yet, tickets closed since were.
 */
async function dailyFigures(
  tx: Db,
  inQueues: SQL | undefined,
  request: { from: Date; to: Date },
  opened: OpenedRow[],
  closed: ClosedRow[],
  backlogNow: number,
  now: Date,
  timeZone: string,
): Promise<DayFigures[]> {
  const { tickets } = tablesOf(tx);
  const days = daysOf(request.from, request.to, timeZone);
  const firstStart = days[0]?.start ?? request.from;
  const openSince = (
    await tx
      .select({ createdAt: tickets.createdAt })
      .from(tickets)
      .where(and(inQueues, gte(tickets.createdAt, firstStart), isNull(tickets.closedAt)))
  ).map((r) => r.createdAt.getTime());
  const closedSince = (
    await tx
      .select({ createdAt: tickets.createdAt, closedAt: tickets.closedAt })
      .from(tickets)
      .where(and(inQueues, gte(tickets.closedAt, firstStart)))
  ).map((r) => [r.createdAt.getTime(), r.closedAt?.getTime() ?? 0] as const);
  return days.map(({ day, start, end }) => {
    const inDay = (at: Date) => at >= start && at < end;
    const over = end.getTime() <= now.getTime();
    let backlog: number | null = null;
    if (over) {
      const t = end.getTime();
      // Still open now but opened after the end of the day: not part of that day's backlog.
      const notYet = openSince.filter((created) => created >= t).length;
      // Closed after the end of the day but opened before it: part of that day's backlog.
      const stillThen = closedSince.filter(([created, closedAt]) => created < t && closedAt >= t).length;
      backlog = backlogNow - notYet + stillThen;
    }
    return {
      day,
      start,
      opened: opened.filter((o) => inDay(o.createdAt)).length,
      closed: closed.filter((c) => inDay(c.closedAt)).length,
      backlog,
    };
  });
}

/**
 * The desk's figures for operators, over the queues they can read (one queue, if named): opened and closed
 * in the period, the backlog now, first response and resolution times (median and p90, in working minutes
 * of each queue's calendar), SLA compliance and satisfaction, per queue, per operator and per day.
 */
export async function statistics(
  ctx: CoreContext,
  actor: Actor,
  request: StatisticsRequest,
): Promise<Statistics> {
  const { queues, tickets } = tablesOf(ctx.db);
  const { from, to } = request;
  validatePeriod(from, to);
  const tx = ctx.db;
  const now = ctx.clock.now();
  const { queueIds } = await statisticsScope(tx, actor, request.queueKey);
  const inQueues = queueIds === null ? undefined : inArray(tickets.queueId, queueIds);
  const queueRows = await tx
    .select({ id: queues.id, key: queues.key, name: queues.name, active: queues.active })
    .from(queues)
    .where(queueIds === null ? undefined : inArray(queues.id, queueIds));
  const minutes = await workingMinutes(
    tx,
    queueRows.map((q) => q.id),
  );
  const names = new Map(queueRows.map((q) => [q.id, q]));
  const stateCounts = await tx
    .select({ queueId: tickets.queueId, state: tickets.state, count: count() })
    .from(tickets)
    .where(inQueues)
    .groupBy(tickets.queueId, tickets.state);
  const byQueueAndState = stateCounts.map((r) => ({
    queueKey: names.get(r.queueId)?.key ?? '',
    queueName: names.get(r.queueId)?.name ?? '',
    state: r.state,
    count: r.count,
  }));

  const opened: OpenedRow[] = await tx
    .select({
      id: tickets.id,
      queueId: tickets.queueId,
      createdAt: tickets.createdAt,
      firstResponseAt: tickets.firstResponseAt,
      firstResponseDueAt: tickets.firstResponseDueAt,
      closedAt: tickets.closedAt,
    })
    .from(tickets)
    .where(and(inQueues, gte(tickets.createdAt, from), lt(tickets.createdAt, to)));
  const closed: ClosedRow[] = (
    await tx
      .select({
        id: tickets.id,
        queueId: tickets.queueId,
        createdAt: tickets.createdAt,
        closedAt: tickets.closedAt,
        solutionDueAt: tickets.solutionDueAt,
        satisfactionRating: tickets.satisfactionRating,
      })
      .from(tickets)
      .where(
        and(
          inQueues,
          gte(tickets.closedAt, from),
          lt(tickets.closedAt, to),
          inArray(tickets.state, [...CLOSED_STATES]),
        ),
      )
  ).flatMap((t) => (t.closedAt ? [{ ...t, closedAt: t.closedAt }] : []));

  const backlog = backlogOf(stateCounts);
  const total = figuresOf(opened, closed, backlog, minutes, now);

  const queueFigures: QueueFigures[] = queueRows
    .map((q) => ({
      queueKey: q.key,
      queueName: q.name,
      active: q.active,
      ...figuresOf(
        opened.filter((t) => t.queueId === q.id),
        closed.filter((t) => t.queueId === q.id),
        backlogOf(stateCounts.filter((r) => r.queueId === q.id)),
        minutes,
        now,
      ),
    }))
    .filter(
      (q) =>
        q.active || q.opened > 0 || q.closed > 0 || q.backlog.new + q.backlog.open + q.backlog.pending > 0,
    )
    .map(({ active: _active, ...q }) => q)
    .sort((a, b) => a.queueName.localeCompare(b.queueName));

  const owners = await ownersAtClose(
    tx,
    closed.map((t) => t.id),
  );
  const byOperator = new Map<string, { operator: OperatorFigures['operator']; tickets: ClosedRow[] }>();
  for (const ticket of closed) {
    const owner = owners.get(ticket.id) ?? null;
    // By agent, as operators may share a name; by the recorded name only when it tells no single agent.
    const key =
      owner === null ? 'nobody' : owner.agentId === null ? `name ${owner.name}` : `agent ${owner.agentId}`;
    const operator = owner && { name: owner.name, slackUserId: owner.slackUserId };
    const entry = byOperator.get(key) ?? { operator, tickets: [] };
    entry.tickets.push(ticket);
    byOperator.set(key, entry);
  }
  const operators: OperatorFigures[] = [...byOperator.values()]
    .map(({ operator, tickets: owned }) => {
      const figures = figuresOf([], owned, backlog, minutes, now);
      return {
        operator,
        closed: figures.closed,
        resolution: figures.resolution,
        solutionSla: figures.solutionSla,
        satisfaction: figures.satisfaction,
      };
    })
    .sort(
      (a, b) =>
        Number(a.operator === null) - Number(b.operator === null) ||
        b.closed - a.closed ||
        (a.operator?.name ?? '').localeCompare(b.operator?.name ?? ''),
    );

  const backlogNow = backlog.new + backlog.open + backlog.pending;
  const tags = await tagFigures(tx, inQueues, opened, closed, minutes, now);
  return {
    from,
    to,
    ...total,
    byQueueAndState,
    openedInPeriod: total.opened,
    closedInPeriod: total.closed,
    queues: queueFigures,
    operators,
    tags,
    days: await dailyFigures(tx, inQueues, request, opened, closed, backlogNow, now, ctx.timeZone),
  };
}

/** The figures of each tag on the period's tickets, and each tag's backlog now. */
async function tagFigures(
  tx: Db,
  inQueues: SQL | undefined,
  opened: OpenedRow[],
  closed: ClosedRow[],
  minutes: DurationFn,
  now: Date,
): Promise<TagFigures[]> {
  const { ticketTags, tickets } = tablesOf(tx);
  const tagsOf = await tagsOfTickets(tx, [...new Set([...opened, ...closed].map((t) => t.id))]);
  const backlogRows = await tx
    .select({ tag: ticketTags.tag, count: count() })
    .from(ticketTags)
    .innerJoin(tickets, eq(tickets.id, ticketTags.ticketId))
    .where(and(inQueues, eq(tickets.working, true)))
    .groupBy(ticketTags.tag);
  const backlogs = new Map(backlogRows.map((r) => [r.tag, r.count]));
  const all = new Set([...backlogs.keys(), ...[...tagsOf.values()].flat()]);
  const tagged = (tag: string) => (t: { id: number }) => tagsOf.get(t.id)?.includes(tag) ?? false;
  return [...all]
    .map((tag) => {
      const figures = figuresOf(
        [],
        closed.filter(tagged(tag)),
        { new: 0, open: 0, pending: 0 },
        minutes,
        now,
      );
      return {
        tag,
        opened: opened.filter(tagged(tag)).length,
        closed: figures.closed,
        backlog: backlogs.get(tag) ?? 0,
        resolution: figures.resolution,
        solutionSla: figures.solutionSla,
      };
    })
    .sort(
      (a, b) =>
        b.opened + b.closed + b.backlog - (a.opened + a.closed + a.backlog) || a.tag.localeCompare(b.tag),
    );
}
