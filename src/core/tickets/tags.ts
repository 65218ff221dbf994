import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { tablesOf } from '../../db/tables.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import type { TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { PermissionDeniedError, ValidationError } from '../errors.js';
import { recordHistory } from '../history.js';
import { enqueue } from '../outbox.js';
import { requireTicketPermission, seesAsStaff } from '../permissions.js';
import { MAX_TICKET_TAGS, normalizeTag } from '../tags.js';
import { loadTicket } from './load.js';

/** The most tags suggested for one ticket. */
export const MAX_TAG_SUGGESTIONS = 100;

/** A ticket's tags, in alphabetical order. */
export async function tagsOfTicket(tx: Db, ticketId: number): Promise<string[]> {
  const { ticketTags } = tablesOf(tx);
  const rows = await tx
    .select({ tag: ticketTags.tag })
    .from(ticketTags)
    .where(eq(ticketTags.ticketId, ticketId))
    .orderBy(asc(ticketTags.tag));
  return rows.map((r) => r.tag);
}

/** The ticket, checked to be one the actor may tag: staff who annotate it (note), or an admin. */
async function taggableTicket(tx: Db, actor: Actor, ticketNumber: TicketNumber) {
  const who = await resolvePrincipal(tx, actor);
  const ticket = await loadTicket(tx, ticketNumber);
  if (!who.isAdmin && !(await seesAsStaff(tx, who, ticket))) {
    throw new PermissionDeniedError('note', { ticketNumber: ticket.number });
  }
  await requireTicketPermission(tx, who, ticket, 'note');
  return { who, ticket };
}

/**
 * What the Tags form offers for a ticket: its tags, then the queue's declared tags and the tags already used
 * on its tickets (alphabetically), up to MAX_TAG_SUGGESTIONS in all.
 */
export async function tagChoices(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
): Promise<{ current: string[]; suggested: string[] }> {
  const tx = ctx.db;
  const { ticket } = await taggableTicket(tx, actor, ticketNumber);
  const current = await tagsOfTicket(tx, ticket.id);
  const { queueTags, ticketTags, tickets } = tablesOf(tx);
  const declared = await tx
    .select({ tag: queueTags.tag })
    .from(queueTags)
    .where(eq(queueTags.queueId, ticket.queueId))
    .orderBy(asc(queueTags.tag));
  const used = await tx
    .select({ tag: ticketTags.tag })
    .from(ticketTags)
    .innerJoin(tickets, eq(tickets.id, ticketTags.ticketId))
    .where(eq(tickets.queueId, ticket.queueId))
    .groupBy(ticketTags.tag)
    .orderBy(asc(ticketTags.tag))
    .limit(MAX_TAG_SUGGESTIONS);
  const suggested = [...new Set([...declared, ...used].map((r) => r.tag))]
    .filter((tag) => !current.includes(tag))
    .slice(0, Math.max(0, MAX_TAG_SUGGESTIONS - current.length));
  return { current, suggested };
}

/**
 * Gives the ticket exactly `tags` (normalised; at most MAX_TICKET_TAGS): each tag put on or taken off is a
 * history row, and the card shows the new ones.
 */
export async function setTicketTags(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  tags: readonly string[],
): Promise<string[]> {
  const wanted = [...new Set(tags.flatMap((tag) => normalizeTag(tag) ?? []))].sort();
  if (wanted.length > MAX_TICKET_TAGS) {
    throw new ValidationError('tags', 'out_of_range', `A ticket carries at most ${MAX_TICKET_TAGS} tags.`, {
      limit: MAX_TICKET_TAGS,
    });
  }
  return await inTransaction(ctx, async (tx) => {
    const { who, ticket } = await taggableTicket(tx, actor, ticketNumber);
    const current = await tagsOfTicket(tx, ticket.id);
    const added = wanted.filter((tag) => !current.includes(tag));
    const removed = current.filter((tag) => !wanted.includes(tag));
    if (added.length === 0 && removed.length === 0) return current;
    const now = ctx.clock.now();
    const { ticketTags } = tablesOf(tx);
    if (removed.length > 0) {
      await tx
        .delete(ticketTags)
        .where(and(eq(ticketTags.ticketId, ticket.id), inArray(ticketTags.tag, removed)));
    }
    if (added.length > 0) {
      await tx
        .insert(ticketTags)
        .values(added.map((tag) => ({ ticketId: ticket.id, tag, createdAt: now })))
        .onConflictDoNothing();
    }
    for (const tag of removed)
      await recordHistory(tx, who, ticket.id, now, { event: 'TagRemove', oldValue: tag });
    for (const tag of added) await recordHistory(tx, who, ticket.id, now, { event: 'TagAdd', newValue: tag });
    await enqueue(tx, now, { topic: 'card.sync', ticketId: ticket.id });
    return wanted;
  });
}

/** The tags of each of `ticketIds` (those without any are left out), read in chunks. */
export async function tagsOfTickets(tx: Db, ticketIds: readonly number[]): Promise<Map<number, string[]>> {
  const { ticketTags } = tablesOf(tx);
  const byTicket = new Map<number, string[]>();
  for (let start = 0; start < ticketIds.length; start += 500) {
    const rows = await tx
      .select({ ticketId: ticketTags.ticketId, tag: ticketTags.tag })
      .from(ticketTags)
      .where(inArray(ticketTags.ticketId, ticketIds.slice(start, start + 500)))
      .orderBy(asc(ticketTags.ticketId), asc(ticketTags.tag));
    for (const { ticketId, tag } of rows) byTicket.set(ticketId, [...(byTicket.get(ticketId) ?? []), tag]);
  }
  return byTicket;
}
