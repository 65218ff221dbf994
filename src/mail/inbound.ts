/**
 * Mail in (OTRS's PostMaster): one pipeline for every way a mail arrives (IMAP, SMTP). A mail about a known
 * ticket (its number in the subject, or a reply to one of its messages) is a follow-up; any other opens a
 * ticket in the queue it was addressed to, as the sender. Each Message-ID is stored once, so a mail read twice
 * changes nothing; a mail that cannot be taken is kept as refused, with the reason, and never throws.
 */
import { createHash } from 'node:crypto';
import { and, eq, gte, inArray, type SQL, sql } from 'drizzle-orm';
import { type EmailAddress, type ParsedMail, simpleParser } from 'mailparser';
import type { Actor } from '../core/actor.js';
import { inTransaction } from '../core/context.js';
import { HelpDeskError } from '../core/errors.js';
import type { HelpDesk } from '../core/help-desk.js';
import { findTicketNumbers, isValidTicketNumber } from '../core/ticket-number.js';
import {
  type ArticleInput,
  type AttachmentInput,
  findStoredMessage,
  MAX_ARTICLE_BODY,
} from '../core/tickets/article-store.js';
import type { FollowUpOutcome } from '../core/tickets/follow-up.js';
import { MAX_TITLE_LENGTH } from '../core/tickets/open-ticket.js';
import type { DbOrTx } from '../db/client.js';
import { articles, customers, outbox, queues, tickets } from '../db/schema.js';
import { type MailFacts, noAutoReplyReason } from './loop-protection.js';
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
const HOUR_MS = 3_600_000;
/** HTML bodies beyond this are not run through the HTML-to-text converter (a crude tag strip instead). */
const MAX_HTML_TO_CONVERT = 5_000_000;
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
  /** Automatic notices one address may get per hour from mail it sent; 10 by default. */
  autoReplyHourlyCap?: number;
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

/** Control characters (CR, LF, NUL…) never belong in a one-line header value: each becomes a space. */
export function oneLine(text: string, max = MAX_HEADER_TEXT): string {
  return text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

/** A body as text: line ends as `\n`, no NULs or other control characters but tab and newline. */
function cleanBody(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[^\P{Cc}\n\t]/gu, '')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/^\n+|\s+$/g, '');
}

