import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { AssignMode } from '../../db/schema.js';
import { tablesOf } from '../../db/tables.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import { isAwayAt } from '../away.js';
import type { CoreContext } from '../context.js';
import { requireAgent } from '../tickets/guards.js';

export interface OperatorLoad {
  name: string;
  slackUserId: string;
  /** Tickets they own and still work (new, open, pending) in the queue. */
  open: number;
  /** Said they are away now (`/ticket away`). */
  away: boolean;
}

export interface QueueLoad {
  queue: { key: string; name: string };
  assign: AssignMode;
  /** The operators who may own the queue's tickets, by name. */
  operators: OperatorLoad[];
}

/**
 * The balance of the queues the operator may own tickets in: per queue, how many tickets each of its
 * operators owns and still works, and who is away. What a lead looks at to see automatic assignment at work.
 */
export async function queueLoads(ctx: CoreContext, actor: Actor): Promise<QueueLoad[]> {
  const { agents, queuePermissions, queues, tickets } = tablesOf(ctx.db);
  const agent = requireAgent(await resolvePrincipal(ctx.db, actor));
  const now = ctx.clock.now();
  const ownerRights = inArray(queuePermissions.permission, ['owner', 'rw']);
  const worked = await ctx.db
    .selectDistinct({ id: queues.id, key: queues.key, name: queues.name, assign: queues.assign })
    .from(queues)
    .innerJoin(queuePermissions, eq(queuePermissions.queueId, queues.id))
    .where(and(eq(queues.active, true), eq(queuePermissions.agentId, agent.id), ownerRights))
    .orderBy(asc(queues.name));
  if (worked.length === 0) return [];
  const queueIds = worked.map((queue) => queue.id);
  const owners = await ctx.db
    .selectDistinct({ queueId: queuePermissions.queueId, agent: agents })
    .from(queuePermissions)
    .innerJoin(agents, eq(agents.id, queuePermissions.agentId))
    .where(and(inArray(queuePermissions.queueId, queueIds), ownerRights))
    .orderBy(asc(agents.name));
  const counts = await ctx.db
    .select({ queueId: tickets.queueId, ownerId: tickets.ownerId, open: count() })
    .from(tickets)
    .where(and(inArray(tickets.queueId, queueIds), eq(tickets.working, true)))
    .groupBy(tickets.queueId, tickets.ownerId);
  const openOf = (queueId: number, agentId: number) =>
    counts.find((row) => row.queueId === queueId && row.ownerId === agentId)?.open ?? 0;
  return worked.map((queue) => ({
    queue: { key: queue.key, name: queue.name },
    assign: queue.assign,
    operators: owners
      .filter((row) => row.queueId === queue.id)
      .map(({ agent: operator }) => ({
        name: operator.name,
        slackUserId: operator.slackUserId,
        open: openOf(queue.id, operator.id),
        away: isAwayAt(operator, now),
      })),
  }));
}
