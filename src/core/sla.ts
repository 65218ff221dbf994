/**
 * The promises a queue makes (its SLA) and when each falls due, in working minutes of the queue's
 * business-hours calendar:
 * - first response: from the ticket's creation, met by the first customer-visible agent article;
 * - update: from the customer's last contact, settled by the next answer;
 * - solution: from the ticket's creation until it is closed; a reopen does not reset it.
 * Each promise also has a warn-at time, the queue's `notify_before_percent` into its period.
 *
 * While a ticket is pending in a queue that pauses SLA clocks, `sla_paused_at` says since when; on leaving
 * pending every promise not yet due when the pause began moves forward by the working minutes paused.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { keptForDatabase, prepared } from '../db/prepared.js';
import type { SlaTarget } from '../db/schema.js';
import { tablesOf } from '../db/tables.js';
import { BusinessCalendar, InvalidCalendarError, NoWorkingTimeError } from './calendar/index.js';
import type { QueueRow, TicketRow } from './permissions.js';
import { isPending, PENDING_STATES } from './states.js';

/** The SLA columns of a ticket. */
export interface SlaTimes {
  firstResponseDueAt: Date | null;
  firstResponseWarnAt: Date | null;
  updateDueAt: Date | null;
  updateWarnAt: Date | null;
  solutionDueAt: Date | null;
  solutionWarnAt: Date | null;
}

type SlaColumn = keyof SlaTimes;

/** Where each promise's due and warn times are kept on the ticket. */
export const SLA_COLUMNS: Record<SlaTarget, { due: SlaColumn; warn: SlaColumn }> = {
  first_response: { due: 'firstResponseDueAt', warn: 'firstResponseWarnAt' },
  update: { due: 'updateDueAt', warn: 'updateWarnAt' },
  solution: { due: 'solutionDueAt', warn: 'solutionWarnAt' },
};

/** The answer that settles an update owed to the customer. */
export const UPDATE_SETTLED = { updateDueAt: null, updateWarnAt: null } as const satisfies Partial<SlaTimes>;

/**
 * A queue without a calendar works around the clock. Every instant is then working time whatever the zone,
 * so one 24/7 calendar serves every desk: it counts exactly like `BusinessCalendar.always(deskTimeZone)`.
 */
const AROUND_THE_CLOCK = BusinessCalendar.always('UTC');

/**
 * A database's built calendars by id, with the stored definition each was built from (a sync may change
 * it): kept per database like its prepared queries, since ids of one database mean nothing in another.
 */
const builtCalendars = () => new Map<number, { source: string; calendar: BusinessCalendar }>();

const calendarById = (db: Db) => {
  const { calendars } = tablesOf(db);
  return db
    .select({ timeZone: calendars.timeZone, definition: calendars.definition })
    .from(calendars)
    .where(eq(calendars.id, sql.placeholder('id')))
    .prepare();
};

/**
 * The business-hours calendar a queue's SLA counts in. A calendar row that cannot be built (it was
 * validated when synced, so only a hand-edited database gets here) counts around the clock rather than
 * stopping every write on the queue's tickets.
 */
export async function queueCalendar(tx: Db, queue: Pick<QueueRow, 'calendarId'>): Promise<BusinessCalendar> {
  if (queue.calendarId === null) return AROUND_THE_CLOCK;
  const row = (await prepared(tx, calendarById).execute({ id: queue.calendarId }))[0];
  if (!row) return AROUND_THE_CLOCK;
  const source = `${row.timeZone}\u0000${JSON.stringify(row.definition)}`;
  const calendarCache = keptForDatabase(tx, builtCalendars);
  const cached = calendarCache.get(queue.calendarId);
  if (cached?.source === source) return cached.calendar;
  let calendar = AROUND_THE_CLOCK;
  try {
    calendar = BusinessCalendar.fromDefinition({
      timeZone: row.timeZone,
      ...row.definition,
    });
  } catch (error) {
    if (!(error instanceof InvalidCalendarError)) throw error;
  }
  calendarCache.set(queue.calendarId, { source, calendar });
  return calendar;
}

