/**
 * Mail in (OTRS's PostMaster): one pipeline for every way a mail arrives (IMAP, SMTP). A mail about a known
 * ticket (its number in the subject, or a reply to one of its messages) is a follow-up; any other opens a
 * ticket in the queue it was addressed to, as the sender. Each Message-ID is stored once, so a mail read twice
 * changes nothing; a mail that cannot be taken is kept as refused, with the reason, and never throws.
 */
import { createHash } from 'node:crypto';
import type { HelpDesk } from '../core/help-desk.js';
import {
  type AttachmentInput,
  type InboundMail,
  type InboundResult,
  MAX_ARTICLE_BODY,
  MAX_TITLE_LENGTH,
  type MailInPolicy,
  type QueueKey,
} from '../core/model.js';
import { senderVerdict } from './authentication-results.js';
import type { MailAttachment, MailContent } from './mail-content.js';
import { readMail } from './mail-reader.js';
import { firstLineWithText, oneLine, withoutReplyPrefixes } from './mail-text.js';

export type { InboundResult } from '../core/model.js';

export interface MailLogger {
  debug(...parts: unknown[]): void;
  info(...parts: unknown[]): void;
  warn(...parts: unknown[]): void;
  error(...parts: unknown[]): void;
}

const MAX_HEADER_TEXT = 998;

/** What mail in may take, as the environment sets it. */
export interface MailInLimits {
  /** Larger attachments are not kept (recorded as refused); the mail still lands. */
  maxAttachmentBytes: number;
  /** Larger mails are refused whole. */
  maxMessageBytes: number;
  /** Automatic notices one address may get per hour from mail it sent. */
  autoReplyHourlyCap: number;
  /** Automatic notices the whole desk sends per hour about mail it took in. */
  deskAutoReplyHourlyCap: number;
  /** Mails taken per hour from one sender, and landing on one ticket; more are kept as refused. */
  senderHourlyCap: number;
  ticketHourlyCap: number;
}

