/**
 * Brings the database in line with the queues configuration file, at every start.
 *
 * The file is the source of truth for what it declares, but the database keeps history: queues are matched
 * by their stable key (a renamed queue keeps its id and tickets), a queue no longer in the file is only
 * deactivated, and only the permissions the file granted (source 'config') are replaced, never those that
 * come from channel membership.
 */
import { and, eq, isNotNull, notInArray } from 'drizzle-orm';
import type { QueueConfig, QueuesConfig } from '../config/queues-file.js';
import type { Tx } from '../db/client.js';
import { theRow } from '../db/prepared.js';
import type { QueuePermission, queuePermissions, queues } from '../db/schema.js';
import { tablesOf } from '../db/tables.js';
import type { QueueKey } from './brands.js';
import { type CoreContext, inTransaction } from './context.js';

export interface SyncReport {
  queuesCreated: number;
  /** Existing queues whose stored values changed (including reactivated ones). */
  queuesUpdated: number;
  /** Queues that were active and are no longer in the file. */
  queuesDeactivated: number;
  /** Agents declared by the file (agents and admins). */
  agents: number;
}

type QueueRow = typeof queues.$inferSelect;
/** The columns the configuration decides. */
type QueueValues = Omit<QueueRow, 'id' | 'key' | 'updatedAt' | 'lastAssignedAgentId'>;

/** Applies `config` to the database in one transaction: either all of it lands or none of it. */
export function syncQueuesConfig(ctx: CoreContext, config: QueuesConfig): Promise<SyncReport> {
  const now = ctx.clock.now();
  return inTransaction(ctx, async (tx) => {
    const calendarIds = await upsertCalendars(tx, config);
    const agentIds = await upsertAgents(tx, config);
    const { created, updated, queueIds } = await upsertQueues(tx, config, calendarIds, now);
    const deactivated = await deactivateMissingQueues(tx, [...queueIds.keys()], now);
    await replaceConfigPermissions(tx, config, queueIds, agentIds);
    await syncConfigResponses(tx, config, queueIds, now);
    await replaceQueueTags(tx, config, queueIds);
    return {
      queuesCreated: created,
      queuesUpdated: updated,
      queuesDeactivated: deactivated,
      agents: agentIds.size,
    };
  });
}

async function upsertCalendars(tx: Tx, config: QueuesConfig): Promise<Map<string, number>> {
  const { calendars } = tablesOf(tx);
  const ids = new Map<string, number>();
  for (const calendar of config.calendars) {
    const values = {
      name: calendar.name,
      timeZone: calendar.timeZone,
      definition: { hours: calendar.hours, holidays: calendar.holidays },
    };
    const row = theRow(
      await tx
        .insert(calendars)
        .values({ key: calendar.key, ...values })
        .onConflictDoUpdate({ target: calendars.key, set: values })
        .returning({ id: calendars.id }),
    );
    ids.set(calendar.key, row.id);
  }
  return ids;
}

/**
 * Upserts the declared agents and the admins. Admin rights follow the `admins` list exactly, so someone
 * removed from it loses them. An admin not listed under `agents` is created named after their id, but an
 * existing row keeps its name (it may have come from the agents list earlier, or from Slack).
 */
async function upsertAgents(tx: Tx, config: QueuesConfig): Promise<Map<string, number>> {
  const { agents } = tablesOf(tx);
  const admins = new Set(config.admins);
  const ids = new Map<string, number>();
  for (const agent of config.agents) {
    const values = {
      name: agent.name,
      email: agent.email ?? null,
      language: agent.language ?? null,
      isAdmin: admins.has(agent.slackUserId),
      dmNewTickets: agent.dmNewTickets ?? false,
    };
    const row = theRow(
      await tx
        .insert(agents)
        .values({ slackUserId: agent.slackUserId, ...values })
        .onConflictDoUpdate({ target: agents.slackUserId, set: values })
        .returning({ id: agents.id }),
    );
    ids.set(agent.slackUserId, row.id);
  }
  for (const slackUserId of admins) {
    if (ids.has(slackUserId)) continue;
    const row = theRow(
      await tx
        .insert(agents)
        .values({ slackUserId, name: slackUserId, isAdmin: true })
        .onConflictDoUpdate({ target: agents.slackUserId, set: { isAdmin: true } })
        .returning({ id: agents.id }),
    );
    ids.set(slackUserId, row.id);
  }
  const demoted = and(eq(agents.isAdmin, true), notInArray(agents.slackUserId, [...admins]));
  await tx.update(agents).set({ isAdmin: false }).where(demoted);
  return ids;
}

