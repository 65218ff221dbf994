/**
 * The help desk's vocabulary: the closed lists the database stores and every layer names (states, history
 * events, rights, follow-up options…). The schema builds its columns from them; nothing here depends on
 * anything else.
 */

export const FOLLOW_UP_OPTIONS = ['reopen', 'reject', 'new_ticket'] as const;
export type FollowUpOption = (typeof FOLLOW_UP_OPTIONS)[number];

/** How a queue's new and escalated tickets get an owner: claimed by hand, or given out by the desk. */
export const ASSIGN_MODES = ['manual', 'round_robin', 'least_open'] as const;
export type AssignMode = (typeof ASSIGN_MODES)[number];

/** What Slack last said of a person's presence (users.getPresence). */
export const SLACK_PRESENCES = ['active', 'away'] as const;
export type SlackPresence = (typeof SLACK_PRESENCES)[number];

export const NOTIFY_VIA = ['dm', 'email', 'both'] as const;
export type NotifyVia = (typeof NOTIFY_VIA)[number];

export const QUEUE_PERMISSIONS = [
  'read',
  'create',
  'note',
  'owner',
  'move',
  'priority',
  'close',
  'rw',
  /** The queue's statistics and CSV export (customers' emails, rating comments); `rw` includes it. */
  'stats',
] as const;
export type QueuePermission = (typeof QUEUE_PERMISSIONS)[number];

export const TICKET_STATES = [
  'new',
  'open',
  'pending_reminder',
  'pending_auto_close_successful',
  'pending_auto_close_unsuccessful',
  'closed_successful',
  'closed_unsuccessful',
  'merged',
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/**
 * `external`: mail about a ticket from someone who is neither its customer nor a participant (or whose
 * sender could not be authenticated): kept, internal, with no effect on the ticket.
 */
export const SENDER_TYPES = ['customer', 'agent', 'system', 'external'] as const;
export type SenderType = (typeof SENDER_TYPES)[number];

export const ARTICLE_CHANNELS = ['slack', 'email', 'phone', 'internal'] as const;
export type ArticleChannel = (typeof ARTICLE_CHANNELS)[number];

/** What the organisation's mail server said of an incoming mail's sender (SPF/DKIM/DMARC, aligned). */
export const MAIL_AUTH_VERDICTS = ['pass', 'fail', 'none'] as const;
export type MailAuthVerdict = (typeof MAIL_AUTH_VERDICTS)[number];

/**
 * Why an attachment's bytes were not kept (the article lands all the same): larger than the limit, a type that
 * runs when opened, or bytes that could not be fetched from Slack.
 */
export const ATTACHMENT_REFUSALS = ['too_large', 'blocked_type', 'unreadable'] as const;
export type AttachmentRefusal = (typeof ATTACHMENT_REFUSALS)[number];

export const HISTORY_EVENTS = [
  'NewTicket',
  'FollowUp',
  'SendAnswer',
  'AddNote',
  'Move',
  'Lock',
  'Unlock',
  'OwnerUpdate',
  'ResponsibleUpdate',
  'StateUpdate',
  'PriorityUpdate',
  'SetPendingTime',
  'Merged',
  'TitleUpdate',
  'CustomerUpdate',
  'AddWatcher',
  'RemoveWatcher',
  'ArticleUpdate',
  'ArticleDeleted',
  'SendCustomerNotification',
  'SendAgentNotification',
  'PendingReminderReached',
  'FollowUpRejected',
  'EscalationResponseTimeStart',
  'EscalationResponseTimeStop',
  'EscalationResponseTimeNotifyBefore',
  'EscalationUpdateTimeStart',
  'EscalationUpdateTimeStop',
  'EscalationUpdateTimeNotifyBefore',
  'EscalationSolutionTimeStart',
  'EscalationSolutionTimeStop',
  'EscalationSolutionTimeNotifyBefore',
  'SatisfactionRated',
  'SatisfactionCommented',
  /** Mail about the ticket from someone who is not its customer: kept as an internal article. */
  'FollowUpNotFromCustomer',
  'AddParticipant',
  /** A tag put on or taken off the ticket (the tag in new/old value). */
  'TagAdd',
  'TagRemove',
  /** A value of one of the queue's fields set or changed; old and new values read `<key>: <value>`. */
  'TicketDynamicFieldUpdate',
] as const;
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];

export const TICKET_LINK_KINDS = ['merged_into', 'follow_up_of'] as const;
export type TicketLinkKind = (typeof TICKET_LINK_KINDS)[number];

export const OUTBOX_STATUSES = ['pending', 'delivered', 'failed'] as const;

/** Deliveries of one lane go strictly in order per ticket; lanes do not wait for each other. */
export const OUTBOX_LANES = ['slack', 'email'] as const;
export type OutboxLane = (typeof OUTBOX_LANES)[number];

export const SLACK_POST_KINDS = ['queue_card', 'customer_thread', 'article_copy'] as const;
export type SlackPostKind = (typeof SLACK_POST_KINDS)[number];

export const JOB_KINDS = [
  'sla_warning',
  'sla_breach',
  'pending_reminder',
  'pending_auto_close',
  'claim_timeout',
] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** Work every replica runs on a timer but only one of them should do per interval (`periodic_turns`). */
export const PERIODIC_TASKS = ['slack_presence'] as const;
export type PeriodicTask = (typeof PERIODIC_TASKS)[number];

export const SLA_TARGETS = ['first_response', 'update', 'solution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];