export interface InboundContext {
  desk: HelpDesk;
  /** The envelope recipients (SMTP RCPT TO), when known. */
  recipients?: string[];
  /** The envelope sender (SMTP MAIL FROM): '' for the null sender of a bounce; undefined when unknown. */
  envelopeFrom?: string | null;
  /** The queue of the mailbox the mail was read from: used when no recipient is a queue's address. */
  accountQueueKey?: QueueKey;
  /** The limits and caps the environment sets (MAIL_MAX_*, MAIL_*_HOURLY_CAP; see `mailInLimits`). */
  limits: MailInLimits;
  /** How long reading one mail (parsing, HTML to text) may take before it is refused; 10 s by default. */
  readBudgetMs?: number;
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

/** Thrown by the pipeline only for failures a retry may fix (the database is busy, a disk is full…). */
export class InboundFailure extends Error {
  override name = 'InboundFailure';
}

// ---------------------------------------------------------------------------------------------------------
// Reading the mail
// ---------------------------------------------------------------------------------------------------------

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
        refusedReason: 'too_large',
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
          refusedReason: 'too_large',
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
// The pipeline
// ---------------------------------------------------------------------------------------------------------

/** A Message-ID for a mail without one, made from its bytes: the same mail read twice gets the same id. */
export function syntheticMessageId(raw: Buffer): string {
  return `<${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@no-message-id.sportello.invalid>`;
}

/** The desk's rules for mail in, from the context's settings. */
function policyOf(context: InboundContext): MailInPolicy {
  return {
    noticesPerAddressHourly: context.limits.autoReplyHourlyCap,
    noticesPerDeskHourly: context.limits.deskAutoReplyHourlyCap,
    mailsPerSenderHourly: context.limits.senderHourlyCap,
    mailsPerTicketHourly: context.limits.ticketHourlyCap,
    checksSenders: (context.trustedAuthservIds ?? []).length > 0,
    ownAddresses: context.ownAddresses ?? [],
  };
}

/**
 * Takes one raw mail: read (in a worker, within a time budget), turned into the plain value the desk's rules
 * work on, then taken by the desk (a follow-up, a new ticket, or kept as refused). Resolves with what
 * happened; refusals are stored, not thrown. Rejects (InboundFailure) only when the database failed, so the
 * caller keeps the mail for a retry (an IMAP message stays unseen, SMTP answers 451).
 */
export async function receiveMail(raw: Buffer, context: InboundContext): Promise<InboundResult> {
  const { desk, logger } = context;
  const source = context.source ?? 'mail';
  const envelope = { raw, source, envelopeFrom: context.envelopeFrom, envelopeTo: context.recipients };
  try {
    const { maxMessageBytes } = context.limits;
    const unread = { ...envelope, messageId: syntheticMessageId(raw) };
    let result: InboundResult;
    if (raw.length > maxMessageBytes) {
      result = await desk.refuseMail(
        unread,
        `too large: ${raw.length} bytes (the limit is ${maxMessageBytes})`,
      );
    } else {
      // Parsed in a worker thread, within a time budget: nothing a sender wrote can stall the desk.
      const read = await readMail(raw, context.readBudgetMs);
      result = read.ok
        ? await desk.takeMail(inboundMail(raw, read.mail, context, source), policyOf(context))
        : await desk.refuseMail(unread, read.reason);
    }
    logResult(logger, source, result);
    return result;
  } catch (error) {
    throw new InboundFailure(`mail: could not take the message: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The address of a Return-Path (`<address>`, or the bare address some servers write). */
function returnPathAddress(value: string): string {
  return (/<([^<>]*)>/.exec(value)?.[1] ?? value).trim();
}

/**
 * Who sent the mail: its From, or for a mail without one (taken as OTRS takes it) the envelope sender: the
 * relay's MAIL FROM over SMTP, the Return-Path the delivering server wrote over IMAP.
 */
function senderOf(parsed: MailContent, envelopeFrom: string | null | undefined) {
  if (parsed.from) return parsed.from;
  const returnPath = parsed.headers.find((h) => h.name === 'return-path')?.value;
  const address = envelopeFrom || (returnPath && returnPathAddress(returnPath));
  return address ? { address, name: '' } : undefined;
}

/** The mail as the desk's rules read it. */
function inboundMail(raw: Buffer, parsed: MailContent, context: InboundContext, source: string): InboundMail {
  const declaredId = parsed.messageId;
  const declaresMessageId = declaredId !== undefined && declaredId.length <= MAX_HEADER_TEXT;
  const { body, extra } = fitBody(parsed.body, context.limits.maxAttachmentBytes);
  const from = senderOf(parsed, context.envelopeFrom);
  const sender = from?.address.trim().toLowerCase();
  const authenticationResults = parsed.headers
    .filter((h) => h.name === 'authentication-results')
    .map((h) => h.value);
  const checks = (context.trustedAuthservIds ?? []).length > 0;
  return {
    raw,
    source,
    messageId: declaresMessageId ? declaredId : syntheticMessageId(raw),
    declaresMessageId,
    from: sender ? { address: sender, name: oneLine(from?.name ?? '', 200) } : null,
    subject: parsed.subject,
    title: titleOf(parsed.subject, body),
    body,
    attachments: [...attachmentsOf(parsed.attachments, context.limits.maxAttachmentBytes), ...extra],
    toText: parsed.toText,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    recipients: [
      ...(context.recipients ?? []).map((r) => r.trim().toLowerCase()),
      ...parsed.to,
      ...parsed.cc,
      ...['delivered-to', 'x-original-to'].flatMap((name) => {
        const value = parsed.headers.find((h) => h.name === name)?.value;
        return value ? [value.replace(/^<|>$/g, '').trim().toLowerCase()] : [];
      }),
    ],
    envelopeTo: context.recipients,
    envelopeFrom: context.envelopeFrom,
    headers: parsed.headers,
    contentType: parsed.contentType,
    senderVerdict:
      checks && sender
        ? senderVerdict(authenticationResults, sender, context.trustedAuthservIds ?? [])
        : undefined,
    mailboxQueueKey: context.accountQueueKey,
  };
}

function logResult(logger: MailLogger, source: string, result: InboundResult): void {
  if (result.status === 'refused') {
    logger.warn(`mail: refused (${source}): ${result.reason}`);
  } else if (result.status === 'duplicate') {
    logger.info(`mail: already on Ticket#${result.ticketNumber}`);
  } else {
    const what = result.status === 'opened' ? `opened in ${result.queueKey}` : result.outcome;
    const quiet = result.autoReply ? '' : ` (no automatic notice: ${result.noAutoReplyReason})`;
    logger.info(`mail: → Ticket#${result.ticketNumber} ${what}${quiet}`);
  }
}