/** Parents before children, so that a child's parent_id can point at an existing row. */
function parentsFirst(config: QueuesConfig): { queue: QueueConfig; level: number }[] {
  const byKey = new Map(config.queues.map((queue) => [queue.key, queue]));
  const levels = new Map<string, number>();
  // The file was validated to be acyclic with known parents, so this recursion terminates.
  const levelOf = (queue: QueueConfig): number => {
    const known = levels.get(queue.key);
    if (known !== undefined) return known;
    const parent = queue.parent === null ? undefined : byKey.get(queue.parent);
    const level = parent === undefined ? 1 : levelOf(parent) + 1;
    levels.set(queue.key, level);
    return level;
  };
  return config.queues.map((queue) => ({ queue, level: levelOf(queue) })).sort((a, b) => a.level - b.level);
}

function queueValues(
  queue: QueueConfig,
  level: number,
  parentId: number | null,
  calendarIds: Map<string, number>,
): QueueValues {
  return {
    name: queue.name,
    parentId,
    level,
    // Only first-level queues face customers, whatever the file says.
    customerVisible: level === 1 && queue.customerVisible,
    slackChannelId: queue.channel,
    emailAddress: queue.email,
    followUp: queue.followUp,
    reopenWindowDays: queue.followUp === 'reopen' ? queue.reopenWindowDays : null,
    firstResponseMinutes: queue.sla.firstResponseMinutes ?? null,
    updateMinutes: queue.sla.updateMinutes ?? null,
    solutionMinutes: queue.sla.solutionMinutes ?? null,
    calendarId: queue.calendar === null ? null : (calendarIds.get(queue.calendar) ?? null),
    unlockMinutes: queue.unlockMinutes,
    notifyBeforePercent: queue.sla.notifyBeforePercent,
    slaPausedWhenPending: queue.sla.pauseWhenPending ?? false,
    fields: queue.fields,
    askSatisfaction: queue.askSatisfaction,
    assign: queue.assign,
    skipSlackAway: queue.skipSlackAway,
    active: true,
  };
}

function changed(row: QueueRow, values: QueueValues): boolean {
  return (Object.keys(values) as (keyof QueueValues)[]).some((column) =>
    // The fields are a JSON document: compared by content, not by identity.
    column === 'fields'
      ? JSON.stringify(row.fields) !== JSON.stringify(values.fields)
      : row[column] !== values[column],
  );
}

async function upsertQueues(
  tx: Tx,
  config: QueuesConfig,
  calendarIds: Map<string, number>,
  now: Date,
): Promise<{ created: number; updated: number; queueIds: Map<QueueKey, number> }> {
  const { queues } = tablesOf(tx);
  const existing = new Map((await tx.select().from(queues)).map((row) => [row.key, row]));
  const queueIds = new Map<QueueKey, number>();
  let created = 0;
  let updated = 0;

  for (const { queue, level } of parentsFirst(config)) {
    const parentId = queue.parent === null ? null : (queueIds.get(queue.parent) ?? null);
    const values = queueValues(queue, level, parentId, calendarIds);
    const row = existing.get(queue.key);
    if (row === undefined) {
      const inserted = theRow(
        await tx
          .insert(queues)
          .values({ key: queue.key, ...values, updatedAt: now })
          .returning({ id: queues.id }),
      );
      queueIds.set(queue.key, inserted.id);
      created++;
    } else {
      // Untouched queues keep their updated_at, so a restart does not look like a change.
      if (changed(row, values)) {
        await tx
          .update(queues)
          .set({ ...values, updatedAt: now })
          .where(eq(queues.id, row.id));
        updated++;
      }
      queueIds.set(queue.key, row.id);
    }
  }
  return { created, updated, queueIds };
}

