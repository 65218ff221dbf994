/**
 * The identifiers the outside hands to the desk, branded so a Slack user id cannot be passed where a ticket
 * number is meant. Values read from the database carry the brand already (the schema types its columns);
 * text from outside (an action value, a form field, a command) becomes one only through these checks.
 */
import { NotFoundError } from './errors.js';

declare const brand: unique symbol;
type Branded<T, Name extends string> = T & { readonly [brand]: Name };

/** A ticket number as OTRS writes it: YYYYMMDD, the system id, the day's counter and a check digit. */
export type TicketNumber = Branded<string, 'TicketNumber'>;
/** A Slack user id (`U…`, or `W…` on Enterprise Grid). */
export type SlackUserId = Branded<string, 'SlackUserId'>;
/** A queue's key in sportello.yml (`helpdesk`, `helpdesk-rete`). */
export type QueueKey = Branded<string, 'QueueKey'>;

/** The grammar of keys in sportello.yml (queues, calendars). */
export const CONFIG_KEY_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
/** A Slack user id's shape: upper-case letters and digits after U (or W on Enterprise Grid). */
export const SLACK_USER_ID_PATTERN = /^[UW][A-Z0-9]{2,}$/;

/** The text as a ticket number when it has a ticket number's shape (whose it is, the desk checks). */
export function ticketNumberFrom(text: string): TicketNumber | undefined {
  return /^\d{14,40}$/.test(text) ? (text as TicketNumber) : undefined;
}

/** The text as a Slack user id when it has one's shape. */
export function slackUserIdFrom(text: string): SlackUserId | undefined {
  return SLACK_USER_ID_PATTERN.test(text) ? (text as SlackUserId) : undefined;
}

/** The text as a queue key when it has one's shape. */
export function queueKeyFrom(text: string): QueueKey | undefined {
  return CONFIG_KEY_PATTERN.test(text) ? (text as QueueKey) : undefined;
}

/** The text as a ticket number, or the refusal a person sees for a ticket that does not exist. */
export function ticketNumberOf(text: string): TicketNumber {
  const number = ticketNumberFrom(text);
  if (number === undefined) throw new NotFoundError('ticket', text);
  return number;
}

/** The text as a queue key, or the refusal a person sees for a queue that does not exist. */
export function queueKeyOf(text: string): QueueKey {
  const key = queueKeyFrom(text);
  if (key === undefined) throw new NotFoundError('queue', text);
  return key;
}

/** A Slack user id from Slack's own payload: anything else is a fault of ours, not a person's mistake. */
export function slackUserIdOf(text: string): SlackUserId {
  const id = slackUserIdFrom(text);
  if (id === undefined) throw new TypeError(`not a Slack user id: ${JSON.stringify(text)}`);
  return id;
}
