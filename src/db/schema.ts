import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  blob,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import type { QueueKey, SlackUserId, TicketNumber } from '../core/brands.js';
import type { CalendarDefinition } from '../core/calendar/definition.js';
import type { FieldDefinition } from '../core/fields/definition.js';
import type { OutboxMessage } from '../core/outbox.js';
import {
  ARTICLE_CHANNELS,
  ASSIGN_MODES,
  ATTACHMENT_REFUSALS,
  FOLLOW_UP_OPTIONS,
  HISTORY_EVENTS,
  JOB_KINDS,
  MAIL_AUTH_VERDICTS,
  NOTIFY_VIA,
  OUTBOX_LANES,
  OUTBOX_STATUSES,
  PERIODIC_TASKS,
  QUEUE_PERMISSIONS,
  SENDER_TYPES,
  SLACK_POST_KINDS,
  SLACK_PRESENCES,
  TICKET_LINK_KINDS,
  TICKET_STATES,
} from '../core/vocabulary.js';

/** Milliseconds since the epoch, read and written as a Date. */
const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });
const flag = (name: string) => integer(name, { mode: 'boolean' });
const id = () => integer('id').primaryKey({ autoIncrement: true });
const createdAt = () => timestamp('created_at').notNull();

export const calendars = sqliteTable('calendars', {
  id: id(),
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  /** Weekly hours and holidays as validated by the configuration schema. */
  definition: text('definition', { mode: 'json' }).$type<CalendarDefinition>().notNull(),
});

export const queues = sqliteTable(
  'queues',
  {
    id: id(),
    key: text('key').$type<QueueKey>().notNull().unique(),
    name: text('name').notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => queues.id),
    level: integer('level').notNull().default(1),
    customerVisible: flag('customer_visible').notNull().default(true),
    slackChannelId: text('slack_channel_id'),
    emailAddress: text('email_address'),
    followUp: text('follow_up', { enum: FOLLOW_UP_OPTIONS }).notNull().default('reopen'),
    reopenWindowDays: integer('reopen_window_days'),
    firstResponseMinutes: integer('first_response_minutes'),
    updateMinutes: integer('update_minutes'),
    solutionMinutes: integer('solution_minutes'),
    calendarId: integer('calendar_id').references(() => calendars.id),
    /** Release a claim nobody touched for this long; 0 never. */
    unlockMinutes: integer('unlock_minutes').notNull().default(0),
    /** Warn this far into an SLA period, in percent of it (80: with a fifth of the time left). */
    notifyBeforePercent: integer('notify_before_percent').notNull().default(80),
    /** SLA clocks stop while the ticket waits on the customer (pending). */
    slaPausedWhenPending: flag('sla_paused_when_pending').notNull().default(false),
    /** After closing, the customer is asked to rate the service. */
    askSatisfaction: flag('ask_satisfaction').notNull().default(true),
    /** The queue's fields as the configuration declares them (values are in ticket_field_values). */
    fields: text('fields', { mode: 'json' }).$type<FieldDefinition[]>().notNull().default([]),
    /** A queue removed from the configuration keeps its tickets but takes no new ones. */
    active: flag('active').notNull().default(true),
    /** How new and escalated tickets get an owner: claimed by hand, or given out in turn or by load. */
    assign: text('assign', { enum: ASSIGN_MODES }).notNull().default('manual'),
    /** Automatic assignment passes over operators Slack reports away. */
    skipSlackAway: flag('skip_slack_away').notNull().default(false),
    /** Round robin's pointer: the operator given the queue's last ticket (read under a row lock). */
    lastAssignedAgentId: integer('last_assigned_agent_id').references((): AnySQLiteColumn => agents.id),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [index('queues_parent_idx').on(t.parentId), index('queues_channel_idx').on(t.slackChannelId)],
);

