import { type TicketNumber, ticketNumberFrom } from '../core/model.js';

/**
 * Every Slack callback, action and block id the app uses, declared once: the views put them in Block Kit,
 * the listeners register on them, and a test checks manifest.yml against them.
 */
export const COMMAND = '/ticket';

export const SHORTCUTS = {
  newTicket: 'sportello_new_ticket',
  ticketFromMessage: 'sportello_ticket_from_message',
  sendToCustomer: 'sportello_send_to_customer',
} as const;

/** Modal callback ids. */
export const VIEWS = {
  newTicket: 'sportello_new_ticket_modal',
  reply: 'sportello_reply_modal',
  note: 'sportello_note_modal',
  escalate: 'sportello_escalate_modal',
  sendBack: 'sportello_send_back_modal',
  assign: 'sportello_assign_modal',
  responsible: 'sportello_responsible_modal',
  priority: 'sportello_priority_modal',
  pending: 'sportello_pending_modal',
  close: 'sportello_close_modal',
  merge: 'sportello_merge_modal',
  history: 'sportello_history_modal',
  /** An operator sets the ticket's fields. */
  fields: 'sportello_fields_modal',
  /** The customer's optional comment on their rating. */
  ratingComment: 'sportello_rating_comment_modal',
  /** A ticket's tags, from the card's "More" menu. */
  tags: 'sportello_tags_modal',
} as const;

/** Buttons and menus; their `value` is always the ticket number, re-checked against the database. */
export const ACTIONS = {
  claim: 'ticket_claim',
  release: 'ticket_release',
  reply: 'ticket_reply',
  note: 'ticket_note',
  escalate: 'ticket_escalate',
  close: 'ticket_close',
  /** The card's menu of less frequent actions; each option's value is `<action>:<ticket number>`. */
  more: 'ticket_more',
  /** App Home's "New ticket" button. */
  homeNewTicket: 'home_new_ticket',
  /** App Home's toggle: away (automatic assignment passes them over) or back. */
  homeAway: 'home_away',
  homeBack: 'home_back',
  /** Customer's DM "It's solved" button. */
  customerSolved: 'customer_solved',
  /** Opens a ticket's card from a list (App Home, search results). */
  openTicket: 'ticket_open',
  /**
   * The customer's rating buttons after closing: `ticket_rate_<1..5>` (`RATE_ACTION`), each with the value
   * `<rating>:<ticket number>`.
   */
  rate: 'ticket_rate',
  /** "Add a comment" after rating; its value is the ticket number. */
  rateComment: 'ticket_rate_comment',
  /**
   * "Accept sender" under a mail kept as not from the customer (`acceptSenderValue`): its sender becomes a
   * participant of the ticket.
   */
  acceptSender: 'ticket_accept_sender',
  /** App Home's "Still a problem" on a recently closed request; its value is the ticket number. */
  stillAProblem: 'ticket_still_a_problem',
  /** The Reply form's canned response menu: its value is a response id, re-checked by the core. */
  replyResponse: 'reply_response',
  /** "Delete" beside a personal response in `/ticket responses`: its value is the response id. */
  deleteResponse: 'response_delete',
  /**
   * "Which queue?" under a request sent by DM or a mention: `intake_queue_<n>` (`INTAKE_QUEUE_ACTION`), one per
   * queue, each with the value `intakeQueueValue(…)`: the queue and the message, re-read from Slack.
   */
  intakeQueue: 'intake_queue',
  /** "Open a ticket" after the ticket emoji in a channel of no queue; its value is `intakeMessageValue(…)`. */
  intakeForm: 'intake_form',
} as const;

export const INTAKE_QUEUE_ACTION = /^intake_queue_\d+$/;
export const intakeQueueActionId = (index: number) => `${ACTIONS.intakeQueue}_${index}`;

