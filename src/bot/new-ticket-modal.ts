import type { WebClient } from '@slack/web-api';
import type { SlackUserId } from '../core/model.js';
import { queueRef } from '../present/card-data.js';
import { buildNewTicketModal } from '../views/modals/new-ticket.js';
import type { BotDeps } from './deps.js';
import type { NewTicketMetadata } from './metadata.js';

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

/** Opens the new-ticket form with the queues this person may open tickets in. */
export async function openNewTicketModal(
  deps: BotDeps,
  client: WebClient,
  request: NewTicketRequest,
): Promise<void> {
  const actor = { kind: 'slack', userId: request.userId } as const;
  const queues = (await deps.desk.queuesForNewTicket(actor)).map(queueRef);
  const isOperator = (await deps.desk.operatorQueues(actor)).length > 0;
  const author = request.messageAuthor;
  const customerSlackUserId =
    (isOperator || request.source) && author && author !== request.userId ? author : undefined;
  const metadata: NewTicketMetadata = {
    channelId: request.channelId,
    customerSlackUserId,
    source: request.source,
  };
  const view = buildNewTicketModal({
    locale: await deps.users.locale(request.userId),
    queues,
    subject: request.subject,
    description: request.description,
    customer: customerSlackUserId ? { slackUserId: customerSlackUserId } : undefined,
    isOperator,
    privateMetadata: metadata,
  });
  await client.views.open({ trigger_id: request.triggerId, view });
}
