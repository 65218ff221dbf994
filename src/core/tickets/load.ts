import type { DbOrTx } from '../../db/client.js';
import { prepared, rowsWhereEqual, updateById } from '../../db/prepared.js';
import { agents, customers, queues, tickets } from '../../db/schema.js';
import { type AgentRow, agentWithSlackId, type CustomerRow } from '../actor.js';
import { NotFoundError } from '../errors.js';
import type { QueueRow, TicketRow } from '../permissions.js';
import { syncTicketJobs } from '../scheduler/jobs.js';
import { slaOnStateChange } from '../sla.js';
import { isPending } from '../states.js';

const ticketByNumber = rowsWhereEqual(tickets, tickets.number);
const ticketById = rowsWhereEqual(tickets, tickets.id);
const queueById = rowsWhereEqual(queues, queues.id);
const queueByKey = rowsWhereEqual(queues, queues.key);
const agentById = rowsWhereEqual(agents, agents.id);
const customerById = rowsWhereEqual(customers, customers.id);

export function loadTicket(tx: DbOrTx, number: string): TicketRow {
  const ticket = prepared(tx, ticketByNumber).get({ value: number });
  if (!ticket) throw new NotFoundError('ticket', number);
  return ticket;
}

export function loadQueueById(tx: DbOrTx, id: number): QueueRow {
  const queue = prepared(tx, queueById).get({ value: id });
  if (!queue) throw new NotFoundError('queue', id);
  return queue;
}

export function loadQueueByKey(tx: DbOrTx, key: string): QueueRow {
  const queue = prepared(tx, queueByKey).get({ value: key });
  if (!queue) throw new NotFoundError('queue', key);
  return queue;
}

export function loadAgentBySlackId(tx: DbOrTx, slackUserId: string): AgentRow {
  const agent = agentWithSlackId(tx, slackUserId);
  if (!agent) throw new NotFoundError('operator', slackUserId);
  return agent;
}

export function loadAgentById(tx: DbOrTx, id: number): AgentRow {
  const agent = prepared(tx, agentById).get({ value: id });
  if (!agent) throw new NotFoundError('operator', id);
  return agent;
}

/**
 * Writes the changed columns and stamps `updated_at`; returns the row as it now is. Entering or leaving
 * pending stops or restarts the SLA clocks (when the queue pauses them), and the ticket's schedule follows
 * the new row.
 */
export function updateTicket(
  tx: DbOrTx,
  ticket: TicketRow,
  changes: Partial<TicketRow>,
  at: Date,
): TicketRow {
  const next = { ...slaChanges(tx, ticket, changes, at), ...changes, updatedAt: at };
  updateById(tx, tickets, ticket.id, next);
  const updated = { ...ticket, ...next };
  syncTicketJobs(tx, updated, at, ticket);
  return updated;
}

/** The SLA columns a change of state into or out of pending brings along; explicit changes win over them. */
function slaChanges(
  tx: DbOrTx,
  ticket: TicketRow,
  changes: Partial<TicketRow>,
  at: Date,
): Partial<TicketRow> {
  const to = changes.state;
  if (to === undefined || to === ticket.state || (!isPending(to) && !isPending(ticket.state))) return {};
  return slaOnStateChange(tx, ticket, loadQueueById(tx, changes.queueId ?? ticket.queueId), to, at);
}

export function loadTicketById(tx: DbOrTx, id: number): TicketRow {
  const ticket = prepared(tx, ticketById).get({ value: id });
  if (!ticket) throw new NotFoundError('ticket', id);
  return ticket;
}

export function loadCustomerById(tx: DbOrTx, id: number): CustomerRow {
  const customer = prepared(tx, customerById).get({ value: id });
  if (!customer) throw new NotFoundError('customer', id);
  return customer;
}

/** The queue the customer sees: the first-level ancestor of a ticket's queue. */
export function customerQueue(tx: DbOrTx, queue: QueueRow): QueueRow {
  let current = queue;
  for (let hops = 0; current.parentId !== null && hops < 32; hops++)
    current = loadQueueById(tx, current.parentId);
  return current;
}
