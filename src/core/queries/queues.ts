import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { tablesOf } from '../../db/tables.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import type { CoreContext } from '../context.js';
import { hasQueuePermission, type QueueRow } from '../permissions.js';
import { loadQueueById } from '../tickets/load.js';

export interface QueueFamily {
  queue: QueueRow;
  parent: QueueRow | null;
  /** Active sub-queues, by name. */
  children: QueueRow[];
}

const activeChildrenOf = (db: Db) => {
  const { queues } = tablesOf(db);
  return db
    .select()
    .from(queues)
    .where(and(eq(queues.parentId, sql.placeholder('queueId')), eq(queues.active, true)))
    .orderBy(asc(queues.name))
    .prepare();
};

const activeQueuesInOrder = (db: Db) => {
  const { queues } = tablesOf(db);
  return db
    .select()
    .from(queues)
    .where(eq(queues.active, true))
    .orderBy(asc(queues.level), asc(queues.name))
    .prepare();
};

async function activeChildren(tx: Db, queueId: number): Promise<QueueRow[]> {
  return await prepared(tx, activeChildrenOf).execute({ queueId });
}

/** A queue with its parent and sub-queues: where a ticket in it can be escalated or sent back. */
export async function queueFamily(ctx: CoreContext, queueId: number): Promise<QueueFamily> {
  const queue = await loadQueueById(ctx.db, queueId);
  return {
    queue,
    parent: queue.parentId === null ? null : await loadQueueById(ctx.db, queue.parentId),
    children: await activeChildren(ctx.db, queue.id),
  };
}

/**
 * The queues the actor may open a ticket in: the active first-level queues customers see, plus any queue
 * where the actor may create tickets as an operator.
 */
export async function queuesForNewTicket(ctx: CoreContext, actor: Actor): Promise<QueueRow[]> {
  const who = await resolvePrincipal(ctx.db, actor);
  const open: QueueRow[] = [];
  for (const q of await activeQueues(ctx)) {
    if ((q.customerVisible && q.level === 1) || (await hasQueuePermission(ctx.db, who, q.id, 'create'))) {
      open.push(q);
    }
  }
  return open;
}

/** The queues where the actor works: any right at all, or every queue for an admin. */
export async function operatorQueues(ctx: CoreContext, actor: Actor): Promise<QueueRow[]> {
  const who = await resolvePrincipal(ctx.db, actor);
  if (!who.agent && !who.isAdmin) return [];
  const readable: QueueRow[] = [];
  for (const q of await activeQueues(ctx)) {
    if (await hasQueuePermission(ctx.db, who, q.id, 'read')) readable.push(q);
  }
  return readable;
}

/** Every queue that takes tickets, first level first, then by name. */
async function activeQueues(ctx: CoreContext): Promise<QueueRow[]> {
  return await prepared(ctx.db, activeQueuesInOrder).execute();
}