/** Queues dropped from the file stop taking tickets but keep the ones they have. */
async function deactivateMissingQueues(tx: Tx, keptKeys: QueueKey[], now: Date): Promise<number> {
  const { queues } = tablesOf(tx);
  const deactivated = await tx
    .update(queues)
    .set({ active: false, updatedAt: now })
    .where(and(eq(queues.active, true), notInArray(queues.key, keptKeys)))
    .returning({ id: queues.id });
  return deactivated.length;
}

async function replaceConfigPermissions(
  tx: Tx,
  config: QueuesConfig,
  queueIds: Map<QueueKey, number>,
  agentIds: Map<string, number>,
): Promise<void> {
  const { queuePermissions } = tablesOf(tx);
  await tx.delete(queuePermissions).where(eq(queuePermissions.source, 'config'));
  const rows = config.queues.flatMap((queue) => permissionRows(queue, queueIds, agentIds));
  if (rows.length > 0) await tx.insert(queuePermissions).values(rows);
}

/** One row per distinct (agent, permission): a user may be both an operator and have finer grants. */
function permissionRows(
  queue: QueueConfig,
  queueIds: Map<QueueKey, number>,
  agentIds: Map<string, number>,
): (typeof queuePermissions.$inferInsert)[] {
  const queueId = queueIds.get(queue.key);
  if (queueId === undefined) return [];
  const grants: [string, QueuePermission][] = [
    ...queue.operators.map((id): [string, QueuePermission] => [id, 'rw']),
    ...Object.entries(queue.permissions).flatMap(([id, permissions]) =>
      permissions.map((permission): [string, QueuePermission] => [id, permission]),
    ),
  ];
  const seen = new Set<string>();
  const rows: (typeof queuePermissions.$inferInsert)[] = [];
  for (const [slackUserId, permission] of grants) {
    const agentId = agentIds.get(slackUserId);
    const seenKey = `${slackUserId}\u0000${permission}`;
    if (agentId === undefined || seen.has(seenKey)) continue;
    seen.add(seenKey);
    rows.push({ queueId, agentId, permission, source: 'config' });
  }
  return rows;
}

/**
 * The queues' canned responses as the file declares them: matched by queue and key (an open Reply form keeps
 * pointing at the same response), those no longer declared deleted. History keeps a used response's title.
 */
async function syncConfigResponses(
  tx: Tx,
  config: QueuesConfig,
  queueIds: Map<string, number>,
  now: Date,
): Promise<void> {
  const { responses } = tablesOf(tx);
  const kept: number[] = [];
  for (const queue of config.queues) {
    const queueId = queueIds.get(queue.key);
    if (queueId === undefined) continue;
    for (const response of queue.responses) {
      const values = {
        title: response.title,
        bodyIt: response.text.it ?? null,
        bodyEn: response.text.en ?? null,
        nextState: response.nextState?.state ?? null,
        pendingDays: response.nextState?.pendingDays ?? null,
      };
      const row = theRow(
        await tx
          .insert(responses)
          .values({ source: 'config', queueId, key: response.key, ...values, createdAt: now })
          .onConflictDoUpdate({ target: [responses.queueId, responses.key], set: values })
          .returning({ id: responses.id }),
      );
      kept.push(row.id);
    }
  }
  await tx
    .delete(responses)
    .where(and(eq(responses.source, 'config'), isNotNull(responses.queueId), notInArray(responses.id, kept)));
}

async function replaceQueueTags(tx: Tx, config: QueuesConfig, queueIds: Map<string, number>): Promise<void> {
  const { queueTags } = tablesOf(tx);
  await tx.delete(queueTags);
  const rows = config.queues.flatMap((queue) => {
    const queueId = queueIds.get(queue.key);
    return queueId === undefined ? [] : queue.tags.map((tag) => ({ queueId, tag }));
  });
  if (rows.length > 0) await tx.insert(queueTags).values(rows);
}
