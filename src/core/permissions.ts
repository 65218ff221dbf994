import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import type { QueuePermission, queues, tickets } from '../db/schema.js';
import { tablesOf } from '../db/tables.js';
import type { Principal } from './actor.js';
import { PermissionDeniedError, queueRef } from './errors.js';

export type { QueuePermission } from '../db/schema.js';
export type QueueRow = typeof queues.$inferSelect;
export type TicketRow = typeof tickets.$inferSelect;

/** What the responsible of a ticket may do on it even without rights in its queue. */
const RESPONSIBLE_MAY: readonly QueuePermission[] = ['read', 'note', 'owner', 'priority', 'close'];
/** What a customer may do on their own ticket (they reply through customer articles, checked apart). */
const CUSTOMER_MAY: readonly QueuePermission[] = ['read', 'close'];

/**
 * The rights that include seeing the queue's tickets (OTRS semantics: `create` or `move` alone let one open or
 * receive tickets, not read the queue).
 */
const READING_RIGHTS: readonly QueuePermission[] = ['read', 'rw', 'note', 'owner', 'close', 'priority'];
/** Who may see a queue's statistics and export its tickets (customer emails, rating comments) besides admins. */
const STATISTICS_RIGHTS: readonly QueuePermission[] = ['rw', 'stats'];

const permissionsInQueue = (db: Db) => {
  const { queuePermissions } = tablesOf(db);
  return db
    .select({ permission: queuePermissions.permission })
    .from(queuePermissions)
    .where(
      and(
        eq(queuePermissions.agentId, sql.placeholder('agentId')),
        eq(queuePermissions.queueId, sql.placeholder('queueId')),
      ),
    )
    .prepare();
};

/** The build of the query listing the queues where an agent holds one of `rights`. */
const queuesGrantingOneOf = (rights: readonly QueuePermission[]) => (db: Db) => {
  const { queuePermissions } = tablesOf(db);
  return db
    .selectDistinct({ queueId: queuePermissions.queueId })
    .from(queuePermissions)
    .where(
      and(
        eq(queuePermissions.agentId, sql.placeholder('agentId')),
        inArray(queuePermissions.permission, [...rights]),
      ),
    )
    .prepare();
};
const queuesGrantingRead = queuesGrantingOneOf(READING_RIGHTS);
const queuesGrantingStatistics = queuesGrantingOneOf(STATISTICS_RIGHTS);

export async function queuePermissionsOf(
  tx: Db,
  agentId: number,
  queueId: number,
): Promise<Set<QueuePermission>> {
  const rows = await prepared(tx, permissionsInQueue).execute({ agentId, queueId });
  return new Set(rows.map((r) => r.permission));
}

/** An operator's right in a queue; `rw` grants every other, and each read-type right includes `read`. */
export async function hasQueuePermission(
  tx: Db,
  who: Principal,
  queueId: number,
  permission: QueuePermission,
): Promise<boolean> {
  if (who.isAdmin) return true;
  if (!who.agent) return false;
  const granted = await queuePermissionsOf(tx, who.agent.id, queueId);
  if (granted.has('rw') || granted.has(permission)) return true;
  return permission === 'read' && READING_RIGHTS.some((right) => granted.has(right));
}

/** The queues an operator can read; null means all of them (an admin, the desk itself). */
export async function readableQueueIds(tx: Db, who: Principal): Promise<number[] | null> {
  if (who.isAdmin) return null;
  if (!who.agent) return [];
  const rows = await prepared(tx, queuesGrantingRead).execute({ agentId: who.agent.id });
  return rows.map((r) => r.queueId);
}

/** The queues whose statistics and export an operator may see; null means all of them (an admin). */
export async function statisticsQueueIds(tx: Db, who: Principal): Promise<number[] | null> {
  if (who.isAdmin) return null;
  if (!who.agent) return [];
  const rows = await prepared(tx, queuesGrantingStatistics).execute({ agentId: who.agent.id });
  return rows.map((r) => r.queueId);
}

export async function requireQueuePermission(
  tx: Db,
  who: Principal,
  queue: QueueRow,
  permission: QueuePermission,
): Promise<void> {
  if (!(await hasQueuePermission(tx, who, queue.id, permission))) {
    throw new PermissionDeniedError(permission, { queue: queueRef(queue) });
  }
}

export function isTicketCustomer(who: Principal, ticket: TicketRow): boolean {
  return who.customer !== null && who.customer.id === ticket.customerId;
}

export function isTicketResponsible(who: Principal, ticket: TicketRow): boolean {
  return who.agent !== null && who.agent.id === ticket.responsibleId;
}

/** Operators act on a ticket by their queue rights; its responsible and its customer by their own. */
export async function hasTicketPermission(
  tx: Db,
  who: Principal,
  ticket: TicketRow,
  permission: QueuePermission,
): Promise<boolean> {
  if (await hasQueuePermission(tx, who, ticket.queueId, permission)) return true;
  if (isTicketResponsible(who, ticket) && RESPONSIBLE_MAY.includes(permission)) return true;
  return isTicketCustomer(who, ticket) && CUSTOMER_MAY.includes(permission);
}

export async function requireTicketPermission(
  tx: Db,
  who: Principal,
  ticket: TicketRow,
  permission: QueuePermission,
): Promise<void> {
  if (!(await hasTicketPermission(tx, who, ticket, permission))) {
    throw new PermissionDeniedError(permission, { ticketNumber: ticket.number });
  }
}

/** Whether `who` sees the ticket as staff (every article) rather than as its customer (visible ones only). */
export async function seesAsStaff(tx: Db, who: Principal, ticket: TicketRow): Promise<boolean> {
  return (await hasQueuePermission(tx, who, ticket.queueId, 'read')) || isTicketResponsible(who, ticket);
}
