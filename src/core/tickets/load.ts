import type { Db } from '../../db/client.js';
import { prepared, rowsWhereEqual, updateById } from '../../db/prepared.js';
import { tablesOf } from '../../db/tables.js';
import { type AgentRow, agentWithSlackId, type CustomerRow } from '../actor.js';
import type { SlackUserId, TicketNumber } from '../brands.js';
import { NotFoundError } from '../errors.js';
import type { QueueRow, TicketRow } from '../permissions.js';
import { syncTicketJobs } from '../scheduler/jobs.js';
import { slaOnStateChange } from '../sla.js';
import { isPending } from '../states.js';

// A ticket read inside a change is locked until it commits (db/row-locks.ts): the change decides on it as is.
const ticketByNumber = rowsWhereEqual('tickets', (t) => t.number, { lockedForChange: true });
const ticketById = rowsWhereEqual('tickets', (t) => t.id, { lockedForChange: true });
const queueById = rowsWhereEqual('queues', (t) => t.id);
const queueByKey = rowsWhereEqual('queues', (t) => t.key);
const agentById = rowsWhereEqual('agents', (t) => t.id);
const customerById = rowsWhereEqual('customers', (t) => t.id);

export async function loadTicket(tx: Db, number: TicketNumber): Promise<TicketRow> {
  const ticket = (await prepared(tx, ticketByNumber).execute({ value: number }))[0];
  if (!ticket) throw new NotFoundError('ticket', number);
  return ticket;
}

export async function loadQueueById(tx: Db, id: number): Promise<QueueRow> {
  const queue = (await prepared(tx, queueById).execute({ value: id }))[0];
  if (!queue) throw new NotFoundError('queue', id);
  return queue;
}

export async function loadQueueByKey(tx: Db, key: string): Promise<QueueRow> {
  const queue = (await prepared(tx, queueByKey).execute({ value: key }))[0];
  if (!queue) throw new NotFoundError('queue', key);
  return queue;
}

export async function loadAgentBySlackId(tx: Db, slackUserId: SlackUserId): Promise<AgentRow> {
  const agent = await agentWithSlackId(tx, slackUserId);
  if (!agent) throw new NotFoundError('operator', slackUserId);
  return agent;
}

export async function loadAgentById(tx: Db, id: number): Promise<AgentRow> {
  const agent = (await prepared(tx, agentById).execute({ value: id }))[0];
  if (!agent) throw new NotFoundError('operator', id);
  return agent;
}

/**
 * Writes the changed columns and stamps `updated_at`; returns the row as it now is. Entering or leaving
 * pending stops or restarts the SLA clocks (when the queue pauses them), and the ticket's schedule follows
 * the new row.
 */
export async function updateTicket(
  tx: Db,
  ticket: TicketRow,
  changes: Partial<TicketRow>,
  at: Date,
): Promise<TicketRow> {
  const { tickets } = tablesOf(tx);
  const next = { ...(await slaChanges(tx, ticket, changes, at)), ...changes, updatedAt: at };
  await updateById(tx, tickets, ticket.id, next);
  const updated = { ...ticket, ...next };
  await syncTicketJobs(tx, updated, at, ticket);
  return updated;
}

/** The SLA columns a change of state into or out of pending brings along; explicit changes win over them. */
async function slaChanges(
  tx: Db,
  ticket: TicketRow,
  changes: Partial<TicketRow>,
  at: Date,
): Promise<Partial<TicketRow>> {
  const to = changes.state;
  if (to === undefined || to === ticket.state || (!isPending(to) && !isPending(ticket.state))) return {};
  return slaOnStateChange(tx, ticket, await loadQueueById(tx, changes.queueId ?? ticket.queueId), to, at);
}

export async function loadTicketById(tx: Db, id: number): Promise<TicketRow> {
  const ticket = (await prepared(tx, ticketById).execute({ value: id }))[0];
  if (!ticket) throw new NotFoundError('ticket', id);
  return ticket;
}

export async function loadCustomerById(tx: Db, id: number): Promise<CustomerRow> {
  const customer = (await prepared(tx, customerById).execute({ value: id }))[0];
  if (!customer) throw new NotFoundError('customer', id);
  return customer;
}

/** The queue the customer sees: the first-level ancestor of a ticket's queue. */
export async function customerQueue(tx: Db, queue: QueueRow): Promise<QueueRow> {
  let current = queue;
  for (let hops = 0; current.parentId !== null && hops < 32; hops++)
    current = await loadQueueById(tx, current.parentId);
  return current;
}
