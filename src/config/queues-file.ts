/**
 * The queues configuration file (`sportello.yml`): queues and their levels, operators, permissions,
 * follow-up policy, SLAs and business-hours calendars.
 *
 * Reading happens in three steps so that every error can name the file and the field as the admin wrote it:
 * 1. YAML syntax (errors carry line and column),
 * 2. shape and values with zod (snake_case, as in the file),
 * 3. cross references between entries (parents, calendars, declared users, duplicates, cycles).
 * Only then is the result mapped to the camelCase `QueuesConfig` the rest of the code uses.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import {
  CONFIG_KEY_PATTERN,
  type QueueKey,
  queueKeyOf,
  SLACK_USER_ID_PATTERN,
  type SlackUserId,
  slackUserIdOf,
} from '../core/brands.js';
import {
  type CalendarDefinition,
  formatTimeRange,
  holidayDateProblem,
  parseWeeklyHours,
  timeZoneProblem,
  WEEKDAYS,
  type Weekday,
} from '../core/calendar/index.js';

/** What is stored in `calendars.definition` is the calendar module's to say. */
export type { CalendarDefinition } from '../core/calendar/index.js';

import {
  FIELD_TYPES,
  type FieldDefinition,
  type FieldLabel,
  MAX_FIELD_OPTIONS,
  MAX_OPTION_VALUE,
  MAX_QUEUE_FIELDS,
  MAX_QUEUE_OPTIONS,
} from '../core/fields/definition.js';
import { RESPONSE_VARIABLES, unknownVariables } from '../core/responses/variables.js';
import { normalizeTag } from '../core/tags.js';
import {
  ASSIGN_MODES,
  type AssignMode,
  FOLLOW_UP_OPTIONS,
  type FollowUpOption,
  QUEUE_PERMISSIONS,
  type QueuePermission,
  TICKET_STATES,
  type TicketState,
} from '../db/schema.js';
import { LOCALES, type Locale } from '../i18n/index.js';

/** The environment variable that points at the configuration file. */
const CONFIG_ENV_VAR = 'SPORTELLO_CONFIG';

export interface AgentConfig {
  slackUserId: SlackUserId;
  name: string;
  email?: string;
  language?: Locale;
  /** A DM for every new ticket in the operator's queues, besides the card in the channel. */
  dmNewTickets?: boolean;
}

export interface CalendarConfig extends CalendarDefinition {
  key: string;
  name: string;
  timeZone: string;
}

export interface QueueSlaConfig {
  firstResponseMinutes?: number;
  updateMinutes?: number;
  solutionMinutes?: number;
  /** Warn when this share of an SLA time has elapsed. */
  notifyBeforePercent: number;
  /** SLA clocks stop while a ticket is pending (waiting on the customer); absent: they keep running. */
  pauseWhenPending?: boolean;
}

/** A canned response a queue offers its operators in the Reply form. */
export interface ResponseConfig {
  key: string;
  title: string;
  /** The text in Italian and/or English (at least one), with `{variables}`. */
  text: { it?: string; en?: string };
  /** The state the ticket takes once the response is sent, and for a pending state after how many days. */
  nextState?: { state: TicketState; pendingDays?: number };
}

export interface QueueConfig {
  key: QueueKey;
  name: string;
  /** Key of the parent queue; null for a first-level queue. */
  parent: QueueKey | null;
  /** Already resolved: true only for a first-level queue not marked `customer_visible: false`. */
  customerVisible: boolean;
  channel: string | null;
  email: string | null;
  /** Slack user ids with the 'rw' permission. */
  operators: SlackUserId[];
  /** Finer grants: Slack user id → permissions. */
  permissions: Record<string, QueuePermission[]>;
  followUp: FollowUpOption;
  reopenWindowDays: number | null;
  unlockMinutes: number;
  /** After closing, the customer is asked to rate the service (`satisfaction:`, default true). */
  askSatisfaction: boolean;
  /** Key of a declared calendar. */
  calendar: string | null;
  sla: QueueSlaConfig;
  /** Canned responses offered in the Reply form of the queue's tickets. */
  responses: ResponseConfig[];
  /** Tags suggested for the queue's tickets, normalised. */
  tags: string[];
  /** Request channels: every top-level message there becomes a ticket of this queue. */
  intakeChannels: string[];
  /** How new and escalated tickets get an owner (`assign:`, default manual: claimed by hand). */
  assign: AssignMode;
  /** Automatic assignment also passes over operators Slack reports away (`skip_slack_away:`). */
  skipSlackAway: boolean;
  /** What the queue asks of its tickets beyond subject and request (`fields:`), in the file's order. */
  fields: FieldDefinition[];
}

