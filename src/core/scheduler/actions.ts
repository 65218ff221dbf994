/** What each kind of scheduled job does to its ticket, inside the transaction that marks the job done. */
import type { Tx } from '../../db/client.js';
import type { HistoryEvent, SlaTarget } from '../../db/schema.js';
import { type Principal, resolvePrincipal, SYSTEM_ACTOR } from '../actor.js';
import { recordHistory } from '../history.js';
import { enqueue } from '../outbox.js';
import type { TicketRow } from '../permissions.js';
import { SLA_COLUMNS } from '../sla.js';
import { assignAutomatically } from '../tickets/auto-assign.js';
import { loadQueueById, updateTicket } from '../tickets/load.js';
import { unlock } from '../tickets/ownership.js';
import { transition } from '../tickets/state-changes.js';
import type { JobRow } from './jobs.js';

const SLA_EVENTS: Record<SlaTarget, { warning: HistoryEvent; breach: HistoryEvent }> = {
  first_response: {
    warning: 'EscalationResponseTimeNotifyBefore',
    breach: 'EscalationResponseTimeStart',
  },
  update: { warning: 'EscalationUpdateTimeNotifyBefore', breach: 'EscalationUpdateTimeStart' },
  solution: { warning: 'EscalationSolutionTimeNotifyBefore', breach: 'EscalationSolutionTimeStart' },
};

function isSlaTarget(target: string): target is SlaTarget {
  return target in SLA_COLUMNS;
}

/** Who hears about a ticket's SLA: its responsible, else its owner; null for nobody in particular. */
function accountable(ticket: TicketRow): number | null {
  return ticket.responsibleId ?? ticket.ownerId;
}

/** Acts on a due job of `ticket`; the caller has checked that the ticket still calls for it. */
export async function fireJob(tx: Tx, job: JobRow, ticket: TicketRow, now: Date): Promise<void> {
  const who = await resolvePrincipal(tx, SYSTEM_ACTOR);
  switch (job.kind) {
    case 'sla_warning':
    case 'sla_breach':
      if (isSlaTarget(job.target)) await slaAlarm(tx, who, ticket, job.kind, job.target, now);
      return;
    case 'pending_reminder':
      await pendingReminder(tx, who, ticket, now);
      return;
    case 'pending_auto_close':
      await pendingAutoClose(tx, who, ticket, now);
      return;
    case 'claim_timeout':
      await claimTimeout(tx, who, ticket, now);
      return;
  }
}

/**
 * A promise is about to fall due (warning: to the responsible, else the owner, else the queue) or has
 * fallen due (breach: to the responsible or owner, and always to the queue).
 */
async function slaAlarm(
  tx: Tx,
  who: Principal,
  ticket: TicketRow,
  kind: 'sla_warning' | 'sla_breach',
  target: SlaTarget,
  now: Date,
): Promise<void> {
  const due = ticket[SLA_COLUMNS[target].due];
  const dueAt = due?.toISOString();
  const warning = kind === 'sla_warning';
  await recordHistory(tx, who, ticket.id, now, {
    event: warning ? SLA_EVENTS[target].warning : SLA_EVENTS[target].breach,
    newValue: dueAt,
  });
  const notice = { topic: 'agent.notify', ticketId: ticket.id, event: kind, target, dueAt } as const;
  const person = accountable(ticket);
  if (person !== null) await enqueue(tx, now, { ...notice, agentId: person });
  if (!warning || person === null) await enqueue(tx, now, { ...notice, queueId: ticket.queueId });
  await enqueue(tx, now, { topic: 'card.sync', ticketId: ticket.id });
}

/** The pending time of a reminder came: the owner (or the queue) is reminded once. */
async function pendingReminder(tx: Tx, who: Principal, ticket: TicketRow, now: Date): Promise<void> {
  const reminded = ticket.pendingUntil;
  await updateTicket(tx, ticket, { pendingUntil: null }, now);
  await recordHistory(tx, who, ticket.id, now, {
    event: 'PendingReminderReached',
    oldValue: reminded?.toISOString(),
  });
  const recipient = ticket.ownerId ? { agentId: ticket.ownerId } : { queueId: ticket.queueId };
  await enqueue(tx, now, {
    topic: 'agent.notify',
    ticketId: ticket.id,
    event: 'pending_reminder',
    ...recipient,
  });
  await enqueue(tx, now, { topic: 'card.sync', ticketId: ticket.id });
}

/** The pending time of an automatic close came: the ticket closes as asked and the customer is told. */
async function pendingAutoClose(tx: Tx, who: Principal, ticket: TicketRow, now: Date): Promise<void> {
  const outcome =
    ticket.state === 'pending_auto_close_successful' ? 'closed_successful' : 'closed_unsuccessful';
  await transition(tx, who, ticket, outcome, now);
  await enqueue(tx, now, { topic: 'customer.notify', ticketId: ticket.id, event: 'closed' });
}

/**
 * Nobody touched a claimed ticket for the queue's claim timeout: it goes back to the queue, and a queue that
 * assigns automatically gives it at once to the next operator (not the one whose claim timed out).
 */
async function claimTimeout(tx: Tx, who: Principal, ticket: TicketRow, now: Date): Promise<void> {
  const released = await unlock(tx, who, ticket, now);
  const queue = await loadQueueById(tx, ticket.queueId);
  const { owner } = await assignAutomatically(tx, who, released, queue, now, 'claim_timeout', ticket.ownerId);
  const event = owner === null ? 'claim_released' : 'claim_reassigned';
  const notice = { topic: 'agent.notify', ticketId: ticket.id, event } as const;
  if (ticket.ownerId !== null) await enqueue(tx, now, { ...notice, agentId: ticket.ownerId });
  await enqueue(tx, now, { ...notice, queueId: ticket.queueId });
}