/** Where a request message is: `<channel>|<ts>`; never trusted, the message is read again from Slack. */
export const intakeMessageValue = (channelId: string, ts: string) => `${channelId}|${ts}`;
export function readIntakeMessageValue(value: string): { channelId: string; ts: string } | null {
  const match = /^([CDG][A-Z0-9]{2,30})\|(\d{1,12}\.\d{1,8})$/.exec(value);
  return match ? { channelId: match[1] as string, ts: match[2] as string } : null;
}

/** A queue choice for a request message: `<queue key>|<channel>|<ts>`. */
export const intakeQueueValue = (queueKey: string, channelId: string, ts: string) =>
  `${queueKey}|${intakeMessageValue(channelId, ts)}`;
export function readIntakeQueueValue(
  value: string,
): { queueKey: string; channelId: string; ts: string } | null {
  const bar = value.indexOf('|');
  const message = bar > 0 ? readIntakeMessageValue(value.slice(bar + 1)) : null;
  return message ? { queueKey: value.slice(0, bar), ...message } : null;
}

/** The value of an "Accept sender" button, `<article number>:<ticket number>`, and its reading. */
export const acceptSenderValue = (articleNumber: number, ticketNumber: string) =>
  `${articleNumber}:${ticketNumber}`;
export function readAcceptSenderValue(
  value: string,
): { articleNumber: number; ticketNumber: TicketNumber } | null {
  const match = /^(\d{1,9}):(\d{1,30})$/.exec(value);
  const ticketNumber = ticketNumberFrom(match?.[2] ?? '');
  return match && ticketNumber ? { articleNumber: Number(match[1]), ticketNumber } : null;
}

/** The action id of the rating button for `rating`, and the pattern the listener registers on. */
export const rateActionId = (rating: number) => `${ACTIONS.rate}_${rating}`;
export const RATE_ACTION = /^ticket_rate_[1-5]$/;

/** The options of the card's "More" menu. */
export const MORE_ACTIONS = [
  'assign',
  'responsible',
  'priority',
  'pending',
  'send_back',
  'merge',
  'watch',
  'fields',
  'history',
  'reopen',
  'tags',
] as const;
export type MoreAction = (typeof MORE_ACTIONS)[number];

/** Input block ids (and their single element's action id) in modals. */
export const INPUTS = {
  queue: 'queue',
  subject: 'subject',
  description: 'description',
  priority: 'priority',
  notifyVia: 'notify_via',
  customer: 'customer',
  body: 'body',
  subQueue: 'sub_queue',
  reason: 'reason',
  user: 'user',
  pendingState: 'pending_state',
  pendingDate: 'pending_date',
  pendingTime: 'pending_time',
  closeState: 'close_state',
  message: 'message',
  targetTicket: 'target_ticket',
  /** Merge: the operator confirms merging tickets of different customers. */
  acrossCustomers: 'across_customers',
  ratingComment: 'rating_comment',
  /** A form's files (`file_input`): the new-ticket form's and the reply's. */
  files: 'files',
  /** Reply: keep the reply as a personal response, under a title. */
  saveResponse: 'save_response',
  responseTitle: 'response_title',
  /** Tags: the ticket's tags (and suggestions), and new ones typed in. */
  tags: 'tags',
  newTags: 'new_tags',
} as const;

/**
 * The Reply form's body input: its block id changes with the response that filled it (`body`, `body.<id>`),
 * as Slack keeps what was typed in an input whose block id stays the same; the action id is always `body`.
 */
export const replyBodyBlockId = (responseId: number | undefined) =>
  responseId === undefined ? INPUTS.body : `${INPUTS.body}.${responseId}`;

/**
 * The input of a queue's field in a form: block and action id `field_<key>` (keys are lower-case letters,
 * digits, "-" and "_", so the id is unique among the form's inputs).
 */
export const FIELD_INPUT_PREFIX = 'field_';
export const fieldInputId = (key: string) => `${FIELD_INPUT_PREFIX}${key}`;
