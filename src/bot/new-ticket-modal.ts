import type { ViewOutput } from '@slack/bolt';
import { ErrorCode, type WebClient } from '@slack/web-api';
import type { SlackUserId } from '../core/model.js';
import { queueRef } from '../present/card-data.js';
import { INPUTS } from '../views/ids.js';
import { buildNewTicketModal } from '../views/modals/new-ticket.js';
import type { ModalView } from '../views/slack.js';
import type { BotDeps } from './deps.js';
import { type NewTicketMetadata, parseNewTicketMetadata } from './metadata.js';
import { fieldValuesOf, selectedUser, selectedValue, textValue } from './view-values.js';

export interface NewTicketRequest {
  userId: SlackUserId;
  triggerId: string;
  subject?: string;
  description?: string;
  /** Where the form was asked for, to confirm there. */
  channelId?: string;
  /** The author of the message a ticket is opened from: the customer, when an operator opens it for them. */
  messageAuthor?: SlackUserId;
  /** The message the ticket emoji was put on: the ticket is then its author's, whoever fills the form. */
  source?: { channelId: string; ts: string };
}

/** What the form holds: given when it opens, or read back from it to redraw it for another queue. */
interface NewTicketForm {
  userId: SlackUserId;
  metadata: NewTicketMetadata;
  queueKey?: string | undefined;
  subject?: string | undefined;
  description?: string | undefined;
  priority?: number | undefined;
  notifyVia?: string | undefined;
  customerSlackUserId?: SlackUserId | undefined;
  fieldValues?: Record<string, string[]>;
}

/** The new-ticket form with the queues this person may open tickets in, and the chosen queue's fields. */
async function newTicketView(deps: BotDeps, form: NewTicketForm): Promise<ModalView> {
  const actor = { kind: 'slack', userId: form.userId } as const;
  const open = await deps.desk.queuesForNewTicket(actor);
  const queues = open.map(queueRef);
  const isOperator = (await deps.desk.operatorQueues(actor)).length > 0;
  const only = open.length === 1 ? open[0]?.key : undefined;
  const queueKey = open.find((queue) => queue.key === (form.queueKey ?? only))?.key;
  const customer = form.customerSlackUserId ?? form.metadata.customerSlackUserId;
  return buildNewTicketModal({
    locale: await deps.users.locale(form.userId),
    queues,
    queueKey,
    subject: form.subject,
    description: form.description,
    priority: form.priority,
    notifyVia: form.notifyVia,
    customer: customer ? { slackUserId: customer } : undefined,
    isOperator,
    privateMetadata: form.metadata,
    fields: queueKey ? await deps.desk.newTicketFields(queueKey) : [],
    fieldValues: form.fieldValues ?? {},
  });
}

/** Opens the new-ticket form. */
export async function openNewTicketModal(
  deps: BotDeps,
  client: WebClient,
  request: NewTicketRequest,
): Promise<void> {
  const actor = { kind: 'slack', userId: request.userId } as const;
  const isOperator = (await deps.desk.operatorQueues(actor)).length > 0;
  const author = request.messageAuthor;
  const customerSlackUserId =
    (isOperator || request.source) && author && author !== request.userId ? author : undefined;
  const metadata: NewTicketMetadata = {
    channelId: request.channelId,
    customerSlackUserId,
    source: request.source,
  };
  const view = await newTicketView(deps, {
    userId: request.userId,
    metadata,
    subject: request.subject,
    description: request.description,
  });
  await client.views.open({ trigger_id: request.triggerId, view });
}

/**
 * Redraws an open new-ticket form for the queue just chosen: that queue's fields, with everything typed so
 * far kept (fields the new queue also has included). The hash makes Slack refuse it if the form changed
 * meanwhile.
 */
export async function redrawNewTicketModal(
  deps: BotDeps,
  client: WebClient,
  userId: SlackUserId,
  view: ViewOutput,
): Promise<void> {
  const metadata = parseNewTicketMetadata(view.private_metadata);
  if (!metadata) return;
  const priority = Number(selectedValue(view, INPUTS.priority));
  const updated = await newTicketView(deps, {
    userId,
    metadata,
    queueKey: selectedValue(view, INPUTS.queue),
    subject: textValue(view, INPUTS.subject),
    description: textValue(view, INPUTS.description),
    priority: Number.isInteger(priority) ? priority : undefined,
    notifyVia: selectedValue(view, INPUTS.notifyVia),
    customerSlackUserId: selectedUser(view, INPUTS.customer),
    fieldValues: fieldValuesOf(view),
  });
  try {
    await client.views.update({ view_id: view.id, hash: view.hash, view: updated });
  } catch (error) {
    // The form changed meanwhile (another queue chosen): that change's redraw is the one to show.
    if (isHashConflict(error)) return;
    throw error;
  }
}

function isHashConflict(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === ErrorCode.PlatformError &&
    'data' in error &&
    (error.data as { error?: string }).error === 'hash_conflict'
  );
}