/** Tickets opened from Slack messages: the emoji, the request channels' pleasantries and grouping. */
export interface IntakeConfig {
  /** The reaction that opens a ticket from a message (its Slack name, without colons). */
  emoji: string;
  /** A person's messages in a request channel this close to their ticket join it as follow-ups. */
  groupingWindowSeconds: number;
  /** Per language, the closing words that open no ticket ("grazie", "ok thanks"), lower case. */
  pleasantries: Record<Locale, string[]>;
}

/** Closing words of each language, when the file lists none for it. */
export const DEFAULT_PLEASANTRIES: Record<Locale, string[]> = {
  it: [
    'grazie',
    'grazie mille',
    'grazie ancora',
    'grazie a te',
    'grazie a voi',
    'ok',
    'okay',
    'va bene',
    'perfetto',
    'ottimo',
    'benissimo',
    'gentilissimi',
    'gentilissima',
    'gentilissimo',
    'ricevuto',
    'risolto',
    'tutto a posto',
    'ciao',
    'buona giornata',
    'buona serata',
    'a presto',
    'sì',
    'si',
  ],
  en: [
    'thanks',
    'thank you',
    'thanks a lot',
    'thank you so much',
    'many thanks',
    'thx',
    'ty',
    'ok',
    'okay',
    'great',
    'perfect',
    'got it',
    'cool',
    'solved',
    'all good',
    'cheers',
    'bye',
    'have a nice day',
    'yes',
  ],
};

/** A mailbox whose mail becomes tickets (read over IMAP). */
export interface MailboxConfig {
  host: string;
  port: number;
  /** IMAPS (TLS from the start); otherwise STARTTLS, required unless the host is loopback or… */
  secure: boolean;
  /** …this says a login in plaintext is acceptable (set only when true). */
  allowPlaintext?: boolean;
  user: string;
  /** Written in the file (discouraged), or… */
  password?: string;
  /** …the name of the environment variable that holds it, read at start. */
  passwordEnv?: string;
  /** The folder read, INBOX by default. */
  mailbox: string;
  /** The queue a mail opens a ticket in when none of its recipients is a queue address. */
  queue: QueueKey;
  /** Where taken mail is moved; null: it stays, marked \Seen. */
  processedFolder: string | null;
}

export interface QueuesConfig {
  systemId: string;
  timeZone: string;
  defaultLanguage: Locale;
  admins: SlackUserId[];
  /** Where the desk tells its admins what went wrong (a delivery given up). */
  adminChannel: string | null;
  agents: AgentConfig[];
  calendars: CalendarConfig[];
  queues: QueueConfig[];
  /** IMAP mailboxes read for mail in; empty when not configured. */
  mailboxes: MailboxConfig[];
  /** Whose word on a mail's sender the desk takes (`mail_authentication:`). */
  mailAuthentication: { trustedAuthservIds: string[] };
  /** Tickets opened from Slack messages (`intake:`). */
  intake: IntakeConfig;
}

