/**
 * Canned responses: a queue's (from the configuration file) and each operator's own (saved from the Reply
 * form). Offered for a ticket to whoever may answer it; a personal one only ever to its owner.
 */

import { and, asc, count, eq, inArray, or } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import type { responses } from '../../db/schema.js';
import { tablesOf } from '../../db/tables.js';
import { type Actor, type Principal, resolvePrincipal } from '../actor.js';
import type { TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { NotFoundError, PermissionDeniedError, ValidationError } from '../errors.js';
import { requireTicketPermission, seesAsStaff, type TicketRow } from '../permissions.js';
import { customerQueue, loadCustomerById, loadQueueById, loadTicket } from '../tickets/load.js';
import type { ResponseVariable } from './variables.js';

export type ResponseRow = typeof responses.$inferSelect;

/** The longest title of a personal response (a select option shows 75 characters). */
export const RESPONSE_TITLE_MAX = 75;
/** The most personal responses one operator keeps. */
export const MAX_PERSONAL_RESPONSES = 200;

/** A response as the Reply form offers it. */
export interface ResponseChoice {
  id: number;
  title: string;
  personal: boolean;
}

/** What fills a response's variables for one ticket; `due` is formatted by whoever shows it. */
export interface ResponseContext {
  values: Record<Exclude<ResponseVariable, 'due'>, string>;
  /** When the ticket's solution is due (or, when pending, until when it waits); null when neither. */
  due: Date | null;
  /** The customer's language as stored (null: the desk's default). */
  customerLanguage: string | null;
}

/** The operator behind `who`, who must be one: responses belong to operators. */
function operatorOf(who: Principal) {
  if (!who.agent) throw new PermissionDeniedError('rw', { desk: true });
  return who.agent;
}

/** The ticket, checked to be one the actor answers as staff. */
async function answerableTicket(tx: Db, who: Principal, ticketNumber: TicketNumber): Promise<TicketRow> {
  const ticket = await loadTicket(tx, ticketNumber);
  if (!who.isAdmin && !(await seesAsStaff(tx, who, ticket))) {
    throw new PermissionDeniedError('rw', { ticketNumber: ticket.number });
  }
  await requireTicketPermission(tx, who, ticket, 'rw');
  return ticket;
}

/** The responses usable on `ticket` by `who`: its queue's, then their own, each by title. */
function usableOn(tx: Db, who: Principal, ticket: TicketRow) {
  const { responses } = tablesOf(tx);
  const agentId = who.agent?.id ?? -1;
  return or(
    and(eq(responses.source, 'config'), eq(responses.queueId, ticket.queueId)),
    and(eq(responses.source, 'personal'), eq(responses.agentId, agentId)),
  );
}

/** The responses the Reply form of this ticket offers the actor. */
export async function responseChoices(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
): Promise<ResponseChoice[]> {
  const tx = ctx.db;
  const who = await resolvePrincipal(tx, actor);
  const ticket = await answerableTicket(tx, who, ticketNumber);
  const { responses } = tablesOf(tx);
  const rows = await tx
    .select({ id: responses.id, title: responses.title, source: responses.source })
    .from(responses)
    .where(usableOn(tx, who, ticket))
    .orderBy(asc(responses.source), asc(responses.title), asc(responses.id));
  return rows.map((r) => ({ id: r.id, title: r.title, personal: r.source === 'personal' }));
}

/** One response usable on the ticket by `who`; anything else is "not found", whoever owns it. */
export async function usableResponse(
  tx: Db,
  who: Principal,
  ticket: TicketRow,
  responseId: number,
): Promise<ResponseRow> {
  const { responses } = tablesOf(tx);
  const [row] = await tx
    .select()
    .from(responses)
    .where(and(eq(responses.id, responseId), usableOn(tx, who, ticket)));
  if (!row) throw new NotFoundError('response', responseId);
  return row;
}

/** A response chosen in the Reply form, with what its variables stand for on this ticket. */
export async function responseForTicket(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  responseId: number,
): Promise<{ response: ResponseRow; context: ResponseContext }> {
  const tx = ctx.db;
  const who = await resolvePrincipal(tx, actor);
  const ticket = await answerableTicket(tx, who, ticketNumber);
  const response = await usableResponse(tx, who, ticket, responseId);
  const customer = await loadCustomerById(tx, ticket.customerId);
  // The customer knows only the first-level queue.
  const queue = await customerQueue(tx, await loadQueueById(tx, ticket.queueId));
  return {
    response,
    context: {
      values: {
        customer_name: customer.name,
        ticket_number: ticket.number,
        queue: queue.name,
        operator: operatorOf(who).name,
      },
      due: ticket.pendingUntil ?? ticket.solutionDueAt,
      customerLanguage: customer.language,
    },
  };
}

/** An operator's own responses, and the queues' responses of the queues they answer in. */
export async function operatorResponses(
  ctx: CoreContext,
  actor: Actor,
): Promise<{ personal: ResponseRow[]; queues: (ResponseRow & { queueName: string })[] }> {
  const tx = ctx.db;
  const who = await resolvePrincipal(tx, actor);
  const agent = operatorOf(who);
  const { responses, queues, queuePermissions } = tablesOf(tx);
  const personal = await tx
    .select()
    .from(responses)
    .where(and(eq(responses.source, 'personal'), eq(responses.agentId, agent.id)))
    .orderBy(asc(responses.title), asc(responses.id));
  const answered = tx
    .selectDistinct({ queueId: queuePermissions.queueId })
    .from(queuePermissions)
    .where(and(eq(queuePermissions.agentId, agent.id), eq(queuePermissions.permission, 'rw')));
  const queueRows = await tx
    .select({ response: responses, queueName: queues.name })
    .from(responses)
    .innerJoin(queues, eq(queues.id, responses.queueId))
    .where(
      and(
        eq(responses.source, 'config'),
        eq(queues.active, true),
        who.isAdmin ? undefined : inArray(responses.queueId, answered),
      ),
    )
    .orderBy(asc(queues.name), asc(responses.title));
  return { personal, queues: queueRows.map((r) => ({ ...r.response, queueName: r.queueName })) };
}

/** A reply kept as one of the operator's own responses, in the language of the customer it was written for. */
export interface PersonalResponseInput {
  title: string;
  body: string;
  language: 'it' | 'en';
}

/** Saves a personal response (inside the reply's transaction when saved from the Reply form). */
export async function savePersonalResponse(
  tx: Tx,
  who: Principal,
  input: PersonalResponseInput,
  at: Date,
): Promise<ResponseRow> {
  const agent = operatorOf(who);
  const title = input.title.trim().replace(/\s+/g, ' ');
  if (title === '') throw new ValidationError('response_title', 'empty', 'Give the response a title.');
  if (title.length > RESPONSE_TITLE_MAX) {
    throw new ValidationError('response_title', 'too_long', 'The title is too long.', {
      limit: RESPONSE_TITLE_MAX,
    });
  }
  const { responses } = tablesOf(tx);
  const [owned] = await tx
    .select({ n: count() })
    .from(responses)
    .where(and(eq(responses.source, 'personal'), eq(responses.agentId, agent.id)));
  if ((owned?.n ?? 0) >= MAX_PERSONAL_RESPONSES) {
    throw new ValidationError('response_title', 'out_of_range', 'Too many personal responses.', {
      limit: MAX_PERSONAL_RESPONSES,
    });
  }
  const [row] = await tx
    .insert(responses)
    .values({
      source: 'personal',
      agentId: agent.id,
      title,
      bodyIt: input.language === 'it' ? input.body : null,
      bodyEn: input.language === 'en' ? input.body : null,
      createdAt: at,
    })
    .returning();
  if (!row) throw new Error('the response was not saved');
  return row;
}

/** Deletes one of the actor's own responses; any other response is "not found" to them. */
export async function deletePersonalResponse(
  ctx: CoreContext,
  actor: Actor,
  responseId: number,
): Promise<ResponseRow> {
  return await inTransaction(ctx, async (tx) => {
    const agent = operatorOf(await resolvePrincipal(tx, actor));
    const { responses } = tablesOf(tx);
    const [deleted] = await tx
      .delete(responses)
      .where(
        and(eq(responses.id, responseId), eq(responses.source, 'personal'), eq(responses.agentId, agent.id)),
      )
      .returning();
    if (!deleted) throw new NotFoundError('response', responseId);
    return deleted;
  });
}
