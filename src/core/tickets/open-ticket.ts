import { type Actor, resolvePrincipal } from '../actor.js';
import type { QueueKey } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { type CustomerRef, findOrCreateCustomer } from '../customers.js';
import { HelpDeskError, PermissionDeniedError, queueRef, ValidationError } from '../errors.js';
import type { FieldValues } from '../fields/definition.js';
import { fieldValuesInText } from '../fields/from-text.js';
import { fieldsOfQueue, writeFieldValues } from '../fields/store.js';
import { acceptableFieldValues, checkFieldValues } from '../fields/values.js';
import { hasQueuePermission, type TicketRow } from '../permissions.js';
import { validatePriority } from '../priorities.js';
import { wellFormed } from '../well-formed.js';
import { collapseBlanks } from '../whitespace.js';
import type { ArticleInput, ArticleRow } from './article-store.js';
import { createTicket } from './create-ticket.js';
import { loadQueueByKey } from './load.js';

export const MAX_TITLE_LENGTH = 250;

export interface OpenTicketInput {
  queueKey: QueueKey;
  title: string;
  priority?: number;
  /** The request itself: becomes article 1. */
  article: ArticleInput;
  /** Who the ticket is for when an operator opens it on someone's behalf; by default the actor. */
  customer?: CustomerRef;
  /**
   * False: the customer gets no "received" notice (an auto-generated mail, a bounce, a sender over the
   * hourly cap): answering it automatically could start a mail loop. True by default.
   */
  notifyCustomer?: boolean;
  /**
   * Mail, when the desk checks senders: a mail whose sender did not pass authentication (`article.mailAuth`)
   * never opens a ticket for a customer known by Slack: its From may be forged to look like theirs.
   */
  requireAuthenticatedSender?: boolean;
  /** Values of the queue's fields a customer fills (internal ones are the operators', on the card). */
  fields?: FieldValues;
  /**
   * Mail: the fields are read from `Label: value` lines of the request as far as they go, and required ones
   * may stay missing (the card says which). Otherwise `fields` needs every required one.
   */
  fieldsFromRequestText?: boolean;
}

export interface OpenedTicket {
  ticket: TicketRow;
  article: ArticleRow;
}

export function validateTitle(title: string): string {
  const trimmed = collapseBlanks(wellFormed(title));
  if (trimmed === '') throw new ValidationError('title', 'empty', 'The subject is empty.');
  if (trimmed.length > MAX_TITLE_LENGTH) {
    throw new ValidationError(
      'title',
      'too_long',
      `The subject is longer than ${MAX_TITLE_LENGTH} characters.`,
      {
        limit: MAX_TITLE_LENGTH,
      },
    );
  }
  return trimmed;
}

/** The actor's own identity as a customer reference, for a customer opening their own ticket. */
function selfAsCustomer(actor: Actor): CustomerRef {
  if (actor.kind === 'slack') return { slackUserId: actor.userId };
  if (actor.kind === 'email') return { email: actor.address };
  throw new ValidationError(
    'customer',
    'desk_as_customer',
    'The desk itself cannot be a customer: name the customer.',
  );
}

function isSelf(actor: Actor, ref: CustomerRef): boolean {
  if (actor.kind === 'slack') return ref.slackUserId === actor.userId;
  if (actor.kind === 'email') return ref.email?.toLowerCase() === actor.address.toLowerCase();
  return false;
}

/**
 * Opens a ticket: the request becomes article 1, the ticket is numbered, and the card, the customer's
 * "received" notice and the queue's "new ticket" alert are queued for delivery.
 */
export async function openTicket(
  ctx: CoreContext,
  actor: Actor,
  input: OpenTicketInput,
): Promise<OpenedTicket> {
  const title = validateTitle(input.title);
  const priority = validatePriority(input.priority ?? 3);
  return await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const who = await resolvePrincipal(tx, actor);
    const queue = await loadQueueByKey(tx, input.queueKey);
    if (!queue.active)
      throw new HelpDeskError('queue_inactive', `Queue ${queue.name} no longer takes tickets.`, {
        queue: queueRef(queue),
      });

    const onBehalf = input.customer !== undefined && !isSelf(actor, input.customer);
    const mayCreate = await hasQueuePermission(tx, who, queue.id, 'create');
    if (onBehalf && !mayCreate)
      throw new PermissionDeniedError('open_for_someone_else', { queue: queueRef(queue) });
    if (!mayCreate && !queue.customerVisible)
      throw new PermissionDeniedError('create', { queue: queueRef(queue) });

    const customerRef =
      onBehalf && input.customer ? input.customer : { ...input.customer, ...selfAsCustomer(actor) };
    const customer = await findOrCreateCustomer(tx, customerRef, now);
    if (input.requireAuthenticatedSender && input.article.mailAuth !== 'pass' && customer.slackUserId) {
      throw new HelpDeskError(
        'sender_not_authenticated',
        `the mail is from ${customer.email}, the address of a Slack user, but its sender was not authenticated: not taken as theirs`,
      );
    }
    const queueFields = await fieldsOfQueue(tx, queue);
    const fields = input.fieldsFromRequestText
      ? acceptableFieldValues(queueFields, fieldValuesInText(queueFields, input.article.body))
      : checkFieldValues(
          { fields: queueFields, internalAllowed: false, requireAll: true },
          input.fields ?? {},
        );
    const opened = await createTicket(
      ctx,
      tx,
      who,
      { title, priority, queue, customer, article: input.article, notifyCustomer: input.notifyCustomer },
      now,
    );
    await writeFieldValues(tx, who, opened.ticket, fields, now);
    return opened;
  });
}