/** The configuration file is missing or wrong; the message has one line per problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly fileName: string,
    readonly problems: string[],
  ) {
    super(problems.join('\n'));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Step 2: shape and values (snake_case, exactly as written in the file)
// ---------------------------------------------------------------------------------------------------------

// Channel ids start with C (or G for old private channels).
const SLACK_CHANNEL_PATTERN = /^[CG][A-Z0-9]{2,}$/;

const quoted = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** A check that reports the problem the calendar's own parser finds in a value (its grammar lives there). */
const problemOf =
  (find: (value: string) => string | null) =>
  (value: string, ctx: z.RefinementCtx): void => {
    const problem = find(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  };

const key = (what: string) =>
  z
    .string()
    .regex(
      CONFIG_KEY_PATTERN,
      `${what} key must be lower-case letters, digits, "-" or "_", starting with a letter or digit`,
    );

const slackUserId = z
  .string()
  .regex(
    SLACK_USER_ID_PATTERN,
    'not a Slack user id (upper-case letters and digits starting with U, e.g. U0123ABCD)',
  )
  .transform(slackUserIdOf);

const slackChannelId = z
  .string()
  .regex(
    SLACK_CHANNEL_PATTERN,
    'not a Slack channel id (upper-case letters and digits starting with C, e.g. C0123ABCD)',
  );

const timeZone = z.string().superRefine(problemOf(timeZoneProblem));

const positiveMinutes = z.int().positive('must be a positive whole number of minutes');

const language = z.enum(LOCALES, {
  error: (iss) => `must be one of ${LOCALES.join(', ')} (got ${quoted(iss.input)})`,
});

const dayHours = z.array(z.string());

const hoursSchema = z
  .strictObject({
    mon: dayHours.optional(),
    tue: dayHours.optional(),
    wed: dayHours.optional(),
    thu: dayHours.optional(),
    fri: dayHours.optional(),
    sat: dayHours.optional(),
    sun: dayHours.optional(),
  })
  // A calendar without any working time would make every SLA deadline unreachable.
  .refine((hours) => WEEKDAYS.some((day) => (hours[day]?.length ?? 0) > 0), {
    error: 'at least one day needs working hours',
  })
  // The ranges' grammar is the calendar's own: parsed there, each problem reported here at its range.
  .transform((hours, ctx) => {
    const { ranges, problems } = parseWeeklyHours(hours);
    for (const { path, message } of problems) ctx.addIssue({ code: 'custom', path, message });
    return ranges;
  });

const calendarSchema = z.strictObject({
  key: key('calendar'),
  name: z.string().min(1, 'must not be empty'),
  time_zone: timeZone.optional(),
  hours: hoursSchema,
  holidays: z
    .strictObject({
      italian_national: z.boolean().default(false),
      dates: z.array(z.string().superRefine(problemOf(holidayDateProblem))).default([]),
    })
    .default({ italian_national: false, dates: [] }),
});

const agentSchema = z.strictObject({
  slack_user_id: slackUserId,
  name: z.string().min(1, 'must not be empty'),
  email: z.email('not a valid email address').optional(),
  language: language.optional(),
  dm_new_tickets: z.boolean().optional(),
});

const permissionName = z.enum(QUEUE_PERMISSIONS, {
  error: (iss) => `unknown permission ${quoted(iss.input)} (allowed: ${QUEUE_PERMISSIONS.join(', ')})`,
});

const slaSchema = z.strictObject({
  first_response_minutes: positiveMinutes.optional(),
  update_minutes: positiveMinutes.optional(),
  solution_minutes: positiveMinutes.optional(),
  notify_before_percent: z
    .int()
    .min(1, 'must be between 1 and 99')
    .max(99, 'must be between 1 and 99')
    .default(80),
  pause_when_pending: z.boolean().default(false),
});

/** States a response may leave the ticket in (not `new`, nor `merged`). */
const RESPONSE_STATES = TICKET_STATES.filter((state) => state !== 'new' && state !== 'merged');

const responseText = z
  .string()
  .min(1, 'must not be empty')
  .max(3000, 'must be at most 3000 characters (a Slack text input holds no more)')
  .superRefine((text, ctx) => {
    for (const name of unknownVariables(text)) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown variable {${name}} (known: ${RESPONSE_VARIABLES.map((v) => `{${v}}`).join(', ')})`,
      });
    }
  });

const responseSchema = z
  .strictObject({
    key: key('response'),
    title: z.string().min(1, 'must not be empty').max(75, 'must be at most 75 characters'),
    text: z
      .strictObject({ it: responseText.optional(), en: responseText.optional() })
      .refine((text) => text.it !== undefined || text.en !== undefined, {
        error: 'give the text in at least one language (it, en)',
      }),
    new_state: z
      .enum(RESPONSE_STATES, {
        error: (iss) => `must be one of ${RESPONSE_STATES.join(', ')} (got ${quoted(iss.input)})`,
      })
      .optional(),
    pending_days: z.int().min(1, 'must be a whole number of days, 1 or more').max(365).optional(),
  })
  .superRefine((response, ctx) => {
    const pending = response.new_state?.startsWith('pending_') ?? false;
    if (pending && response.pending_days === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['pending_days'],
        message: `is required with new_state: ${response.new_state} (how many days the ticket waits)`,
      });
    }
    if (!pending && response.pending_days !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['pending_days'],
        message: 'only allowed with a pending new_state',
      });
    }
  });

/** Field keys `/ticket search` reads as its own filters, not as fields. */
const RESERVED_FIELD_KEYS = ['tag'];
/** Labels show on the card and as form labels; options' text and value are Slack's select limits. */
const FIELD_LABEL_MAX = 80;
const OPTION_LABEL_MAX = 75;

const labelText = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** `label: Edificio` (both languages) or `label: { it: Edificio, en: Building }`. */
const fieldLabel = (max: number) =>
  z.union([labelText(max), z.strictObject({ it: labelText(max), en: labelText(max) })], {
    error: 'expected a text, or a mapping with it: and en:',
  });

const fieldOption = z.union(
  [
    labelText(MAX_OPTION_VALUE),
    z.strictObject({ value: labelText(MAX_OPTION_VALUE), label: fieldLabel(OPTION_LABEL_MAX) }),
  ],
  { error: 'expected a text, or a mapping with value: and label:' },
);

const fieldSchema = z
  .strictObject({
    key: key('field').refine((value) => !RESERVED_FIELD_KEYS.includes(value), {
      error: `is reserved for search (${RESERVED_FIELD_KEYS.join(', ')}); choose another key`,
    }),
    label: fieldLabel(FIELD_LABEL_MAX),
    type: z.enum(FIELD_TYPES, {
      error: (iss) => `must be one of ${FIELD_TYPES.join(', ')} (got ${quoted(iss.input)})`,
    }),
    required: z.boolean().default(false),
    internal: z.boolean().default(false),
    options: z
      .array(fieldOption)
      .min(1, 'list at least one option')
      .max(MAX_FIELD_OPTIONS, `at most ${MAX_FIELD_OPTIONS} options (a Slack menu holds no more)`)
      .optional(),
  })
  .superRefine((field, ctx) => {
    const choice = field.type === 'select' || field.type === 'multi_select';
    if (choice && field.options === undefined) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.type} field needs options` });
    }
    if (!choice && field.options !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `only select and multi_select fields have options (this one is ${field.type})`,
      });
    }
  });

