import { type Actor, resolvePrincipal } from '../actor.js';
import type { QueueKey, TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { enqueue } from '../outbox.js';
import { requireTicketPermission } from '../permissions.js';
import { loadQueueById, loadQueueByKey, loadTicket } from '../tickets/load.js';
import type { FieldDefinition, FieldValues } from './definition.js';
import { fieldsOfQueue, loadFieldValues, writeFieldValues } from './store.js';
import { checkFieldValues } from './values.js';

/** A ticket's fields as its Fields form shows them: every field of its queue, internal ones included. */
export interface TicketFields {
  fields: FieldDefinition[];
  values: FieldValues;
}

/** The fields and values of a ticket, for the operators who may change them. */
export async function ticketFields(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
): Promise<TicketFields> {
  const tx = ctx.db;
  const who = await resolvePrincipal(tx, actor);
  const ticket = await loadTicket(tx, ticketNumber);
  await requireTicketPermission(tx, who, ticket, 'rw');
  const fields = await fieldsOfQueue(tx, await loadQueueById(tx, ticket.queueId));
  return { fields, values: await loadFieldValues(tx, ticket.id) };
}

/**
 * An operator sets the ticket's fields (OTRS's dynamic field update): every field of its queue is checked,
 * required ones need a value, and each change is in History; the card follows.
 */
export async function setTicketFields(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  values: FieldValues,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const who = await resolvePrincipal(tx, actor);
    const ticket = await loadTicket(tx, ticketNumber);
    await requireTicketPermission(tx, who, ticket, 'rw');
    const fields = await fieldsOfQueue(tx, await loadQueueById(tx, ticket.queueId));
    const checked = checkFieldValues({ fields, internalAllowed: true, requireAll: true }, values);
    const now = ctx.clock.now();
    if (await writeFieldValues(tx, who, ticket, checked, now)) {
      await enqueue(tx, now, { topic: 'card.sync', ticketId: ticket.id });
    }
  });
}

/** The fields the new-ticket form asks for in a queue: those its customers fill. */
export async function newTicketFields(ctx: CoreContext, queueKey: QueueKey): Promise<FieldDefinition[]> {
  const queue = await loadQueueByKey(ctx.db, queueKey);
  return (await fieldsOfQueue(ctx.db, queue)).filter((field) => !field.internal);
}
