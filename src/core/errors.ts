import { STATE_NAMES, type TicketState } from './states.js';

/** A queue as a refusal names it: the key for code, the name for people. */
export interface QueueRef {
  key: string;
  name: string;
}

/** Just the key and the name of a queue row, so a refusal never carries the whole row. */
export function queueRef(queue: QueueRef): QueueRef {
  return { key: queue.key, name: queue.name };
}

/** What could not be found. */
export type MissingThing = 'ticket' | 'queue' | 'operator' | 'article' | 'customer' | 'response';

/** What someone was not allowed to do; each has its words in the catalogue (`refusal.action.*`). */
export type DeniedAction =
  | 'read'
  | 'create'
  | 'note'
  | 'owner'
  | 'move'
  | 'priority'
  | 'close'
  | 'rw'
  | 'stats'
  | 'open_for_someone_else'
  | 'write_as_customer'
  | 'write_as_desk'
  | 'write_as_outsider'
  | 'write_for_customer'
  | 'rate'
  | 'see_others_tickets'
  | 'search'
  | 'add_blind_watcher'
  | 'give_to_non_operator'
  | 'make_blind_responsible';

/** Where the permission was missing. */
export type DeniedWhere = { queue: QueueRef } | { ticketNumber: string } | { desk: true };

/** The form fields and inputs a ValidationError can name (the bot maps them to its own input ids). */
export type InputField =
  | 'title'
  | 'body'
  | 'priority'
  | 'customer'
  | 'customer_email'
  | 'pending_until'
  | 'pending_state'
  | 'pending_time'
  | 'comment'
  | 'rating'
  | 'page'
  | 'page_size'
  | 'limit'
  | 'query'
  | 'period'
  | 'user'
  | 'close_state'
  | 'sub_queue'
  | 'target_ticket'
  | 'queue'
  | 'notify_via'
  | 'action'
  | 'response'
  | 'response_title'
  | 'tags'
  | 'form';

/** Why an input was refused; each has its own sentence in the catalogue (`refusal.invalid_input.*`). */
export type InvalidReason =
  | 'empty'
  | 'too_long'
  | 'too_many_days'
  | 'below_one'
  | 'not_chosen'
  | 'out_of_range'
  | 'not_an_email'
  | 'not_a_ticket_number'
  | 'no_customer'
  | 'desk_as_customer'
  | 'bot_as_customer'
  | 'no_email_known'
  | 'in_the_past'
  | 'ends_before_start'
  | 'no_words'
  | 'unknown'
  | 'form_expired';

/** Why a value of a queue's field was refused; each has its sentence (`refusal.invalid_field.*`). */
export type FieldProblemReason =
  | 'required'
  | 'too_long'
  | 'not_a_number'
  | 'not_a_date'
  | 'not_an_option'
  | 'not_a_user'
  | 'one_value'
  | 'internal'
  | 'unknown';

/** One refused field: its key (the form's block), its label in both languages, and why. */
export interface FieldProblem {
  key: string;
  label: { it: string; en: string };
  reason: FieldProblemReason;
  limit?: number;
}

