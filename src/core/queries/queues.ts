import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { queues } from '../../db/schema.js';
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

const activeChildrenOf = (db: DbOrTx) =>
  db
    .select()
    .from(queues)
    .where(and(eq(queues.parentId, sql.placeholder('queueId')), eq(queues.active, true)))
    .orderBy(asc(queues.name))
    .prepare();

const activeQueuesInOrder = (db: DbOrTx) =>
  db
    .select()
    .from(queues)
    .where(eq(queues.active, true))
    .orderBy(asc(queues.level), asc(queues.name))
    .prepare();

function activeChildren(tx: DbOrTx, queueId: number): QueueRow[] {
  return prepared(tx, activeChildrenOf).all({ queueId });
}

/** A queue with its parent and sub-queues: where a ticket in it can be escalated or sent back. */
export function queueFamily(ctx: CoreContext, queueId: number): QueueFamily {
  const queue = loadQueueById(ctx.db, queueId);
  return {
    queue,
    parent: queue.parentId === null ? null : loadQueueById(ctx.db, queue.parentId),
    children: activeChildren(ctx.db, queue.id),
  };
}

/**
 * The queues the actor may open a ticket in: the active first-level queues customers see, plus any queue
 * where the actor may create tickets as an operator.
 */
export function queuesForNewTicket(ctx: CoreContext, actor: Actor): QueueRow[] {
  const who = resolvePrincipal(ctx.db, actor);
  return activeQueues(ctx).filter(
    (q) => (q.customerVisible && q.level === 1) || hasQueuePermission(ctx.db, who, q.id, 'create'),
  );
}

/** The queues where the actor works: any right at all, or every queue for an admin. */
export function operatorQueues(ctx: CoreContext, actor: Actor): QueueRow[] {
  const who = resolvePrincipal(ctx.db, actor);
  if (!who.agent && !who.isAdmin) return [];
  return activeQueues(ctx).filter((q) => hasQueuePermission(ctx.db, who, q.id, 'read'));
}

/** Every queue that takes tickets, first level first, then by name. */
function activeQueues(ctx: CoreContext): QueueRow[] {
  return prepared(ctx.db, activeQueuesInOrder).all();
}
