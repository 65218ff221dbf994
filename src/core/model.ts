/**
 * The domain's vocabulary and row types as the outer layers may name them: with `core/help-desk` (the
 * operations) and `core/errors` (the refusals), the core's whole front door.
 */

export type {
  AttachmentRefusal,
  FollowUpOption,
  MailAuthVerdict,
  NotifyVia,
  OutboxLane,
  QueuePermission,
} from '../db/schema.js';
export { NOTIFY_VIA } from '../db/schema.js';
export { type Actor, SYSTEM_ACTOR } from './actor.js';
export type { KeptFile } from './attachments.js';
export {
  type QueueKey,
  queueKeyFrom,
  queueKeyOf,
  type SlackUserId,
  slackUserIdFrom,
  slackUserIdOf,
  type TicketNumber,
  ticketNumberFrom,
  ticketNumberOf,
} from './brands.js';
export { type Clock, systemClock } from './clock.js';
export type { DeliveryFailure, DeliveryRecord, OutboxRow } from './deliveries.js';
export type {
  FieldDefinition,
  FieldLabel,
  FieldOption,
  FieldType,
  FieldValues,
} from './fields/definition.js';
export { FIELD_MULTILINE_MAX, FIELD_TEXT_MAX } from './fields/definition.js';
export type { TicketFields } from './fields/edit.js';
export { missingFields } from './fields/values.js';
export type { InboundMail, InboundResult, MailInPolicy } from './mail-in/inbound-mail.js';
export { noticeMessageId } from './message-ids.js';
export type { AgentEvent, CustomerEvent, OutboxMessage } from './outbox.js';
export type { QueueRow, TicketRow } from './permissions.js';
export { DEFAULT_PRIORITY, PRIORITIES, type Priority } from './priorities.js';
export type { DeliveryTicket } from './queries/delivery-ticket.js';
export type { Statistics } from './queries/statistics.js';
export type { ArticleView, HistoryRow, TicketDetails, TicketHead } from './queries/ticket-details.js';
export type { ExportRow } from './queries/ticket-export.js';
export type { SyncReport } from './queue-sync.js';
export {
  RESPONSE_TITLE_MAX,
  type ResponseChoice,
  type ResponseContext,
  type ResponseRow,
} from './responses/responses.js';
export { fillVariables, RESPONSE_VARIABLES, type ResponseVariable } from './responses/variables.js';
export { DELIVERY_EVENT, type SlackPostRow } from './slack-posts.js';
export {
  CLOSED_STATES,
  type ClosedState,
  isClosed,
  isPending,
  isWorking,
  PENDING_STATES,
  type PendingState,
  TICKET_STATES,
  type TicketState,
} from './states.js';
export { MAX_TICKET_TAGS, normalizeTag, TAG_MAX_CHARS, tagsIn } from './tags.js';
export { findTicketNumbers, isValidTicketNumber } from './ticket-number.js';
export {
  type ArticleInput,
  type ArticleRow,
  type AttachmentInput,
  MAX_ARTICLE_BODY,
} from './tickets/article-store.js';
export { safeFilename, screenAttachment } from './tickets/attachment-policy.js';
export type { MessageIntakeOutcome } from './tickets/message-intake.js';
export { MAX_TITLE_LENGTH } from './tickets/open-ticket.js';
export { collapseBlanks, isWhitespace } from './whitespace.js';