/** `minutes` working minutes after `from`; null when the calendar has no working time left to count in. */
function after(calendar: BusinessCalendar, from: Date, minutes: number): Date | null {
  try {
    return calendar.addWorkingMinutes(from, minutes);
  } catch (error) {
    if (error instanceof NoWorkingTimeError) return null;
    throw error;
  }
}

/** A stretch of time [start, end) during which the SLA clocks stood still. */
export interface Pause {
  start: Date;
  end: Date;
}

/**
 * Moves `due` forward by the working minutes of each pause that began before it was due (a promise already
 * broken when the ticket went pending stays broken).
 */
function pushedBack(calendar: BusinessCalendar, due: Date | null, anchor: Date, pauses: readonly Pause[]) {
  let result = due;
  for (const pause of pauses) {
    if (result === null || pause.start >= result || pause.end <= anchor) continue;
    const start = pause.start > anchor ? pause.start : anchor;
    const paused = calendar.workingMinutesBetween(start, pause.end);
    if (paused > 0) result = after(calendar, result, paused);
  }
  return result;
}

/** Due and warn-at of one promise of `minutes` working minutes counted from `anchor`. */
function promise(
  calendar: BusinessCalendar,
  queue: QueueRow,
  anchor: Date,
  minutes: number | null,
  pauses: readonly Pause[] = [],
): { dueAt: Date | null; warnAt: Date | null } {
  if (!minutes) return { dueAt: null, warnAt: null };
  const dueAt = pushedBack(calendar, after(calendar, anchor, minutes), anchor, pauses);
  const warnMinutes = (minutes * queue.notifyBeforePercent) / 100;
  const warnAt = dueAt && pushedBack(calendar, after(calendar, anchor, warnMinutes), anchor, pauses);
  return { dueAt, warnAt };
}

/** The promises a queue makes for a ticket opened at `at`: its request is also the first customer contact. */
export async function slaAtCreation(tx: Db, queue: QueueRow, at: Date): Promise<SlaTimes> {
  const calendar = await queueCalendar(tx, queue);
  const first = promise(calendar, queue, at, queue.firstResponseMinutes);
  const update = promise(calendar, queue, at, queue.updateMinutes);
  const solution = promise(calendar, queue, at, queue.solutionMinutes);
  return {
    firstResponseDueAt: first.dueAt,
    firstResponseWarnAt: first.warnAt,
    updateDueAt: update.dueAt,
    updateWarnAt: update.warnAt,
    solutionDueAt: solution.dueAt,
    solutionWarnAt: solution.warnAt,
  };
}

/** After the customer writes at `at`, the queue owes them an update within its update time. */
export async function updateOwedAfter(
  tx: Db,
  queue: QueueRow,
  at: Date,
): Promise<Pick<SlaTimes, 'updateDueAt' | 'updateWarnAt'>> {
  const update = promise(await queueCalendar(tx, queue), queue, at, queue.updateMinutes);
  return { updateDueAt: update.dueAt, updateWarnAt: update.warnAt };
}

/** The SLA columns a state change brings along: the clocks stop on entering pending and go on when leaving. */
export async function slaOnStateChange(
  tx: Db,
  ticket: TicketRow,
  queue: QueueRow,
  to: TicketRow['state'],
  at: Date,
): Promise<Partial<TicketRow>> {
  const wasPending = isPending(ticket.state);
  if (!wasPending && isPending(to)) {
    return queue.slaPausedWhenPending && ticket.slaPausedAt === null ? { slaPausedAt: at } : {};
  }
  if (wasPending && !isPending(to) && ticket.slaPausedAt !== null) {
    return { ...resumed(await queueCalendar(tx, queue), ticket, ticket.slaPausedAt, at), slaPausedAt: null };
  }
  return {};
}

