/**
 * Mail in (OTRS's PostMaster): one pipeline for every way a mail arrives (IMAP, SMTP). A mail about a known
 * ticket (its number in the subject, or a reply to one of its messages) is a follow-up; any other opens a
 * ticket in the queue it was addressed to, as the sender. Each Message-ID is stored once, so a mail read twice
 * changes nothing; a mail that cannot be taken is kept as refused, with the reason, and never throws.
 */
import { createHash } from 'node:crypto';
import { eq, inArray, type SQL } from 'drizzle-orm';
import { isEmailAddress } from '../core/email-address.js';
import { HelpDeskError } from '../core/errors.js';
import type { HelpDesk } from '../core/help-desk.js';
import {
  mailsFromSenderInLastHour,
  mailsOnTicketInLastHour,
  noticesInLastHour,
  recordMailIntake,
} from '../core/mail-intake.js';
import { findTicketNumbers } from '../core/ticket-number.js';
import {
  type ArticleInput,
  type AttachmentInput,
  findStoredMessage,
  MAX_ARTICLE_BODY,
} from '../core/tickets/article-store.js';
import type { FollowUpOutcome } from '../core/tickets/follow-up.js';
import { MAX_TITLE_LENGTH } from '../core/tickets/open-ticket.js';
import type { DbOrTx } from '../db/client.js';
import { articles, customers, queues, tickets } from '../db/schema.js';
import { senderVerdict } from './authentication-results.js';
import { type MailFacts, noAutoReplyReason } from './loop-protection.js';
import type { MailAttachment, MailContent } from './mail-content.js';
import { DEFAULT_READ_BUDGET_MS, readMail } from './mail-reader.js';
import { firstLineWithText, oneLine, withoutReplyPrefixes } from './mail-text.js';
import { findRefusedMail, recordRefusedMail } from './refused.js';

export interface MailLogger {
  debug(...parts: unknown[]): void;
  info(...parts: unknown[]): void;
  warn(...parts: unknown[]): void;
  error(...parts: unknown[]): void;
}

export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
export const DEFAULT_AUTO_REPLY_HOURLY_CAP = 10;
export const DEFAULT_DESK_AUTO_REPLY_HOURLY_CAP = 200;
export const DEFAULT_SENDER_HOURLY_CAP = 60;
export const DEFAULT_TICKET_HOURLY_CAP = 30;
const MAX_HEADER_TEXT = 998;

export interface InboundContext {
  desk: HelpDesk;
  /** The envelope recipients (SMTP RCPT TO), when known. */
  recipients?: string[];
  /** The envelope sender (SMTP MAIL FROM): '' for the null sender of a bounce; undefined when unknown. */
  envelopeFrom?: string | null;
  /** The queue of the mailbox the mail was read from: used when no recipient is a queue's address. */
  accountQueueKey?: string;
  maxAttachmentBytes: number;
  /** Larger mails are refused whole. */
  maxMessageBytes?: number;
  /** How long reading one mail (parsing, HTML to text) may take before it is refused; 10 s by default. */
  readBudgetMs?: number;
  /** Automatic notices one address may get per hour from mail it sent; 10 by default. */
  autoReplyHourlyCap?: number;
  /** Automatic notices the whole desk sends per hour about mail it took in; 200 by default. */
  deskAutoReplyHourlyCap?: number;
  /** Mails taken per hour from one sender, and landing on one ticket; more are kept as refused. */
  senderHourlyCap?: number;
  ticketHourlyCap?: number;
  /**
   * The authserv-ids of the organisation's own mail servers (sportello.yml `mail_authentication`): when
   * set, a sender is believed only if their `Authentication-Results` say so. Empty: senders are not checked.
   */
  trustedAuthservIds?: readonly string[];
  /** Addresses and Message-ID domains that are ours besides the queues' (the desk's MAIL_FROM). */
  ownAddresses?: string[];
  /** Where the mail came from, kept with a refusal: `smtp`, `imap:user@host/INBOX`. */
  source?: string;
  logger: MailLogger;
}