const tagSchema = z.string().superRefine((tag, ctx) => {
  const normal = normalizeTag(tag);
  if (normal !== tag) {
    ctx.addIssue({
      code: 'custom',
      message:
        normal === null
          ? 'not a tag (letters, digits, "-", "_" or ".")'
          : `write it as ${quoted(normal)} (lower case, words joined by "-", at most 40 characters)`,
    });
  }
});

const queueSchema = z
  .strictObject({
    key: key('queue').transform(queueKeyOf),
    name: z.string().min(1, 'must not be empty'),
    parent: z.string().nullable().optional(),
    customer_visible: z.boolean().optional(),
    channel: slackChannelId.nullable().optional(),
    email: z.email('not a valid email address').nullable().optional(),
    operators: z.array(slackUserId).default([]),
    permissions: z
      .record(slackUserId, z.array(permissionName).min(1, 'list at least one permission'))
      .default({}),
    follow_up: z
      .enum(FOLLOW_UP_OPTIONS, {
        error: (iss) => `must be one of ${FOLLOW_UP_OPTIONS.join(', ')} (got ${quoted(iss.input)})`,
      })
      .default('reopen'),
    reopen_window_days: z.int().positive('must be a positive whole number of days').nullable().optional(),
    unlock_minutes: z.int().min(0, 'must be 0 (never) or a positive whole number of minutes').default(0),
    satisfaction: z.boolean().default(true),
    calendar: z.string().nullable().optional(),
    sla: slaSchema.default({ notify_before_percent: 80, pause_when_pending: false }),
    responses: z.array(responseSchema).max(500, 'at most 500 responses per queue').default([]),
    tags: z.array(tagSchema).max(100, 'at most 100 suggested tags per queue').default([]),
    intake_channels: z.array(slackChannelId).default([]),
    assign: z
      .enum(ASSIGN_MODES, {
        error: (iss) => `must be one of ${ASSIGN_MODES.join(', ')} (got ${quoted(iss.input)})`,
      })
      .default('manual'),
    skip_slack_away: z.boolean().default(false),
    fields: z
      .array(fieldSchema)
      .max(MAX_QUEUE_FIELDS, `at most ${MAX_QUEUE_FIELDS} fields (each is an input of the new-ticket form)`)
      .refine(
        (fields) => fields.reduce((sum, field) => sum + (field.options?.length ?? 0), 0) <= MAX_QUEUE_OPTIONS,
        { error: `at most ${MAX_QUEUE_OPTIONS} options in all (the form must fit one Slack view)` },
      )
      .default([]),
  })
  .superRefine((queue, ctx) => {
    if (queue.intake_channels.length > 0 && (queue.parent != null || queue.customer_visible === false)) {
      ctx.addIssue({
        code: 'custom',
        path: ['intake_channels'],
        message: 'only a first-level queue visible to customers takes requests from channels',
      });
    }
    if (queue.reopen_window_days != null && queue.follow_up !== 'reopen') {
      ctx.addIssue({
        code: 'custom',
        path: ['reopen_window_days'],
        message: `only allowed with follow_up: reopen (this queue has follow_up: ${queue.follow_up})`,
      });
    }
    if (queue.parent != null && queue.customer_visible === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['customer_visible'],
        message: 'sub-queues are never visible to customers; remove it or set it to false',
      });
    }
    if (queue.skip_slack_away && queue.assign === 'manual') {
      ctx.addIssue({
        code: 'custom',
        path: ['skip_slack_away'],
        message: 'only allowed with assign: round_robin or least_open (this queue is assigned by hand)',
      });
    }
  });