/** The open promises moved forward by the working minutes of the pause [pausedAt, at). */
function resumed(calendar: BusinessCalendar, ticket: TicketRow, pausedAt: Date, at: Date): Partial<SlaTimes> {
  const pause = [{ start: pausedAt, end: at }];
  const changes: Partial<SlaTimes> = {};
  for (const target of Object.keys(SLA_COLUMNS) as SlaTarget[]) {
    // A first response given keeps the due time it was measured against.
    if (target === 'first_response' && ticket.firstResponseAt !== null) continue;
    for (const column of [SLA_COLUMNS[target].due, SLA_COLUMNS[target].warn]) {
      const value = ticket[column];
      if (value !== null) changes[column] = pushedBack(calendar, value, pausedAt, pause);
    }
  }
  return changes;
}

/**
 * The SLA columns of a ticket moving into `queue`: the queue it is in makes the promises, counted in its
 * calendar over the ticket's whole life (as OTRS does on a queue change): the first response (unless given)
 * and the solution from creation, an update owed from the customer's last contact, less the pending
 * stretches found in the history when this queue pauses its clocks.
 */
export async function slaOnMove(
  tx: Db,
  ticket: TicketRow,
  queue: QueueRow,
  at: Date,
): Promise<Partial<TicketRow>> {
  const calendar = await queueCalendar(tx, queue);
  const { pauses, pausedSince } = queue.slaPausedWhenPending
    ? await pendingStretches(tx, ticket, at)
    : { pauses: [], pausedSince: null };
  const changes: Partial<TicketRow> = { slaPausedAt: pausedSince };
  if (ticket.firstResponseAt === null) {
    const first = promise(calendar, queue, ticket.createdAt, queue.firstResponseMinutes, pauses);
    changes.firstResponseDueAt = first.dueAt;
    changes.firstResponseWarnAt = first.warnAt;
  }
  if (ticket.updateDueAt !== null) {
    const anchor = (await lastCustomerContact(tx, ticket.id)) ?? ticket.createdAt;
    const update = promise(calendar, queue, anchor, queue.updateMinutes, pauses);
    changes.updateDueAt = update.dueAt;
    changes.updateWarnAt = update.warnAt;
  }
  const solution = promise(calendar, queue, ticket.createdAt, queue.solutionMinutes, pauses);
  changes.solutionDueAt = solution.dueAt;
  changes.solutionWarnAt = solution.warnAt;
  return changes;
}

const PENDING_NAMES: ReadonlySet<string | null> = new Set(PENDING_STATES);

/** The ticket's finished pending stretches, from its history, and when the current one began. */
async function pendingStretches(tx: Db, ticket: TicketRow, at: Date) {
  const { history } = tablesOf(tx);
  const changes = await tx
    .select({ oldValue: history.oldValue, newValue: history.newValue, createdAt: history.createdAt })
    .from(history)
    .where(and(eq(history.ticketId, ticket.id), eq(history.event, 'StateUpdate')))
    .orderBy(asc(history.id));
  const pauses: Pause[] = [];
  let since: Date | null = null;
  for (const change of changes) {
    const from = PENDING_NAMES.has(change.oldValue);
    const to = PENDING_NAMES.has(change.newValue);
    if (!from && to) since = change.createdAt;
    if (from && !to && since !== null) {
      pauses.push({ start: since, end: change.createdAt });
      since = null;
    }
  }
  const pausedSince = isPending(ticket.state) ? (since ?? at) : null;
  return { pauses, pausedSince };
}

/** When the customer last wrote on the ticket. */
async function lastCustomerContact(tx: Db, ticketId: number): Promise<Date | null> {
  const { articles } = tablesOf(tx);
  const row = (
    await tx
      .select({ createdAt: articles.createdAt })
      .from(articles)
      .where(and(eq(articles.ticketId, ticketId), eq(articles.senderType, 'customer')))
      .orderBy(desc(articles.articleNumber))
      .limit(1)
  )[0];
  return row?.createdAt ?? null;
}