/** The parameters of each refusal: structured, so the views put them in the reader's words. */
export interface RefusalParams {
  not_found: { what: MissingThing; key: string };
  permission_denied: { action: DeniedAction; where: DeniedWhere; person?: string };
  already_claimed: { ticketNumber: string; owner: { name: string; slackUserId: string | null } };
  invalid_transition: { ticketNumber: string; from: TicketState; to: TicketState };
  ticket_not_working: { ticketNumber: string; state: TicketState };
  /** `limit` for a bound (characters, days, the highest value), `value` for what was typed. */
  invalid_input: { field: InputField; reason: InvalidReason; limit?: number; value?: string };
  queue_inactive: { queue: QueueRef };
  not_a_sub_queue: { queue: QueueRef; parent: QueueRef };
  first_level_queue: { queue: QueueRef };
  /** The closed ticket's queue takes nothing back once closed (follow-up option `reject`). */
  follow_up_refused: { ticketNumber: string; queue: QueueRef };
  not_claimed: { ticketNumber: string };
  merge_into_itself: Record<string, never>;
  merge_into_merged: { ticketNumber: string };
  merge_across_customers: { source: string; target: string; sourceCustomer: string; targetCustomer: string };
  not_an_external_sender: { ticketNumber: string; articleNumber: number };
  not_an_operator: Record<string, never>;
  already_rated: { ticketNumber: string; rating: number };
  not_rateable: { ticketNumber: string };
  already_commented: { ticketNumber: string };
  not_a_ticket_thread: Record<string, never>;
  invalid_period: { period: string };
  /** `/ticket away <until>`: words that are not a time still to come. */
  invalid_away_until: Record<string, never>;
  /** Values of a queue's fields the desk cannot take, each on its field (`problems` is never empty). */
  invalid_field: { problems: FieldProblem[] };
  /** Mail-in refusals: kept with the refused mail, not shown in Slack. */
  sender_not_authenticated: Record<string, never>;
  mail_over_cap: Record<string, never>;
  mail_no_queue: Record<string, never>;
  mail_unusable: Record<string, never>;
  /** Not thrown: what a person is told when something other than a refusal went wrong. */
  internal_error: Record<string, never>;
}

export type RefusalCode = keyof RefusalParams;

/** A refusal as one value the views can switch on: `code` decides the type of `params`. */
export type Refusal = { [C in RefusalCode]: { code: C; params: RefusalParams[C] } }[RefusalCode];

/** Every code, for checks that walk them all (each needs its sentence in every language). */
export const REFUSAL_CODES = Object.keys({
  not_found: true,
  permission_denied: true,
  already_claimed: true,
  invalid_transition: true,
  ticket_not_working: true,
  invalid_input: true,
  queue_inactive: true,
  not_a_sub_queue: true,
  first_level_queue: true,
  follow_up_refused: true,
  not_claimed: true,
  merge_into_itself: true,
  merge_into_merged: true,
  merge_across_customers: true,
  not_an_external_sender: true,
  not_an_operator: true,
  already_rated: true,
  not_rateable: true,
  already_commented: true,
  not_a_ticket_thread: true,
  invalid_period: true,
  invalid_away_until: true,
  invalid_field: true,
  sender_not_authenticated: true,
  mail_over_cap: true,
  mail_no_queue: true,
  mail_unusable: true,
  internal_error: true,
} satisfies Record<RefusalCode, true>) as RefusalCode[];

/** What a person is told about a failure: a refusal as it is, anything else as an internal error. */
export function refusalOf(error: unknown): Refusal {
  return error instanceof HelpDeskError ? error.refusal : { code: 'internal_error', params: {} };
}

/** Codes without parameters may leave them out. */
type ParamsArgument<C extends RefusalCode> =
  Record<string, never> extends RefusalParams[C] ? [params?: RefusalParams[C]] : [params: RefusalParams[C]];

/**
 * Every refusal of the core is a HelpDeskError: `code` and `params` are what a person is told (the views
 * find the sentence in their language); `message` is English for developers and logs, never shown.
 */
export class HelpDeskError<C extends RefusalCode = RefusalCode> extends Error {
  readonly params: RefusalParams[C];

  constructor(
    readonly code: C,
    message: string,
    ...[params]: ParamsArgument<C>
  ) {
    super(message);
    this.name = new.target.name;
    this.params = params ?? ({} as RefusalParams[C]);
  }

  /** Code and params together, narrowed as one (TypeScript cannot correlate the two fields by itself). */
  get refusal(): Refusal {
    return { code: this.code, params: this.params } as Refusal;
  }
}

