/**
 * Routing without a dispatcher: a queue that assigns automatically (`assign: round_robin | least_open`) gives
 * each ticket that arrives in it (new, escalated, sent back) and each claim that timed out an owner among its
 * operators with the owner right, passing over those who said they are away and, when the queue asks, those
 * Slack reports away.
 *
 * The queue's row is read locked for the change (db/row-locks.ts): two processes assigning in one queue at
 * the same moment take turns, so round robin's pointer and least open's counts are read as the other left
 * them. Least open counts the tickets each operator owns and still works (new, open, pending) in this queue:
 * the balance the queue's lead sees on App Home, independent of what the operator does in other queues.
 */
import { and, asc, count, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { lockedForChange } from '../../db/row-locks.js';
import type { AssignMode } from '../../db/schema.js';
import { tablesOf } from '../../db/tables.js';
import type { AgentRow, Principal } from '../actor.js';
import { isAwayAt } from '../away.js';
import { enqueue } from '../outbox.js';
import type { QueueRow, TicketRow } from '../permissions.js';
import { takeOwnership } from './ownership.js';

/** Slack presence older than this is not trusted (the poll could not ask Slack): nobody is skipped for it. */
export const SLACK_PRESENCE_FRESH_MS = 10 * 60_000;

/** The rights that let an operator own a queue's tickets. */
const OWNER_RIGHTS = ['owner', 'rw'] as const;

/** The operators who may own the queue's tickets, in a stable order (round robin's turn order). */
async function queueOwners(tx: Tx, queueId: number): Promise<AgentRow[]> {
  const { agents, queuePermissions } = tablesOf(tx);
  const rows = await tx
    .selectDistinct({ agent: agents })
    .from(queuePermissions)
    .innerJoin(agents, eq(agents.id, queuePermissions.agentId))
    .where(
      and(eq(queuePermissions.queueId, queueId), inArray(queuePermissions.permission, [...OWNER_RIGHTS])),
    )
    .orderBy(asc(agents.id));
  return rows.map((row) => row.agent);
}

function slackSaysAway(agent: AgentRow, at: Date): boolean {
  return (
    agent.slackPresence === 'away' &&
    agent.slackPresenceAt !== null &&
    at.getTime() - agent.slackPresenceAt.getTime() <= SLACK_PRESENCE_FRESH_MS
  );
}

/** The operators a ticket of the queue may go to now: owners who are not away (nor `passedOver`). */
async function availableOwners(tx: Tx, queue: QueueRow, at: Date, passedOver: number | null) {
  return (await queueOwners(tx, queue.id)).filter(
    (agent) =>
      agent.id !== passedOver && !isAwayAt(agent, at) && !(queue.skipSlackAway && slackSaysAway(agent, at)),
  );
}

/** The candidates in turn order, starting with the first after the one given the last ticket. */
function inTurn(candidates: AgentRow[], lastAssignedAgentId: number | null): AgentRow[] {
  const next = candidates.findIndex(
    (agent) => lastAssignedAgentId === null || agent.id > lastAssignedAgentId,
  );
  if (next <= 0) return candidates;
  return [...candidates.slice(next), ...candidates.slice(0, next)];
}

/** How many tickets each agent owns and still works in the queue. */
async function openOwned(tx: Tx, queueId: number, agentIds: number[]): Promise<Map<number, number>> {
  const { tickets } = tablesOf(tx);
  const rows = await tx
    .select({ ownerId: tickets.ownerId, count: count() })
    .from(tickets)
    .where(
      and(
        eq(tickets.queueId, queueId),
        eq(tickets.working, true),
        isNotNull(tickets.ownerId),
        inArray(tickets.ownerId, agentIds),
      ),
    )
    .groupBy(tickets.ownerId);
  return new Map(rows.map((row) => [row.ownerId ?? 0, row.count]));
}

async function choose(
  tx: Tx,
  mode: Exclude<AssignMode, 'manual'>,
  queueId: number,
  ordered: AgentRow[],
): Promise<AgentRow | undefined> {
  if (mode === 'round_robin') return ordered[0];
  // Least open; among equals the turn order decides, so equal loads are still served in turn.
  const loads = await openOwned(
    tx,
    queueId,
    ordered.map((agent) => agent.id),
  );
  let best: AgentRow | undefined;
  for (const agent of ordered) {
    if (best === undefined || (loads.get(agent.id) ?? 0) < (loads.get(best.id) ?? 0)) best = agent;
  }
  return best;
}

/** Why the desk gave the ticket an owner, as the OwnerUpdate history row names the desk. */
export type AssignmentReason = 'arrived' | 'claim_timeout';

export interface AutomaticAssignment {
  ticket: TicketRow;
  /** Null when the queue assigns by hand or nobody is available: the ticket waits to be claimed. */
  owner: AgentRow | null;
}

/**
 * Gives the ticket (unowned, in `queue`) an owner if the queue assigns automatically and someone is
 * available; `passedOver` is an operator not to give it to (whose claim just timed out). The owner gets a
 * DM; the OwnerUpdate history row is the desk's, naming the automatic assignment.
 */
export async function assignAutomatically(
  tx: Tx,
  desk: Principal,
  ticket: TicketRow,
  queue: QueueRow,
  at: Date,
  reason: AssignmentReason,
  passedOver: number | null = null,
): Promise<AutomaticAssignment> {
  // A queue assigned by hand takes no lock: ticket creation there stays as it was.
  if (queue.assign === 'manual') return { ticket, owner: null };
  const { queues } = tablesOf(tx);
  const locked = (
    await lockedForChange(
      tx,
      tx
        .select({ assign: queues.assign, lastAssignedAgentId: queues.lastAssignedAgentId })
        .from(queues)
        .where(eq(queues.id, queue.id)),
    )
  )[0];
  if (!locked || locked.assign === 'manual') return { ticket, owner: null };
  const candidates = await availableOwners(tx, queue, at, passedOver);
  const owner = await choose(tx, locked.assign, queue.id, inTurn(candidates, locked.lastAssignedAgentId));
  if (!owner) return { ticket, owner: null };
  await tx.update(queues).set({ lastAssignedAgentId: owner.id }).where(eq(queues.id, queue.id));
  const mode = locked.assign === 'round_robin' ? 'round robin' : 'least open';
  const why = reason === 'claim_timeout' ? `claim timeout, ${mode}` : mode;
  const assigner: Principal = { ...desk, label: `${desk.label} (automatic assignment: ${why})` };
  const updated = await takeOwnership(tx, assigner, ticket, owner, at);
  await enqueue(tx, at, {
    topic: 'agent.notify',
    ticketId: ticket.id,
    event: 'auto_assigned',
    agentId: owner.id,
  });
  return { ticket: updated, owner };
}
