import type { WebClient } from '@slack/web-api';
import type { QueuePermission, SlackUserId, TicketNumber } from '../core/model.js';
import { articleData, historyData } from '../present/articles.js';
import { queueRef } from '../present/card-data.js';
import { responseText } from '../present/responses.js';
import { formatInTimeZone } from '../present/time-zone.js';
import { buildAssignModal } from '../views/modals/assign.js';
import { buildCloseModal } from '../views/modals/close.js';
import { buildEscalateModal } from '../views/modals/escalate.js';
import { buildFieldsModal } from '../views/modals/fields.js';
import { buildHistoryModal } from '../views/modals/history.js';
import { buildMergeModal } from '../views/modals/merge.js';
import { buildNoteModal } from '../views/modals/note.js';
import { buildPendingModal } from '../views/modals/pending.js';
import { buildPriorityModal } from '../views/modals/priority.js';
import { buildReplyModal } from '../views/modals/reply.js';
import { buildResponsibleModal } from '../views/modals/responsible.js';
import { buildSendBackModal } from '../views/modals/send-back.js';
import { buildTagsModal } from '../views/modals/tags.js';
import type { ModalView } from '../views/slack.js';
import type { BotDeps } from './deps.js';

export type TicketModalKind =
  | 'reply'
  | 'note'
  | 'escalate'
  | 'send_back'
  | 'assign'
  | 'responsible'
  | 'priority'
  | 'pending'
  | 'close'
  | 'merge'
  | 'tags'
  | 'fields'
  | 'history';

/** The right each form needs: checked before it opens and when it is submitted, and by the core as it runs. */
export const NEEDS: Record<TicketModalKind, QueuePermission> = {
  reply: 'rw',
  note: 'note',
  escalate: 'move',
  send_back: 'move',
  assign: 'owner',
  responsible: 'owner',
  priority: 'priority',
  pending: 'rw',
  close: 'close',
  merge: 'rw',
  tags: 'note',
  fields: 'rw',
  history: 'read',
};

export interface ModalRequest {
  kind: TicketModalKind;
  ticketNumber: TicketNumber;
  userId: SlackUserId;
  triggerId: string;
  /** The channel the button was pressed in, to confirm there. */
  channelId?: string;
  /** Prefills the reply (the "Send to customer" shortcut). */
  initialBody?: string;
  /** "Send to customer" on a message with files: the message (in `channelId`) and its files' names. */
  source?: { ts: string; fileNames: string[] };
}

/** Builds the form of `kind` for a ticket the user may act on; throws the core's refusal otherwise. */
export async function ticketModal(deps: BotDeps, request: ModalRequest): Promise<ModalView> {
  const { desk } = deps;
  const actor = { kind: 'slack', userId: request.userId } as const;
  const ticket = await desk.authorizeStaff(actor, request.ticketNumber, NEEDS[request.kind]);
  const locale = await deps.users.locale(request.userId);
  const base = {
    locale,
    ticketNumber: ticket.number,
    title: ticket.title,
    privateMetadata: {
      ticketNumber: ticket.number,
      channelId: request.channelId,
      ...(request.source ? { sourceTs: request.source.ts } : {}),
    },
  };
  switch (request.kind) {
    case 'reply':
      return buildReplyModal({
        ...base,
        initialBody: request.initialBody,
        attachedFiles: request.source?.fileNames,
        responses: await desk.responseChoices(actor, ticket.number),
      });
    case 'tags':
      return buildTagsModal({ ...base, ...(await desk.tagChoices(actor, ticket.number)) });
    case 'note':
      return buildNoteModal(base);
    case 'escalate':
      return buildEscalateModal({
        ...base,
        subQueues: (await desk.queueFamily(ticket.queueId)).children.map(queueRef),
      });
    case 'send_back': {
      const parent = (await desk.queueFamily(ticket.queueId)).parent;
      return buildSendBackModal({ ...base, parent: parent ? queueRef(parent) : { key: '', name: '' } });
    }
    case 'assign':
      return buildAssignModal({
        ...base,
        current: (await desk.getTicket(actor, ticket.number)).owner?.slackUserId,
      });
    case 'responsible':
      return buildResponsibleModal({
        ...base,
        current: (await desk.getTicket(actor, ticket.number)).responsible?.slackUserId,
      });
    case 'priority':
      return buildPriorityModal({ ...base, current: ticket.priority });
    case 'pending': {
      const tomorrow = new Date(desk.now().getTime() + 24 * 3_600_000);
      return buildPendingModal({
        ...base,
        initialDate: formatInTimeZone(tomorrow, deps.view.timeZone, 'yyyy-MM-dd'),
        initialTime: formatInTimeZone(tomorrow, deps.view.timeZone, 'HH:mm'),
      });
    }
    case 'close':
      return buildCloseModal(base);
    case 'merge':
      return buildMergeModal(base);
    case 'fields': {
      const { fields, values } = await desk.ticketFields(actor, ticket.number);
      return buildFieldsModal({ ...base, fields, values });
    }
    case 'history': {
      const details = await desk.getTicket(actor, ticket.number);
      return buildHistoryModal({
        ...base,
        timeZone: deps.view.timeZone,
        articles: details.articles.map((a) => articleData(details, a)),
        history: details.history.map(historyData),
      });
    }
  }
}

/**
 * The Reply form again, its text replaced by a canned response filled in for the ticket (in the customer's
 * language): what the form becomes when a response is picked from its menu.
 */
export async function replyModalWithResponse(
  deps: BotDeps,
  request: {
    userId: SlackUserId;
    ticketNumber: TicketNumber;
    channelId?: string | undefined;
    responseId: number;
  },
): Promise<ModalView> {
  const { desk } = deps;
  const actor = { kind: 'slack', userId: request.userId } as const;
  const ticket = await desk.authorizeStaff(actor, request.ticketNumber, NEEDS.reply);
  const { response, context } = await desk.responseForTicket(actor, ticket.number, request.responseId);
  const { text } = responseText(response, context, deps.view);
  return buildReplyModal({
    locale: await deps.users.locale(request.userId),
    ticketNumber: ticket.number,
    title: ticket.title,
    privateMetadata: { ticketNumber: ticket.number, channelId: request.channelId },
    initialBody: text,
    responses: await desk.responseChoices(actor, ticket.number),
    chosenResponseId: response.id,
  });
}

/** Opens the form, within the three seconds a trigger id lives. */
export async function openTicketModal(
  deps: BotDeps,
  client: WebClient,
  request: ModalRequest,
): Promise<void> {
  const view = await ticketModal(deps, request);
  await client.views.open({ trigger_id: request.triggerId, view });
}