const MISSING_WORDS: Record<MissingThing, string> = {
  ticket: 'Ticket#',
  queue: 'Queue ',
  operator: 'Operator ',
  article: 'Article ',
  customer: 'Customer ',
  response: 'Response ',
};

export class NotFoundError extends HelpDeskError<'not_found'> {
  constructor(what: MissingThing, key: string | number) {
    super('not_found', `${MISSING_WORDS[what]}${key} does not exist.`, { what, key: String(key) });
  }
}

/** English words of each action, for the developer message. */
const ACTION_WORDS: Record<DeniedAction, string> = {
  read: 'see tickets',
  create: 'open tickets',
  note: 'add notes',
  owner: 'take or assign tickets',
  move: 'move tickets',
  priority: 'change the priority',
  close: 'close tickets',
  rw: 'work tickets',
  stats: 'see statistics',
  open_for_someone_else: 'open tickets for someone else',
  write_as_customer: 'write as the customer',
  write_as_desk: 'write as the desk itself',
  write_as_outsider: 'write as someone outside the ticket',
  write_for_customer: 'write on behalf of the customer',
  rate: 'rate the service',
  see_others_tickets: "see other people's tickets",
  search: 'search tickets',
  add_blind_watcher: 'add {person}, who cannot see this ticket, as a watcher',
  give_to_non_operator: 'give tickets to {person}, who cannot take tickets',
  make_blind_responsible: 'make {person} responsible, who cannot see this queue',
};

function whereWords(where: DeniedWhere): string {
  if ('queue' in where) return `queue ${where.queue.name}`;
  if ('ticketNumber' in where) return `Ticket#${where.ticketNumber}`;
  return 'this desk';
}

export class PermissionDeniedError extends HelpDeskError<'permission_denied'> {
  constructor(action: DeniedAction, where: DeniedWhere, person?: string) {
    const words = ACTION_WORDS[action].replace('{person}', person ?? '');
    super('permission_denied', `You are not allowed to ${words} in ${whereWords(where)}.`, {
      action,
      where,
      ...(person === undefined ? {} : { person }),
    });
  }
}

export class AlreadyClaimedError extends HelpDeskError<'already_claimed'> {
  constructor(ticketNumber: string, owner: { name: string; slackUserId: string | null }) {
    super('already_claimed', `Ticket#${ticketNumber} is already claimed by ${owner.name}.`, {
      ticketNumber,
      owner,
    });
  }
}

export class InvalidTransitionError extends HelpDeskError<'invalid_transition'> {
  constructor(ticketNumber: string, from: TicketState, to: TicketState) {
    const [fromName, toName] = [STATE_NAMES[from], STATE_NAMES[to]];
    super('invalid_transition', `Ticket#${ticketNumber} is ${fromName}: it cannot become ${toName}.`, {
      ticketNumber,
      from,
      to,
    });
  }
}

/** An input the desk cannot take: which field, and why (a reason code; the sentence is in the catalogue). */
export class ValidationError extends HelpDeskError<'invalid_input'> {
  constructor(
    readonly field: InputField,
    reason: InvalidReason,
    message: string,
    details: { limit?: number; value?: string } = {},
  ) {
    super('invalid_input', message, { field, reason, ...details });
  }
}

/** The ticket is closed or merged: what was asked only applies to a ticket still being worked. */
export class TicketNotWorkingError extends HelpDeskError<'ticket_not_working'> {
  constructor(ticketNumber: string, state: TicketState) {
    super('ticket_not_working', `Ticket#${ticketNumber} is ${STATE_NAMES[state]}.`, { ticketNumber, state });
  }
}

/** Values for a queue's fields were refused: every problem, so a form can show each on its field. */
export class FieldValuesError extends HelpDeskError<'invalid_field'> {
  constructor(readonly problems: FieldProblem[]) {
    super('invalid_field', problems.map((problem) => `${problem.key}: ${problem.reason}`).join('; '), {
      problems,
    });
  }
}