export const agents = sqliteTable('agents', {
  id: id(),
  slackUserId: text('slack_user_id').$type<SlackUserId>().notNull().unique(),
  name: text('name').notNull(),
  email: text('email'),
  isAdmin: flag('is_admin').notNull().default(false),
  language: text('language'),
  /** A DM for every new ticket in the queues they read, besides the card in the channel. */
  dmNewTickets: flag('dm_new_tickets').notNull().default(false),
  /** Said they are away (`/ticket away`): automatic assignment passes them over… */
  away: flag('away').notNull().default(false),
  /** …until then, when they gave a time; null: until they say they are back. */
  awayUntil: timestamp('away_until'),
  /** What Slack last said of their presence, and when it was asked (kept fresh by the presence poll). */
  slackPresence: text('slack_presence', { enum: SLACK_PRESENCES }),
  slackPresenceAt: timestamp('slack_presence_at'),
});

export const queuePermissions = sqliteTable(
  'queue_permissions',
  {
    queueId: integer('queue_id')
      .notNull()
      .references(() => queues.id, { onDelete: 'cascade' }),
    agentId: integer('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    permission: text('permission', { enum: QUEUE_PERMISSIONS }).notNull(),
    /** 'config' rows are replaced on every configuration sync; 'channel' rows come from channel membership. */
    source: text('source', { enum: ['config', 'channel'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.queueId, t.agentId, t.permission, t.source] }),
    index('queue_permissions_agent_idx').on(t.agentId),
  ],
);

export const customers = sqliteTable('customers', {
  id: id(),
  slackUserId: text('slack_user_id').$type<SlackUserId>().unique(),
  email: text('email').unique(),
  name: text('name').notNull(),
  language: text('language'),
  notifyVia: text('notify_via', { enum: NOTIFY_VIA }).notNull().default('dm'),
  createdAt: createdAt(),
});

export const tickets = sqliteTable(
  'tickets',
  {
    id: id(),
    number: text('number').$type<TicketNumber>().notNull().unique(),
    title: text('title').notNull(),
    state: text('state', { enum: TICKET_STATES }).notNull(),
    /** 1 for new/open/pending: the tickets a queue still has to work, kept for the queue view's index. */
    working: flag('working').notNull(),
    priority: integer('priority').notNull().default(3),
    queueId: integer('queue_id')
      .notNull()
      .references(() => queues.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    ownerId: integer('owner_id').references(() => agents.id),
    responsibleId: integer('responsible_id').references(() => agents.id),
    locked: flag('locked').notNull().default(false),
    articleCount: integer('article_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at').notNull(),
    closedAt: timestamp('closed_at'),
    pendingUntil: timestamp('pending_until'),
    firstResponseAt: timestamp('first_response_at'),
    firstResponseDueAt: timestamp('first_response_due_at'),
    updateDueAt: timestamp('update_due_at'),
    solutionDueAt: timestamp('solution_due_at'),
    /** When each promise gets its "notify before" warning (the queue's percentage into the period). */
    firstResponseWarnAt: timestamp('first_response_warn_at'),
    updateWarnAt: timestamp('update_warn_at'),
    solutionWarnAt: timestamp('solution_warn_at'),
    /** Set while SLA clocks are stopped (pending, when the queue pauses them). */
    slaPausedAt: timestamp('sla_paused_at'),
    /** The customer's rating of the service, 1 (bad) to 5 (excellent), given once after closing. */
    satisfactionRating: integer('satisfaction_rating'),
    satisfactionComment: text('satisfaction_comment'),
    ratedAt: timestamp('rated_at'),
  },
  (t) => [
    // Serves the queue view's "highest priority, then oldest" order straight from the index.
    index('tickets_queue_view_idx').on(t.queueId, t.working, sql`${t.priority} desc`, t.createdAt, t.id),
    index('tickets_customer_idx').on(t.customerId, t.createdAt),
    index('tickets_owner_idx').on(t.ownerId, t.working),
    index('tickets_pending_idx').on(t.pendingUntil).where(sql`${t.pendingUntil} is not null`),
    index('tickets_created_idx').on(t.createdAt),
    index('tickets_closed_idx').on(t.closedAt).where(sql`${t.closedAt} is not null`),
  ],
);

export const articles = sqliteTable(
  'articles',
  {
    id: id(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    articleNumber: integer('article_number').notNull(),
    senderType: text('sender_type', { enum: SENDER_TYPES }).notNull(),
    channel: text('channel', { enum: ARTICLE_CHANNELS }).notNull(),
    customerVisible: flag('customer_visible').notNull(),
    authorAgentId: integer('author_agent_id').references(() => agents.id),
    authorCustomerId: integer('author_customer_id').references(() => customers.id),
    fromAddress: text('from_address'),
    toAddress: text('to_address'),
    subject: text('subject'),
    body: text('body').notNull(),
    slackChannelId: text('slack_channel_id'),
    slackTs: text('slack_ts'),
    messageId: text('message_id'),
    inReplyTo: text('in_reply_to'),
    references: text('references'),
    /** For mail, when the desk checks senders: whether the sender was authenticated. */
    mailAuth: text('mail_auth', { enum: MAIL_AUTH_VERDICTS }),
    createdAt: createdAt(),
    editedAt: timestamp('edited_at'),
    deletedAt: timestamp('deleted_at'),
    /**
     * A reply sent with "Send to customer": the article its thread message became. Sent as written, the
     * reply follows that message's later edits and deletion.
     */
    sentFromArticleId: integer('sent_from_article_id').references((): AnySQLiteColumn => articles.id),
  },
  (t) => [
    uniqueIndex('articles_ticket_number_idx').on(t.ticketId, t.articleNumber),
    uniqueIndex('articles_slack_message_idx').on(t.slackChannelId, t.slackTs),
    // One mail, one article: a mail taken by two processes at once is stored by one, the other finds it.
    uniqueIndex('articles_message_id_idx').on(t.messageId),
  ],
);

export const attachments = sqliteTable(
  'attachments',
  {
    id: id(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** Where the bytes are: a Slack file id, or null when stored inline in `content`. */
    slackFileId: text('slack_file_id'),
    content: blob('content', { mode: 'buffer' }),
    /** Set when the attachment was not kept (too large, forbidden type); the article still lands. */
    refusedReason: text('refused_reason', { enum: ATTACHMENT_REFUSALS }),
  },
  (t) => [index('attachments_article_idx').on(t.articleId)],
);

/**
 * A kept attachment uploaded to Slack (a queue thread, a customer's DM): the file id is recorded as soon as Slack
 * gives it, before the upload is shared, so a delivery retried after a crash finds it and never shares it twice.
 */
export const attachmentUploads = sqliteTable(
  'attachment_uploads',
  {
    id: id(),
    attachmentId: integer('attachment_id')
      .notNull()
      .references(() => attachments.id),
    channelId: text('channel_id').notNull(),
    fileId: text('file_id').notNull(),
  },
  (t) => [uniqueIndex('attachment_uploads_target_idx').on(t.attachmentId, t.channelId)],
);

/** The earlier texts of an edited article, oldest first: an edit never loses what was written. */
export const articleRevisions = sqliteTable(
  'article_revisions',
  {
    id: id(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id),
    /** The text the article had until `replacedAt`. */
    body: text('body').notNull(),
    replacedAt: timestamp('replaced_at').notNull(),
  },
  (t) => [index('article_revisions_article_idx').on(t.articleId, t.id)],
);

export const history = sqliteTable(
  'history',
  {
    id: id(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    event: text('event', { enum: HISTORY_EVENTS }).notNull(),
    actorAgentId: integer('actor_agent_id').references(() => agents.id),
    actorCustomerId: integer('actor_customer_id').references(() => customers.id),
    /** Who did it, as shown to a person, kept even if the agent or customer changes name later. */
    actorLabel: text('actor_label').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    articleId: integer('article_id').references(() => articles.id),
    createdAt: createdAt(),
  },
  (t) => [index('history_ticket_idx').on(t.ticketId, t.id)],
);

export const ticketLinks = sqliteTable(
  'ticket_links',
  {
    id: id(),
    sourceTicketId: integer('source_ticket_id')
      .notNull()
      .references(() => tickets.id),
    targetTicketId: integer('target_ticket_id')
      .notNull()
      .references(() => tickets.id),
    kind: text('kind', { enum: TICKET_LINK_KINDS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('ticket_links_source_idx').on(t.sourceTicketId),
    index('ticket_links_target_idx').on(t.targetTicketId),
  ],
);

/**
 * Addresses besides the customer's that may write into a ticket by mail (OTRS's Cc'd colleagues): added by
 * an operator who accepted such a mail. Their mail is a follow-up like the customer's.
 */
export const ticketParticipants = sqliteTable(
  'ticket_participants',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    /** Lower case. */
    email: text('email').notNull(),
    addedByAgentId: integer('added_by_agent_id').references(() => agents.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.email] })],
);

/**
 * The values of a ticket's fields (OTRS dynamic field values): one row per value, several for a
 * multi-select. Kept when the field leaves the configuration: History and the export still show them.
 */
export const ticketFieldValues = sqliteTable(
  'ticket_field_values',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    fieldKey: text('field_key').notNull(),
    /** Order among a multi-select's values. */
    position: integer('position').notNull(),
    value: text('value').notNull(),
    /** The value lower-cased, as `/ticket search key:value` compares it. */
    folded: text('folded').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.fieldKey, t.position] }),
    index('ticket_field_values_search_idx').on(t.fieldKey, t.folded),
  ],
);

