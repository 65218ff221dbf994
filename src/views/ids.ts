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
} as const;

/** The value of an "Accept sender" button, `<article number>:<ticket number>`, and its reading. */
export const acceptSenderValue = (articleNumber: number, ticketNumber: string) =>
  `${articleNumber}:${ticketNumber}`;
export function readAcceptSenderValue(value: string): { articleNumber: number; ticketNumber: string } | null {
  const match = /^(\d{1,9}):(\d{1,30})$/.exec(value);
  return match ? { articleNumber: Number(match[1]), ticketNumber: match[2] as string } : null;
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
} as const;

/**
 * The input of a queue's field in a form: block and action id `field_<key>` (keys are lower-case letters,
 * digits, "-" and "_", so the id is unique among the form's inputs).
 */
export const FIELD_INPUT_PREFIX = 'field_';
export const fieldInputId = (key: string) => `${FIELD_INPUT_PREFIX}${key}`;