/** The first raw header of that name, unfolded, without its name. */
function rawHeader(parsed: ParsedMail, name: string): string | undefined {
  const line = parsed.headerLines.find((h) => h.key === name)?.line;
  if (line === undefined) return undefined;
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/** The `<…>` ids in a header value, in order, unique. */
function messageIds(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const ids = [...text.matchAll(/<[^<>\s]{1,500}>/g)].map((m) => m[0]);
  // mailparser may hand back ids without their brackets.
  if (ids.length === 0) {
    for (const bare of text.split(/\s+/)) if (/^[^<>\s@]+@[^<>\s@]+$/.test(bare)) ids.push(`<${bare}>`);
  }
  return [...new Set(ids)];
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Address entries with the members of groups (`team: a@x, b@y;`) in place of the groups. */
function flatten(entries: EmailAddress[]): EmailAddress[] {
  return entries.flatMap((entry) => (entry.group ? flatten(entry.group) : [entry]));
}

function addressesOf(value: ParsedMail['to']): string[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return objects
    .flatMap((object) => flatten(object.value))
    .flatMap((entry) => (entry.address ? [entry.address.trim().toLowerCase()] : []));
}

function headerText(value: ParsedMail['to']): string | undefined {
  if (value === undefined) return undefined;
  const text = (Array.isArray(value) ? value : [value]).map((v) => v.text).join(', ');
  return text === '' ? undefined : oneLine(text);
}

/** The readable text of a mail: its plain part, or its HTML converted (mailparser), or stripped of tags. */
function bodyOf(parsed: ParsedMail): string {
  if (parsed.text && parsed.text.trim() !== '' && !parsed.textConversionError) return cleanBody(parsed.text);
  if (typeof parsed.html === 'string' && parsed.html.trim() !== '') return cleanBody(stripTags(parsed.html));
  return cleanBody(parsed.text ?? '');
}

/** A last resort for HTML the converter did not take: tags out, common entities decoded. */
function stripTags(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n');
}

/** Reply and forward prefixes in a subject ("Re:", "R:", "Fwd:", "I:", "AW:"…), and our ticket tag. */
function titleOf(subject: string, body: string): string {
  let title = subject.replace(/\[?Ticket#\s?\d{14,24}\]?/gi, ' ');
  let previous: string;
  do {
    previous = title;
    title = title.replace(/^\s*(?:re|r|fw|fwd|i|inoltro|aw|wg|tr|rif|sv|vs)\s*(?:\[\d+\])?\s*:\s*/i, '');
  } while (title !== previous);
  title = oneLine(title);
  if (title === '') title = oneLine(body.split('\n').find((l) => l.trim() !== '') ?? '', 80);
  if (title === '') title = '(no subject)';
  return title.length > MAX_TITLE_LENGTH ? `${title.slice(0, MAX_TITLE_LENGTH - 1)}…` : title;
}

function attachmentsOf(parsed: ParsedMail, maxBytes: number): AttachmentInput[] {
  return parsed.attachments.map((attachment, index) => {
    const filename = oneLine(attachment.filename ?? '', 255) || `attachment-${index + 1}`;
    const contentType = oneLine(attachment.contentType || 'application/octet-stream', 255);
    const sizeBytes = attachment.content.length;
    if (sizeBytes > maxBytes) {
      return {
        filename,
        contentType,
        sizeBytes,
        refusedReason: `too large: ${sizeBytes} bytes (the limit is ${maxBytes})`,
      };
    }
    return { filename, contentType, sizeBytes, content: attachment.content };
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
  number: string;
  customerEmail: string | null;
}

function knownTicket(db: DbOrTx, where: SQL): KnownTicket | undefined {
  return db
    .select({ number: tickets.number, customerEmail: customers.email })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(where)
    .get();
}

const ticketByNumber = (db: DbOrTx, number: string) => knownTicket(db, eq(tickets.number, number));
const ticketById = (db: DbOrTx, id: number) => knownTicket(db, eq(tickets.id, id));

/**
 * The ticket a mail is about: a `Ticket#<number>` of this desk in the subject, else the ticket of a stored
 * message it replies to (In-Reply-To, then References from the latest), else one of our Message-IDs it
 * names.
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
  for (const id of replyIds) {
    const number = /^<sportello\.\d+\.(\d{14,24})@/i.exec(id)?.[1];
    const ticket = number && isValidTicketNumber(number, systemId) ? ticketByNumber(db, number) : undefined;
    if (ticket) return ticket;
  }
  return undefined;
}

/**
 * Automatic notices sent by email to `address` in the last hour about mail it sent: the "received",
 * "reopened" and "follow-up rejected" rows of the outbox.
 */
function autoRepliesInLastHour(db: DbOrTx, address: string, now: Date): number {
  const row = db
    .select({ count: sql<number>`count(*)` })
    .from(outbox)
    .innerJoin(tickets, eq(tickets.id, outbox.ticketId))
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(
      and(
        eq(customers.email, address),
        eq(outbox.topic, 'customer.notify'),
        eq(outbox.lane, 'email'),
        gte(outbox.createdAt, new Date(now.getTime() - HOUR_MS)),
        sql`json_extract(${outbox.payload}, '$.event') in ('received', 'reopened', 'follow_up_rejected')`,
      ),
    )
    .get();
  return row?.count ?? 0;
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
    let parsed: ParsedMail;
    try {
      parsed = await simpleParser(raw, {
        keepCidLinks: true,
        skipTextToHtml: true,
        skipTextLinks: true,
        skipImageLinks: true,
        maxHtmlLengthToParse: MAX_HTML_TO_CONVERT,
      });
    } catch (error) {
      return refuse(`unparseable: ${(error as Error).message}`);
    }
    return await take(raw, parsed, context, refuse);
  } catch (error) {
    if (error instanceof HelpDeskError) return refuse(error.message);
    throw new InboundFailure(`mail: could not take the message: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function take(
  raw: Buffer,
  parsed: ParsedMail,
  context: InboundContext,
  refuse: (reason: string, messageId?: string | null) => InboundResult,
): Promise<InboundResult> {
  const { desk, logger } = context;
  const db = desk.ctx.db;
  const declaredId = messageIds(parsed.messageId)[0];
  const messageId = declaredId && declaredId.length <= MAX_HEADER_TEXT ? declaredId : syntheticMessageId(raw);

  // Stored before (read twice, or our own mail come back): nothing to do, whoever sent it.
  const stored = findStoredMessage(db, { channel: 'email', body: '', messageId });
  if (stored) {
    const number = desk.ticketNumberById(stored.ticketId);
    logger.info(`mail: ${messageId} is already on Ticket#${number}`);
    return { status: 'duplicate', ticketNumber: number, articleId: stored.id };
  }

  const fromEntry = flatten(parsed.from?.value ?? []).find((entry) => entry.address);
  const sender = fromEntry?.address?.trim().toLowerCase();
  if (!sender) return refuse('no sender: the mail has no From address', messageId);
  if (!EMAIL.test(sender))
    return refuse(`the From address "${oneLine(sender, 200)}" is not valid`, messageId);

  const queueList = queueAddresses(db);
  const ownAddresses = [...queueList.map((q) => q.address), ...(context.ownAddresses ?? [])].map((a) =>
    a.toLowerCase(),
  );
  if (ownAddresses.includes(sender)) {
    return refuse(`sent from the desk's own address ${sender}: not taken, to avoid a mail loop`, messageId);
  }

  const subject = oneLine(parsed.subject ?? '');
  const inReplyTo = messageIds(parsed.inReplyTo);
  const references = messageIds(parsed.references);
  const { body, extra } = fitBody(bodyOf(parsed), context.maxAttachmentBytes);
  const attachments = [...attachmentsOf(parsed, context.maxAttachmentBytes), ...extra];
  const name = oneLine(fromEntry?.name ?? '', 200);
  const article: ArticleInput = {
    channel: 'email',
    body: body === '' ? (attachments.length > 0 ? '(no text: see the attachments)' : '(no text)') : body,
    subject: subject === '' ? undefined : subject,
    fromAddress: name ? `${name} <${sender}>` : sender,
    toAddress: headerText(parsed.to) ?? context.recipients?.join(', '),
    messageId,
    inReplyTo: inReplyTo.length > 0 ? inReplyTo.join(' ') : undefined,
    references: references.length > 0 ? references.join(' ') : undefined,
    attachments,
  };

  const ownDomains = [...new Set(ownAddresses.map(domainOf))];
  const contentType = parsed.headers.get('content-type');
  const facts: MailFacts = {
    header: (headerName) => rawHeader(parsed, headerName),
    contentType:
      contentType && typeof contentType === 'object' && 'value' in contentType
        ? String(contentType.value).toLowerCase()
        : 'text/plain',
    fromAddress: sender,
    envelopeFrom: context.envelopeFrom,
    messageId: declaredId ?? null,
  };
  const loopReason = noAutoReplyReason(facts, { addresses: ownAddresses, domains: ownDomains });
  const cap = context.autoReplyHourlyCap ?? DEFAULT_AUTO_REPLY_HOURLY_CAP;
  const replyIds = [...inReplyTo, ...[...references].reverse()];

  /** Whether the automatic notice may go to `address`, and why not. */
  const mayAutoReply = (address: string | null): { autoReply: boolean; noAutoReplyReason?: string } => {
    if (loopReason) return { autoReply: false, noAutoReplyReason: loopReason };
    if (address && autoRepliesInLastHour(db, address, desk.ctx.clock.now()) >= cap) {
      return {
        autoReply: false,
        noAutoReplyReason: `${address} got ${cap} automatic notices in the last hour`,
      };
    }
    return { autoReply: true };
  };

  // One write transaction: the duplicate check, the hourly count and the change cannot interleave with
  // another reader taking the same mail.
  const land = (): InboundResult => {
    const again = findStoredMessage(db, article);
    if (again) {
      return {
        status: 'duplicate',
        ticketNumber: desk.ticketNumberById(again.ticketId),
        articleId: again.id,
      };
    }
    const ticket = ticketAddressed(db, desk.ctx.systemId, subject, replyIds);
    if (ticket) {
      const isCustomer = ticket.customerEmail !== null && ticket.customerEmail === sender;
      const actor: Actor = isCustomer
        ? { kind: 'email', address: sender }
        : { kind: 'system', label: 'Email' };
      const notice = mayAutoReply(ticket.customerEmail);
      const done = desk.followUp(actor, ticket.number, article, { notifyCustomer: notice.autoReply });
      if (done.outcome === 'duplicate') {
        return { status: 'duplicate', ticketNumber: done.ticket.number, articleId: done.article.id };
      }
      return {
        status: 'followed_up',
        outcome: done.outcome,
        ticketNumber: done.ticket.number,
        articleId: done.article.id,
        previousTicketNumber: done.previousTicket?.number,
        ...notice,
      };
    }
    const queueKey = queueFor(queueList, context, parsed);
    if (!queueKey) {
      throw new NoQueue(
        'no queue: none of the recipients is a queue address and the mailbox has no queue of its own',
      );
    }
    const notice = mayAutoReply(sender);
    const opened = desk.openTicket(
      { kind: 'email', address: sender },
      {
        queueKey,
        title: titleOf(subject, article.body),
        article,
        customer: { email: sender, ...(name ? { name } : {}) },
        notifyCustomer: notice.autoReply,
      },
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
    result = inTransaction(desk.ctx, land);
  } catch (error) {
    // The core said no (the queue takes no tickets, the text is empty…): kept as refused, with its words.
    if (error instanceof HelpDeskError) return refuse(error.message, messageId);
    throw error;
  }
  logResult(logger, messageId, result);
  return result;
}

class NoQueue extends HelpDeskError {
  constructor(message: string) {
    super('mail_no_queue', message);
  }
}

/** The queue a new ticket opens in: the first recipient that is a queue's address, else the mailbox's. */
function queueFor(list: QueueAddress[], context: InboundContext, parsed: ParsedMail): string | undefined {
  const candidates = [
    ...(context.recipients ?? []).map((r) => r.trim().toLowerCase()),
    ...addressesOf(parsed.to),
    ...addressesOf(parsed.cc),
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