interface Landed {
  ticketNumber: string;
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
  | { status: 'duplicate'; ticketNumber: string; articleId: number }
  /** Kept in `refused_mails`; `again` when this Message-ID had been refused already. */
  | { status: 'refused'; reason: string; refusedId: number; again?: boolean };

/** Thrown by the pipeline only for failures a retry may fix (the database is busy, a disk is full…). */
export class InboundFailure extends Error {
  override name = 'InboundFailure';
}

// ---------------------------------------------------------------------------------------------------------
// Reading the mail
// ---------------------------------------------------------------------------------------------------------

/** Every raw header of that name, topmost first, unfolded, without its name. */
function rawHeaders(parsed: MailContent, name: string): string[] {
  return parsed.headers.filter((h) => h.name === name).map((h) => h.value);
}

/** The first raw header of that name, unfolded, without its name. */
function rawHeader(parsed: MailContent, name: string): string | undefined {
  return parsed.headers.find((h) => h.name === name)?.value;
}

/** Reply and forward prefixes in a subject ("Re:", "R:", "Fwd:", "I:", "AW:"…), and our ticket tag. */
function titleOf(subject: string, body: string): string {
  let title = oneLine(withoutReplyPrefixes(subject.replace(/\[?Ticket#\s?\d{14,24}\]?/gi, ' ')));
  if (title === '') title = oneLine(firstLineWithText(body), 80);
  if (title === '') title = '(no subject)';
  return title.length > MAX_TITLE_LENGTH ? `${title.slice(0, MAX_TITLE_LENGTH - 1)}…` : title;
}

function attachmentsOf(files: MailAttachment[], maxBytes: number): AttachmentInput[] {
  return files.map((attachment, index) => {
    const filename = attachment.filename || `attachment-${index + 1}`;
    const { contentType } = attachment;
    const sizeBytes = attachment.content.length;
    if (sizeBytes > maxBytes) {
      return {
        filename,
        contentType,
        sizeBytes,
        refusedReason: `too large: ${sizeBytes} bytes (the limit is ${maxBytes})`,
      };
    }
    const { buffer, byteOffset, byteLength } = attachment.content;
    return { filename, contentType, sizeBytes, content: Buffer.from(buffer, byteOffset, byteLength) };
  });
}

/** A body too long for an article: its beginning, and the whole text as an attachment. */
function fitBody(body: string, maxAttachmentBytes: number): { body: string; extra: AttachmentInput[] } {
  if (body.length <= MAX_ARTICLE_BODY) return { body, extra: [] };
  const note = `\n\n[… the message is longer than ${MAX_ARTICLE_BODY} characters: the whole text is attached as message.txt]`;
  const content = Buffer.from(body, 'utf8');
  const file: AttachmentInput =
    content.length > maxAttachmentBytes
      ? {
          filename: 'message.txt',
          contentType: 'text/plain; charset=utf-8',
          sizeBytes: content.length,
          refusedReason: `too large: ${content.length} bytes (the limit is ${maxAttachmentBytes})`,
        }
      : {
          filename: 'message.txt',
          contentType: 'text/plain; charset=utf-8',
          sizeBytes: content.length,
          content,
        };
  return { body: body.slice(0, MAX_ARTICLE_BODY - note.length) + note, extra: [file] };
}

// ---------------------------------------------------------------------------------------------------------
// Finding the queue and the ticket
// ---------------------------------------------------------------------------------------------------------

interface QueueAddress {
  key: string;
  address: string;
}

function queueAddresses(db: DbOrTx): QueueAddress[] {
  return db
    .select({ key: queues.key, address: queues.emailAddress })
    .from(queues)
    .where(eq(queues.active, true))
    .all()
    .filter((q): q is QueueAddress => q.address !== null)
    .map((q) => ({ key: q.key, address: q.address.toLowerCase() }));
}

interface KnownTicket {
  id: number;
  number: string;
  customerEmail: string | null;
}

function knownTicket(db: DbOrTx, where: SQL): KnownTicket | undefined {
  return db
    .select({ id: tickets.id, number: tickets.number, customerEmail: customers.email })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(where)
    .get();
}

const ticketByNumber = (db: DbOrTx, number: string) => knownTicket(db, eq(tickets.number, number));
const ticketById = (db: DbOrTx, id: number) => knownTicket(db, eq(tickets.id, id));

/**
 * The ticket a mail is about: a `Ticket#<number>` of this desk in the subject, else the ticket of a stored
 * message it replies to (In-Reply-To, then References from the latest). Only Message-IDs the desk stored
 * count: one merely shaped like ours names nothing. Who may write into that ticket is the core's decision.
 */
function ticketAddressed(
  db: DbOrTx,
  systemId: string,
  subject: string,
  replyIds: string[],
): KnownTicket | undefined {
  for (const number of findTicketNumbers(subject, systemId)) {
    const ticket = ticketByNumber(db, number);
    if (ticket) return ticket;
  }
  if (replyIds.length === 0) return undefined;
  const stored = db
    .select({ messageId: articles.messageId, ticketId: articles.ticketId })
    .from(articles)
    .where(inArray(articles.messageId, replyIds))
    .all();
  for (const id of replyIds) {
    const hit = stored.find((row) => row.messageId === id);
    const ticket = hit && ticketById(db, hit.ticketId);
    if (ticket) return ticket;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// The pipeline
// ---------------------------------------------------------------------------------------------------------

/** A Message-ID for a mail without one, made from its bytes: the same mail read twice gets the same id. */
function syntheticMessageId(raw: Buffer): string {
  return `<${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@no-message-id.sportello.invalid>`;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * Takes one raw mail: a follow-up on the ticket it is about, or a new ticket in the queue it was sent to.
 * Resolves with what happened; refusals are stored, not thrown. Rejects (InboundFailure) only when the
 * database failed, so the caller keeps the mail for a retry (an IMAP message stays unseen, SMTP answers 451).
 */
export async function receiveMail(raw: Buffer, context: InboundContext): Promise<InboundResult> {
  const { desk, logger } = context;
  const db = desk.ctx.db;
  const source = context.source ?? 'mail';
  const refuse = (reason: string, messageId?: string | null): InboundResult => {
    if (messageId) {
      const earlier = findRefusedMail(db, messageId);
      if (earlier) return { status: 'refused', reason: earlier.reason, refusedId: earlier.id, again: true };
    }
    const refusedId = recordRefusedMail(db, desk.ctx.clock.now(), {
      reason,
      source,
      raw,
      envelopeFrom: context.envelopeFrom,
      envelopeTo: context.recipients,
      messageId,
    });
    logger.warn(`mail: refused (${source}${messageId ? ` ${messageId}` : ''}): ${reason}`);
    return { status: 'refused', reason, refusedId };
  };

  try {
    const maxMessageBytes = context.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (raw.length > maxMessageBytes) {
      return refuse(`too large: ${raw.length} bytes (the limit is ${maxMessageBytes})`);
    }
    // Parsed in a worker thread, within a time budget: nothing a sender wrote can stall the desk.
    const read = await readMail(raw, context.readBudgetMs ?? DEFAULT_READ_BUDGET_MS);
    if (!read.ok) return refuse(read.reason);
    return await take(raw, read.mail, context, refuse);
  } catch (error) {
    if (error instanceof HelpDeskError) return refuse(error.message);
    throw new InboundFailure(`mail: could not take the message: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function take(
  raw: Buffer,
  parsed: MailContent,
  context: InboundContext,
  refuse: (reason: string, messageId?: string | null) => InboundResult,
): Promise<InboundResult> {
  const { desk, logger } = context;
  const db = desk.ctx.db;
  const declaredId = parsed.messageId;
  const messageId = declaredId && declaredId.length <= MAX_HEADER_TEXT ? declaredId : syntheticMessageId(raw);

  // Stored before (read twice, or our own mail come back): nothing to do, whoever sent it.
  const stored = findStoredMessage(db, { channel: 'email', body: '', messageId });
  if (stored) {
    const number = await desk.ticketNumberById(stored.ticketId);
    logger.info(`mail: ${messageId} is already on Ticket#${number}`);
    return { status: 'duplicate', ticketNumber: number, articleId: stored.id };
  }

  const fromEntry = parsed.from;
  const sender = fromEntry?.address.trim().toLowerCase();
  if (!sender) return refuse('no sender: the mail has no From address', messageId);
  if (!isEmailAddress(sender))
    return refuse(`the From address "${oneLine(sender, 200)}" is not valid`, messageId);

  const queueList = queueAddresses(db);
  const ownAddresses = [...queueList.map((q) => q.address), ...(context.ownAddresses ?? [])].map((a) =>
    a.toLowerCase(),
  );
  if (ownAddresses.includes(sender)) {
    return refuse(`sent from the desk's own address ${sender}: not taken, to avoid a mail loop`, messageId);
  }

  const { subject, inReplyTo, references } = parsed;
  const { body, extra } = fitBody(parsed.body, context.maxAttachmentBytes);
  const attachments = [...attachmentsOf(parsed.attachments, context.maxAttachmentBytes), ...extra];
  const name = oneLine(fromEntry?.name ?? '', 200);
  const article: ArticleInput = {
    channel: 'email',
    body: body === '' ? (attachments.length > 0 ? '(no text: see the attachments)' : '(no text)') : body,
    subject: subject === '' ? undefined : subject,
    fromAddress: name ? `${name} <${sender}>` : sender,
    toAddress: parsed.toText ?? context.recipients?.join(', '),
    messageId,
    inReplyTo: inReplyTo.length > 0 ? inReplyTo.join(' ') : undefined,
    references: references.length > 0 ? references.join(' ') : undefined,
    attachments,
  };

  const ownDomains = [...new Set(ownAddresses.map(domainOf))];
  const facts: MailFacts = {
    header: (headerName) => rawHeader(parsed, headerName),
    contentType: parsed.contentType,
    fromAddress: sender,
    envelopeFrom: context.envelopeFrom,
    messageId: declaredId ?? null,
  };
  const loopReason = noAutoReplyReason(facts, { addresses: ownAddresses, domains: ownDomains });
  const replyIds = [...inReplyTo, ...[...references].reverse()];
  const checksSenders = (context.trustedAuthservIds ?? []).length > 0;
  if (checksSenders) {
    const results = rawHeaders(parsed, 'authentication-results');
    article.mailAuth = senderVerdict(results, sender, context.trustedAuthservIds ?? []);
  }
  const caps = {
    notices: context.autoReplyHourlyCap ?? DEFAULT_AUTO_REPLY_HOURLY_CAP,
    deskNotices: context.deskAutoReplyHourlyCap ?? DEFAULT_DESK_AUTO_REPLY_HOURLY_CAP,
    sender: context.senderHourlyCap ?? DEFAULT_SENDER_HOURLY_CAP,
    ticket: context.ticketHourlyCap ?? DEFAULT_TICKET_HOURLY_CAP,
  };

  /** Whether the automatic notice may go to `address`, and why not. */
  const mayAutoReply = (address: string | null): Notice => {
    const now = desk.ctx.clock.now();
    if (loopReason) return { autoReply: false, noAutoReplyReason: loopReason };
    if (checksSenders && article.mailAuth !== 'pass') {
      return {
        autoReply: false,
        noAutoReplyReason: `the sender was not authenticated (${article.mailAuth})`,
      };
    }
    if (address && noticesInLastHour(db, address, now) >= caps.notices) {
      return {
        autoReply: false,
        noAutoReplyReason: `${address} got ${caps.notices} automatic notices in the last hour`,
      };
    }
    if (noticesInLastHour(db, null, now) >= caps.deskNotices) {
      return {
        autoReply: false,
        noAutoReplyReason: `the desk sent ${caps.deskNotices} automatic notices in the last hour`,
      };
    }
    return { autoReply: true };
  };

  // One write transaction: the duplicate check, the hourly counts and the change cannot interleave with
  // another reader taking the same mail.
  const land = async (): Promise<InboundResult> => {
    const again = findStoredMessage(db, article);
    if (again) {
      return {
        status: 'duplicate',
        ticketNumber: await desk.ticketNumberById(again.ticketId),
        articleId: again.id,
      };
    }
    const now = desk.ctx.clock.now();
    if (mailsFromSenderInLastHour(db, sender, now) >= caps.sender) {
      throw new OverCap(`${sender} sent ${caps.sender} mails in the last hour`);
    }
    const ticket = ticketAddressed(db, desk.ctx.systemId, subject, replyIds);
    if (ticket) {
      if (mailsOnTicketInLastHour(db, ticket.id, now) >= caps.ticket) {
        throw new OverCap(`Ticket#${ticket.number} got ${caps.ticket} mails in the last hour`);
      }
      const notice = mayAutoReply(ticket.customerEmail);
      const done = await desk.followUp({ kind: 'email', address: sender }, ticket.number, article, {
        notifyCustomer: notice.autoReply,
        requireAuthenticatedSender: checksSenders,
      });
      if (done.outcome === 'duplicate') {
        return { status: 'duplicate', ticketNumber: done.ticket.number, articleId: done.article.id };
      }
      const told = done.outcome === 'not_from_customer' ? NOT_FROM_CUSTOMER : notice;
      const notified = told.autoReply && done.outcome !== 'appended';
      recordMailIntake(
        db,
        { sender, ticketId: done.ticket.id, noticeTo: notified ? ticket.customerEmail : null },
        now,
      );
      return {
        status: 'followed_up',
        outcome: done.outcome,
        ticketNumber: done.ticket.number,
        articleId: done.article.id,
        previousTicketNumber: done.previousTicket?.number,
        ...told,
      };
    }
    const queueKey = queueFor(queueList, context, parsed);
    if (!queueKey) {
      throw new NoQueue(
        'no queue: none of the recipients is a queue address and the mailbox has no queue of its own',
      );
    }
    const notice = mayAutoReply(sender);
    const opened = await desk.openTicket(
      { kind: 'email', address: sender },
      {
        queueKey,
        title: titleOf(subject, article.body),
        article,
        customer: { email: sender, ...(name ? { name } : {}) },
        notifyCustomer: notice.autoReply,
        requireAuthenticatedSender: checksSenders,
      },
    );
    recordMailIntake(
      db,
      { sender, ticketId: opened.ticket.id, noticeTo: notice.autoReply ? sender : null },
      now,
    );
    return {
      status: 'opened',
      queueKey,
      ticketNumber: opened.ticket.number,
      articleId: opened.article.id,
      ...notice,
    };
  };
  let result: InboundResult;
  try {
    result = await desk.transaction(land);
  } catch (error) {
    // The core said no (the queue takes no tickets, the text is empty…): kept as refused, with its words.
    if (error instanceof HelpDeskError) return refuse(error.message, messageId);
    throw error;
  }
  logResult(logger, messageId, result);
  return result;
}

interface Notice {
  autoReply: boolean;
  noAutoReplyReason?: string;
}

const NOT_FROM_CUSTOMER: Notice = {
  autoReply: false,
  noAutoReplyReason: "the sender is not the ticket's customer nor one of its participants",
};

/** Over an hourly cap: kept as refused, so a flood cannot bury the desk (nor the tickets it names). */
class OverCap extends HelpDeskError {
  constructor(message: string) {
    super('mail_over_cap', message);
  }
}

class NoQueue extends HelpDeskError {
  constructor(message: string) {
    super('mail_no_queue', message);
  }
}

/** The queue a new ticket opens in: the first recipient that is a queue's address, else the mailbox's. */
function queueFor(list: QueueAddress[], context: InboundContext, parsed: MailContent): string | undefined {
  const candidates = [
    ...(context.recipients ?? []).map((r) => r.trim().toLowerCase()),
    ...parsed.to,
    ...parsed.cc,
    ...['delivered-to', 'x-original-to'].flatMap((h) => {
      const value = rawHeader(parsed, h);
      return value ? [value.replace(/^<|>$/g, '').trim().toLowerCase()] : [];
    }),
  ];
  for (const candidate of candidates) {
    const queue = list.find((q) => q.address === candidate);
    if (queue) return queue.key;
  }
  return context.accountQueueKey;
}

function logResult(logger: MailLogger, messageId: string, result: InboundResult): void {
  if (result.status === 'duplicate') {
    logger.info(`mail: ${messageId} is already on Ticket#${result.ticketNumber}`);
  } else if (result.status === 'opened' || result.status === 'followed_up') {
    const what = result.status === 'opened' ? `opened in ${result.queueKey}` : result.outcome;
    const quiet = result.autoReply ? '' : ` (no automatic notice: ${result.noAutoReplyReason})`;
    logger.info(`mail: ${messageId} → Ticket#${result.ticketNumber} ${what}${quiet}`);
  }
}
