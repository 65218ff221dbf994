import type { MailAuthVerdict } from '../../db/schema.js';
import type { QueueKey, TicketNumber } from '../brands.js';
import type { AttachmentInput } from '../tickets/article-store.js';
import type { FollowUpOutcome } from '../tickets/follow-up.js';

/**
 * A mail as the mail layer hands it to the desk: transport and MIME done (read in a worker, text cleaned,
 * attachments sized), nothing decided yet. Which ticket it is about, whether its sender is believed and
 * whether it is answered automatically are the desk's rules (take-mail.ts).
 */
export interface InboundMail {
  /** The raw bytes, kept with a refusal so an admin can see what was lost. */
  raw: Buffer;
  /** Its Message-ID, or one made from its bytes when it has none (the same mail read twice gets the same). */
  messageId: string;
  /** Whether the mail declared that Message-ID itself. */
  declaresMessageId: boolean;
  /**
   * The sender, address lower case: the From entry, or for a mail without one its envelope sender (SMTP MAIL
   * FROM, or the Return-Path the IMAP server's delivery wrote); null when neither is known.
   */
  from: { address: string; name: string } | null;
  subject: string;
  /** A new ticket's title: the subject without reply prefixes and ticket tag, else the body's first line. */
  title: string;
  body: string;
  attachments: AttachmentInput[];
  /** The To header as written, for the article. */
  toText?: string | undefined;
  /** Latest first is not assumed: header order, unique, at most 50 each. */
  inReplyTo: string[];
  references: string[];
  /** Where it was sent, most telling first: envelope recipients, To, Cc, Delivered-To, X-Original-To. */
  recipients: string[];
  /** The envelope recipients only, as the relay gave them. */
  envelopeTo?: string[] | undefined;
  /** The envelope sender (SMTP MAIL FROM): '' for the null sender of a bounce; undefined when unknown. */
  envelopeFrom?: string | null | undefined;
  /** Its headers, lower-case names, unfolded values, topmost first (loop protection reads them). */
  headers: { name: string; value: string }[];
  /** The top-level MIME type, lower case. */
  contentType: string;
  /** What the organisation's mail server said of the sender, when the desk checks senders. */
  senderVerdict?: MailAuthVerdict | undefined;
  /** The queue of the mailbox it was read from: where it opens a ticket when no recipient is a queue's. */
  mailboxQueueKey?: QueueKey | undefined;
  /** Where it came from, kept with a refusal: `smtp`, `imap:user@host/INBOX`. */
  source: string;
}

/** The desk's settings for mail in (environment and sportello.yml). */
export interface MailInPolicy {
  /** Automatic notices per address, and for the whole desk, per hour. */
  noticesPerAddressHourly: number;
  noticesPerDeskHourly: number;
  /** Mails taken per hour from one sender, and landing on one ticket. */
  mailsPerSenderHourly: number;
  mailsPerTicketHourly: number;
  /** Senders are checked (trusted authserv-ids configured): a sender not passing is not believed. */
  checksSenders: boolean;
  /** The desk's own addresses besides the queues' (MAIL_FROM): never answered, never a customer. */
  ownAddresses: string[];
}

interface Landed {
  ticketNumber: TicketNumber;
  articleId: number;
  /** Whether the customer is sent the automatic notice (received, reopened, rejected). */
  autoReply: boolean;
  /** Why not, when not. */
  noAutoReplyReason?: string;
}

export type InboundResult =
  | ({ status: 'opened'; queueKey: string } & Landed)
  | ({
      status: 'followed_up';
      outcome: Exclude<FollowUpOutcome, 'duplicate'>;
      previousTicketNumber?: string;
    } & Landed)
  /** Stored before (the same Message-ID): nothing changed. */
  | { status: 'duplicate'; ticketNumber: TicketNumber; articleId: number }
  /** Kept in `refused_mails`; `again` when this Message-ID had been refused already. */
  | { status: 'refused'; reason: string; refusedId: number; again?: boolean };