const mailboxSchema = z
  .strictObject({
    host: z.string().min(1, 'must not be empty'),
    port: z
      .int()
      .min(1, 'must be a port number (1-65535)')
      .max(65535, 'must be a port number (1-65535)')
      .optional(),
    secure: z.boolean().default(true),
    user: z.string().min(1, 'must not be empty'),
    password: z.string().min(1, 'must not be empty').optional(),
    password_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable, e.g. IMAP_PASSWORD')
      .optional(),
    mailbox: z.string().min(1, 'must not be empty').default('INBOX'),
    queue: z.string(),
    processed_folder: z.string().min(1, 'must not be empty').optional(),
    allow_plaintext: z.boolean().default(false),
  })
  .superRefine((mailbox, ctx) => {
    if ((mailbox.password === undefined) === (mailbox.password_env === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['password_env'],
        message: 'give exactly one of password and password_env (the name of a variable holding it)',
      });
    }
    if (mailbox.processed_folder !== undefined && mailbox.processed_folder === mailbox.mailbox) {
      ctx.addIssue({
        code: 'custom',
        path: ['processed_folder'],
        message: 'must differ from mailbox (the folder that is read)',
      });
    }
  });

const pleasantry = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .transform((words) => words.toLowerCase());

const intakeSchema = z.strictObject({
  emoji: z
    .string()
    .regex(/^[a-z0-9_+'-]+$/, 'must be an emoji name as Slack writes it, without colons, e.g. ticket')
    .default('ticket'),
  grouping_window_seconds: z
    .int()
    .min(0, 'must be 0 (never group) or a positive number of seconds')
    .default(120),
  pleasantries: z.partialRecord(language, z.array(pleasantry)).default({}),
});

const fileSchema = z.strictObject({
  system_id: z
    .string({ error: 'must be a quoted string of 1 or 2 digits, e.g. "10"' })
    .regex(/^\d{1,2}$/, 'must be a quoted string of 1 or 2 digits, e.g. "10"')
    .default('10'),
  time_zone: timeZone.default('Europe/Rome'),
  default_language: language.default('it'),
  admins: z.array(slackUserId).default([]),
  admin_channel: slackChannelId.optional(),
  agents: z.array(agentSchema).default([]),
  calendars: z.array(calendarSchema).default([]),
  queues: z.array(queueSchema).min(1, 'declare at least one queue'),
  mailboxes: z.array(mailboxSchema).default([]),
  mail_authentication: z
    .strictObject({
      trusted_authserv_ids: z.array(
        z
          .string()
          .regex(
            /^[A-Za-z0-9.-]+$/,
            'must be a host name, as the mail server writes it in Authentication-Results',
          ),
      ),
    })
    .default({ trusted_authserv_ids: [] }),
  intake: intakeSchema.default({ emoji: 'ticket', grouping_window_seconds: 120, pleasantries: {} }),
});

type RawConfig = z.output<typeof fileSchema>;

// ---------------------------------------------------------------------------------------------------------
// Step 3: cross references
// ---------------------------------------------------------------------------------------------------------

type Path = readonly PropertyKey[];

interface Problem {
  path: Path;
  message: string;
}

/** Reports every entry whose field (as `fieldOf` reads it) repeats an earlier entry's. */
function findDuplicates<T>(
  items: readonly T[],
  fieldOf: (item: T) => string | null | undefined,
  path: (index: number) => Path,
  describe: (value: string, firstIndex: number) => string,
): Problem[] {
  const firstIndex = new Map<string, number>();
  const problems: Problem[] = [];
  items.forEach((item, index) => {
    const value = fieldOf(item);
    if (value == null) return;
    const first = firstIndex.get(value);
    if (first === undefined) firstIndex.set(value, index);
    else problems.push({ path: path(index), message: describe(value, first) });
  });
  return problems;
}

function duplicateProblems(raw: RawConfig): Problem[] {
  return [
    ...findDuplicates(
      raw.agents,
      (agent) => agent.slack_user_id,
      (i) => ['agents', i, 'slack_user_id'],
      (id, first) => `duplicate agent ${quoted(id)} (already declared at agents[${first}])`,
    ),
    ...findDuplicates(
      raw.calendars,
      (calendar) => calendar.key,
      (i) => ['calendars', i, 'key'],
      (k, first) => `duplicate calendar key ${quoted(k)} (already used by calendars[${first}])`,
    ),
    ...findDuplicates(
      raw.queues,
      (queue) => queue.key,
      (i) => ['queues', i, 'key'],
      (k, first) => `duplicate queue key ${quoted(k)} (already used by queues[${first}])`,
    ),
    // A channel or mailbox routes incoming requests to exactly one queue.
    ...findDuplicates(
      raw.queues,
      (queue) => queue.channel,
      (i) => ['queues', i, 'channel'],
      (id, first) => `channel ${quoted(id)} is already used by queues[${first}]`,
    ),
    ...intakeChannelProblems(raw),
    ...findDuplicates(
      raw.queues,
      (queue) => queue.email?.toLowerCase(),
      (i) => ['queues', i, 'email'],
      (address, first) => `address ${quoted(address)} is already used by queues[${first}]`,
    ),
    ...raw.queues.flatMap((queue, q) =>
      findDuplicates(
        queue.responses,
        (response) => response.key,
        (i) => ['queues', q, 'responses', i, 'key'],
        (k, first) => `duplicate response key ${quoted(k)} (already used by responses[${first}])`,
      ),
    ),
    ...raw.queues.flatMap((queue, i) => [
      ...findDuplicates(
        queue.fields,
        (field) => field.key,
        (j) => ['queues', i, 'fields', j, 'key'],
        (k, first) => `duplicate field key ${quoted(k)} (already used by queues[${i}].fields[${first}])`,
      ),
      ...queue.fields.flatMap((field, j) =>
        findDuplicates(
          field.options ?? [],
          (option) => (typeof option === 'string' ? option : option.value),
          (n) => ['queues', i, 'fields', j, 'options', n],
          (value, first) => `duplicate option ${quoted(value)} (already options[${first}])`,
        ),
      ),
    ]),
    // Two readers of one folder would race for the same messages.
    ...findDuplicates(
      raw.mailboxes,
      (m) => `${m.user.toLowerCase()}@${m.host.toLowerCase()}/${m.mailbox}`,
      (i) => ['mailboxes', i, 'mailbox'],
      (folder, first) => `${quoted(folder)} is already read by mailboxes[${first}]`,
    ),
  ];
}

/**
 * A request channel belongs to one queue and is nobody's card channel: there every top-level message is a
 * request, while in a queue's channel the top-level messages are the desk's cards and the operators' talk.
 */
function intakeChannelProblems(raw: RawConfig): Problem[] {
  const cardChannels = new Map(raw.queues.map((queue, i) => [queue.channel, i]));
  const owner = new Map<string, number>();
  const problems: Problem[] = [];
  raw.queues.forEach((queue, i) => {
    queue.intake_channels.forEach((channel, j) => {
      const path = ['queues', i, 'intake_channels', j];
      const card = cardChannels.get(channel);
      const first = owner.get(channel);
      if (card !== undefined)
        problems.push({ path, message: `channel ${quoted(channel)} is the channel of queues[${card}]` });
      else if (first !== undefined)
        problems.push({
          path,
          message: `channel ${quoted(channel)} is already a request channel of queues[${first}]`,
        });
      else owner.set(channel, i);
    });
  });
  return problems;
}

function referenceProblems(raw: RawConfig): Problem[] {
  const queueKeys: string[] = raw.queues.map((queue) => queue.key);
  const calendarKeys = raw.calendars.map((calendar) => calendar.key);
  const declaredUsers = new Set<string>([...raw.admins, ...raw.agents.map((agent) => agent.slack_user_id)]);
  const undeclared = (id: string) => `user ${quoted(id)} is not declared in agents or admins`;
  const problems: Problem[] = [];

  raw.queues.forEach((queue, i) => {
    if (queue.parent != null && !queueKeys.includes(queue.parent)) {
      problems.push({
        path: ['queues', i, 'parent'],
        message: `unknown queue ${quoted(queue.parent)} (declared keys: ${queueKeys.join(', ')})`,
      });
    }
    if (queue.calendar != null && !calendarKeys.includes(queue.calendar)) {
      const declared = calendarKeys.length > 0 ? calendarKeys.join(', ') : 'none';
      problems.push({
        path: ['queues', i, 'calendar'],
        message: `unknown calendar ${quoted(queue.calendar)} (declared calendars: ${declared})`,
      });
    }
    queue.operators.forEach((id, j) => {
      if (!declaredUsers.has(id))
        problems.push({ path: ['queues', i, 'operators', j], message: undeclared(id) });
    });
    for (const id of Object.keys(queue.permissions)) {
      if (!declaredUsers.has(id))
        problems.push({ path: ['queues', i, 'permissions', id], message: undeclared(id) });
    }
  });
  raw.mailboxes.forEach((mailbox, i) => {
    if (!queueKeys.includes(mailbox.queue)) {
      problems.push({
        path: ['mailboxes', i, 'queue'],
        message: `unknown queue ${quoted(mailbox.queue)} (declared keys: ${queueKeys.join(', ')})`,
      });
    }
  });
  return problems;
}

/** Follows parent links from each queue; a walk that comes back to a queue already on it is a cycle. */
function cycleProblems(raw: RawConfig): Problem[] {
  const parentOf = new Map<string, string | null>(
    raw.queues.map((queue) => [queue.key, queue.parent ?? null]),
  );
  const reported = new Set<string>();
  const problems: Problem[] = [];

  raw.queues.forEach((queue, i) => {
    const walk: string[] = [queue.key];
    let next = parentOf.get(queue.key) ?? null;
    while (next !== null && !walk.includes(next) && parentOf.has(next)) {
      walk.push(next);
      next = parentOf.get(next) ?? null;
    }
    // Only report the cycle at the first of its members, and only when this queue is on it.
    if (next !== queue.key || reported.has(queue.key)) return;
    for (const member of walk) reported.add(member);
    problems.push({
      path: ['queues', i, 'parent'],
      message: `parent cycle: ${[...walk, queue.key].join(' → ')}`,
    });
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Error formatting
// ---------------------------------------------------------------------------------------------------------

/** `['queues', 2, 'sla', 'first_response_minutes']` → `queues[2].sla.first_response_minutes`. */
function formatPath(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? '(top level)' : text;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${quoted(value)}`;
}

const TYPE_NAMES: Record<string, string> = { object: 'a mapping', array: 'a list', int: 'a whole number' };

/** Turns a zod issue into problems phrased for someone editing YAML, not for a TypeScript developer. */
function problemsFromIssue(issue: z.core.$ZodIssue): Problem[] {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((name) => ({
        path: [...issue.path, name],
        message: 'unknown field (check the spelling)',
      }));
    case 'invalid_key':
      return issue.issues.map((inner) => ({ path: issue.path, message: inner.message }));
    case 'invalid_type': {
      if (issue.input === undefined) return [{ path: issue.path, message: 'is required' }];
      // Custom messages (e.g. system_id's) are kept; zod's default ones are rephrased.
      if (!issue.message.startsWith('Invalid input')) return [{ path: issue.path, message: issue.message }];
      const expected = TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`;
      return [{ path: issue.path, message: `expected ${expected}, got ${describeValue(issue.input)}` }];
    }
    default:
      return [{ path: issue.path, message: issue.message }];
  }
}

const line = (fileName: string, problem: Problem) =>
  `${fileName}: ${formatPath(problem.path)}: ${problem.message}`;

// ---------------------------------------------------------------------------------------------------------
// Mapping to the camelCase configuration
// ---------------------------------------------------------------------------------------------------------

function toCalendar(raw: RawConfig['calendars'][number], defaultTimeZone: string): CalendarConfig {
  const hours = Object.fromEntries(
    WEEKDAYS.map((day) => [day, raw.hours[day].map(formatTimeRange)]),
  ) as Record<Weekday, string[]>;
  return {
    key: raw.key,
    name: raw.name,
    timeZone: raw.time_zone ?? defaultTimeZone,
    hours,
    holidays: { italianNational: raw.holidays.italian_national, dates: raw.holidays.dates },
  };
}

function toQueue(raw: RawConfig['queues'][number]): QueueConfig {
  const parent = raw.parent ? queueKeyOf(raw.parent) : null;
  const sla: QueueSlaConfig = { notifyBeforePercent: raw.sla.notify_before_percent };
  if (raw.sla.first_response_minutes !== undefined) sla.firstResponseMinutes = raw.sla.first_response_minutes;
  if (raw.sla.update_minutes !== undefined) sla.updateMinutes = raw.sla.update_minutes;
  if (raw.sla.solution_minutes !== undefined) sla.solutionMinutes = raw.sla.solution_minutes;
  if (raw.sla.pause_when_pending) sla.pauseWhenPending = true;
  return {
    key: raw.key,
    name: raw.name,
    parent,
    customerVisible: parent === null && raw.customer_visible !== false,
    channel: raw.channel ?? null,
    email: raw.email ?? null,
    operators: raw.operators,
    permissions: raw.permissions,
    followUp: raw.follow_up,
    reopenWindowDays: raw.reopen_window_days ?? null,
    unlockMinutes: raw.unlock_minutes,
    askSatisfaction: raw.satisfaction,
    calendar: raw.calendar ?? null,
    sla,
    responses: raw.responses.map(toResponse),
    tags: [...new Set(raw.tags)],
    intakeChannels: raw.intake_channels,
    assign: raw.assign,
    skipSlackAway: raw.skip_slack_away,
    fields: raw.fields.map(toField),
  };
}

function toLabel(raw: string | FieldLabel): FieldLabel {
  return typeof raw === 'string' ? { it: raw, en: raw } : raw;
}

function toField(raw: RawConfig['queues'][number]['fields'][number]): FieldDefinition {
  return {
    key: raw.key,
    label: toLabel(raw.label),
    type: raw.type,
    required: raw.required,
    internal: raw.internal,
    options: (raw.options ?? []).map((option) =>
      typeof option === 'string'
        ? { value: option, label: toLabel(option) }
        : { value: option.value, label: toLabel(option.label) },
    ),
  };
}

function toResponse(raw: RawConfig['queues'][number]['responses'][number]): ResponseConfig {
  const response: ResponseConfig = { key: raw.key, title: raw.title, text: {} };
  if (raw.text.it !== undefined) response.text.it = raw.text.it;
  if (raw.text.en !== undefined) response.text.en = raw.text.en;
  if (raw.new_state !== undefined) {
    response.nextState = { state: raw.new_state };
    if (raw.pending_days !== undefined) response.nextState.pendingDays = raw.pending_days;
  }
  return response;
}

function toIntake(raw: RawConfig['intake']): IntakeConfig {
  const pleasantries = { ...DEFAULT_PLEASANTRIES };
  for (const locale of LOCALES) {
    const listed = raw.pleasantries[locale];
    if (listed) pleasantries[locale] = listed;
  }
  return { emoji: raw.emoji, groupingWindowSeconds: raw.grouping_window_seconds, pleasantries };
}

function toAgent(raw: RawConfig['agents'][number]): AgentConfig {
  const agent: AgentConfig = { slackUserId: raw.slack_user_id, name: raw.name };
  if (raw.email !== undefined) agent.email = raw.email;
  if (raw.language !== undefined) agent.language = raw.language;
  if (raw.dm_new_tickets) agent.dmNewTickets = true;
  return agent;
}

function toMailbox(raw: RawConfig['mailboxes'][number]): MailboxConfig {
  const mailbox: MailboxConfig = {
    host: raw.host,
    port: raw.port ?? (raw.secure ? 993 : 143),
    secure: raw.secure,
    user: raw.user,
    mailbox: raw.mailbox,
    queue: queueKeyOf(raw.queue),
    processedFolder: raw.processed_folder ?? null,
  };
  if (raw.password !== undefined) mailbox.password = raw.password;
  if (raw.password_env !== undefined) mailbox.passwordEnv = raw.password_env;
  if (raw.allow_plaintext) mailbox.allowPlaintext = true;
  return mailbox;
}

function toConfig(raw: RawConfig): QueuesConfig {
  return {
    systemId: raw.system_id,
    timeZone: raw.time_zone,
    defaultLanguage: raw.default_language,
    admins: [...new Set(raw.admins)],
    adminChannel: raw.admin_channel ?? null,
    agents: raw.agents.map(toAgent),
    calendars: raw.calendars.map((calendar) => toCalendar(calendar, raw.time_zone)),
    queues: raw.queues.map(toQueue),
    mailboxes: raw.mailboxes.map(toMailbox),
    mailAuthentication: { trustedAuthservIds: raw.mail_authentication.trusted_authserv_ids },
    intake: toIntake(raw.intake),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------------------------------

/** Parses YAML text; `fileName` is only used in error messages. Throws ConfigError listing every problem. */
export function parseQueuesConfig(text: string, fileName: string): QueuesConfig {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new ConfigError(
      fileName,
      document.errors.map((error) => {
        const position = error.linePos?.[0];
        const where = position ? `line ${position.line}, column ${position.col}` : 'YAML';
        // The pretty message repeats the position and adds a source excerpt; keep only the description.
        const what = (error.message.split('\n')[0] ?? error.message).replace(
          / at line \d+, column \d+:?$/,
          '',
        );
        return `${fileName}: ${where}: YAML syntax error: ${what}`;
      }),
    );
  }
  const data: unknown = document.toJS();
  if (data === null || data === undefined) {
    throw new ConfigError(fileName, [`${fileName}: the file is empty; it must declare at least the queues`]);
  }

  const parsed = fileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap(problemsFromIssue);
    throw new ConfigError(
      fileName,
      problems.map((problem) => line(fileName, problem)),
    );
  }

  const problems = [
    ...duplicateProblems(parsed.data),
    ...referenceProblems(parsed.data),
    ...cycleProblems(parsed.data),
  ];
  if (problems.length > 0) {
    throw new ConfigError(
      fileName,
      problems.map((problem) => line(fileName, problem)),
    );
  }
  return toConfig(parsed.data);
}

/** Reads and parses the configuration file at `path`. Throws ConfigError if it is missing or invalid. */
export function loadQueuesConfig(path: string): QueuesConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? `configuration file not found at ${path}; create it or set ${CONFIG_ENV_VAR} to its path`
        : `cannot read the configuration file ${path} (${code ?? String(error)}); check ${CONFIG_ENV_VAR}`;
    throw new ConfigError(path, [reason]);
  }
  return parseQueuesConfig(text, path);
}