export const watchers = sqliteTable(
  'watchers',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    agentId: integer('agent_id')
      .notNull()
      .references(() => agents.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.agentId] }), index('watchers_agent_idx').on(t.agentId)],
);

export const outbox = sqliteTable(
  'outbox',
  {
    id: id(),
    /** What to deliver, e.g. `card.sync` or `customer.notify`; the delivery workers render it. */
    topic: text('topic').$type<OutboxMessage['topic']>().notNull(),
    /** Which worker delivers it, so a Slack outage (or no Slack at all) never holds back email. */
    lane: text('lane', { enum: OUTBOX_LANES }).notNull().default('slack'),
    payload: text('payload', { mode: 'json' }).$type<OutboxMessage>().notNull(),
    ticketId: integer('ticket_id').references(() => tickets.id),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at').notNull(),
    lastError: text('last_error'),
    /** A worker delivering the row holds it until then: another process leaves it alone meanwhile. */
    leaseUntil: timestamp('lease_until'),
    createdAt: createdAt(),
    deliveredAt: timestamp('delivered_at'),
  },
  (t) => [
    index('outbox_due_idx').on(t.lane, t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('outbox_ticket_idx').on(t.ticketId, t.lane, t.status),
  ],
);

/** One row per calendar day: the DateChecksum ticket number's daily counter. */
export const ticketNumberCounters = sqliteTable('ticket_number_counters', {
  day: text('day').primaryKey(),
  counter: integer('counter').notNull(),
});

/**
 * Where a ticket stands in Slack: its card in each queue channel it has been in, and the customer's DM
 * thread (the confirmation message). A message in one of these threads is about that ticket.
 */
export const slackPosts = sqliteTable(
  'slack_posts',
  {
    id: id(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    kind: text('kind', { enum: SLACK_POST_KINDS }).notNull(),
    /** The queue whose channel holds the card; null for the customer's thread and for copies. */
    queueId: integer('queue_id').references(() => queues.id),
    /** For a copy: the article it shows on the other side (kept up to date when the article is edited). */
    articleId: integer('article_id').references(() => articles.id),
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('slack_posts_message_idx').on(t.channelId, t.ts),
    index('slack_posts_ticket_idx').on(t.ticketId),
  ],
);

/**
 * Slack interactions the desk acted on, by Slack's id for them (`view:<view id>` for a submitted form),
 * written in the transaction of the change they made: a form submitted again (Slack showed an error while
 * the first submission was being saved, or the app restarted before answering) changes nothing twice.
 */
export const slackInteractions = sqliteTable('slack_interactions', {
  id: text('id').primaryKey(),
  handledAt: timestamp('handled_at').notNull(),
});

/**
 * Mail the desk received but could not turn into an article: unparseable, no sender, no queue for its
 * recipients, refused by the core. Kept (the raw bytes up to a cap) so an admin can see what was lost and why.
 */
export const refusedMails = sqliteTable(
  'refused_mails',
  {
    id: id(),
    receivedAt: timestamp('received_at').notNull(),
    /** Why it was refused, for a person to read. */
    reason: text('reason').notNull(),
    /** Where it came from: `smtp`, or `imap:<user>@<host>/<mailbox>`. */
    source: text('source').notNull(),
    /** Size of the whole raw message in bytes, even when `raw` holds only its beginning. */
    rawSize: integer('raw_size').notNull(),
    /** The SMTP envelope sender (or Return-Path); '' for a null sender (a bounce). */
    envelopeFrom: text('envelope_from'),
    /** The envelope recipients, comma-separated. */
    envelopeTo: text('envelope_to'),
    /** Its Message-ID, or for a mail without one (or not read) the one made from its bytes; NULL in old rows. */
    messageId: text('message_id'),
    /** The raw message, cut at a cap. */
    raw: blob('raw', { mode: 'buffer' }),
    rawTruncated: flag('raw_truncated').notNull().default(false),
  },
  (t) => [
    index('refused_mails_received_idx').on(t.receivedAt),
    // One row per Message-ID, so a mail read by two processes at once is kept once; NULLs (no id) may repeat.
    uniqueIndex('refused_mails_message_id_idx').on(t.messageId),
  ],
);

/**
 * Every mail the desk took in over the last day: who sent it, the ticket it landed on, and who got an
 * automatic notice about it. The hourly caps (notices per address and for the whole desk, mails per sender
 * and per ticket) count here, the same way in every process. Rows older than a day are forgotten.
 */
export const mailIntake = sqliteTable(
  'mail_intake',
  {
    id: id(),
    /** Lower case. */
    sender: text('sender').notNull(),
    ticketId: integer('ticket_id').references(() => tickets.id),
    /** The address the automatic notice about this mail went to; null when none was sent. */
    noticeTo: text('notice_to'),
    takenAt: timestamp('taken_at').notNull(),
  },
  (t) => [
    index('mail_intake_sender_idx').on(t.sender, t.takenAt),
    index('mail_intake_ticket_idx').on(t.ticketId, t.takenAt),
    index('mail_intake_notice_idx').on(t.noticeTo, t.takenAt),
    index('mail_intake_taken_idx').on(t.takenAt),
  ],
);

/**
 * The desk's schedule: what must happen to a ticket at a given time (an SLA warning or breach, a pending
 * reminder or auto close, releasing an untouched claim). Kept in step with the ticket by the core; each job
 * fires once, even if the app was down at the time or two processes share the database.
 */
export const scheduledJobs = sqliteTable(
  'scheduled_jobs',
  {
    id: id(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    kind: text('kind', { enum: JOB_KINDS }).notNull(),
    /** Which SLA promise, for SLA jobs; '' otherwise (part of the unique key). */
    target: text('target').notNull().default(''),
    dueAt: timestamp('due_at').notNull(),
    status: text('status', { enum: ['pending', 'done', 'cancelled'] })
      .notNull()
      .default('pending'),
    leaseUntil: timestamp('lease_until'),
    doneAt: timestamp('done_at'),
    createdAt: createdAt(),
  },
  (t) => [
    // One job per ticket, kind, target and time: a job done is never scheduled again for the same moment.
    uniqueIndex('scheduled_jobs_key_idx').on(t.ticketId, t.kind, t.target, t.dueAt),
    index('scheduled_jobs_due_idx').on(t.dueAt).where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * How far full-text indexing has got: tickets and articles up to these ids are in `tickets_fts` and
 * `articles_fts`. New rows are indexed in batches (`src/core/search-index.ts`), not one by one in each
 * write: a row-by-row index costs a quarter of every ticket operation. One row, id 1.
 */
export const searchIndexProgress = sqliteTable('search_index_progress', {
  id: integer('id').primaryKey(),
  ticketsUpTo: integer('tickets_up_to').notNull(),
  articlesUpTo: integer('articles_up_to').notNull(),
});

/**
 * Whose turn it is at work every replica runs on a timer but that should be done once per interval across
 * them all (asking Slack about operators' presence): the replica that finds `due_at` passed moves it on, in a
 * transaction that holds the row, and does the work; the others find it not due. A row per task, written by
 * the first turn taken.
 */
export const periodicTurns = sqliteTable('periodic_turns', {
  task: text('task', { enum: PERIODIC_TASKS }).primaryKey(),
  dueAt: timestamp('due_at').notNull(),
});

/**
 * Canned responses (OTRS's Templates): a queue's, declared in the configuration file (`source` 'config',
 * replaced at every sync), or an operator's own (`source` 'personal', saved from the Reply form). The text in
 * Italian and/or English; the one in the customer's language is used, else the other.
 */
export const responses = sqliteTable(
  'responses',
  {
    id: id(),
    source: text('source', { enum: ['config', 'personal'] }).notNull(),
    /** The queue of a configured response; null for a personal one. */
    queueId: integer('queue_id').references(() => queues.id),
    /** The operator a personal response belongs to; null for a configured one. */
    agentId: integer('agent_id').references(() => agents.id),
    /** The key in the configuration file; null for a personal one. */
    key: text('key'),
    title: text('title').notNull(),
    bodyIt: text('body_it'),
    bodyEn: text('body_en'),
    /** The state the ticket takes once the response is sent; pending states for `pendingDays`. */
    nextState: text('next_state', { enum: TICKET_STATES }),
    pendingDays: integer('pending_days'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('responses_queue_key_idx').on(t.queueId, t.key),
    index('responses_agent_idx').on(t.agentId),
  ],
);

/** Tags a queue suggests (from the configuration file), replaced at every sync. */
export const queueTags = sqliteTable(
  'queue_tags',
  {
    queueId: integer('queue_id')
      .notNull()
      .references(() => queues.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.queueId, t.tag] })],
);

/** A ticket's tags: normalised (lower case, trimmed, capped), one row each. */
export const ticketTags = sqliteTable(
  'ticket_tags',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    tag: text('tag').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.tag] }), index('ticket_tags_tag_idx').on(t.tag)],
);

/** The vocabulary the columns are built from, for the modules that read it with the rows. */
export {
  ARTICLE_CHANNELS,
  type ArticleChannel,
  ASSIGN_MODES,
  type AssignMode,
  ATTACHMENT_REFUSALS,
  type AttachmentRefusal,
  FOLLOW_UP_OPTIONS,
  type FollowUpOption,
  HISTORY_EVENTS,
  type HistoryEvent,
  JOB_KINDS,
  type JobKind,
  MAIL_AUTH_VERDICTS,
  type MailAuthVerdict,
  NOTIFY_VIA,
  type NotifyVia,
  OUTBOX_LANES,
  OUTBOX_STATUSES,
  type OutboxLane,
  PERIODIC_TASKS,
  type PeriodicTask,
  QUEUE_PERMISSIONS,
  type QueuePermission,
  SENDER_TYPES,
  type SenderType,
  SLA_TARGETS,
  SLACK_POST_KINDS,
  type SlackPostKind,
  type SlackPresence,
  type SlaTarget,
  TICKET_LINK_KINDS,
  TICKET_STATES,
  type TicketLinkKind,
  type TicketState,
} from '../core/vocabulary.js';
