/**
 * When the desk must not answer a mail automatically (RFC 3834): answering a program, a mailing list or a
 * bounce, or our own mail coming back, is how mail loops start. Such a mail still lands on a ticket; only the
 * automatic "received" (or "reopened", "rejected") notice is left out.
 */
import { isOwnMessageId } from '../message-ids.js';

/** What the decision reads from a mail. */
export interface MailFacts {
  /** The first header of that name, unfolded, or undefined. */
  header(name: string): string | undefined;
  /** The top-level MIME type, lower case, e.g. `multipart/report`. */
  contentType: string;
  /** The From address, lower case. */
  fromAddress: string;
  /** The envelope sender (SMTP MAIL FROM): '' for the null sender of a bounce; undefined when unknown. */
  envelopeFrom?: string | null | undefined;
  messageId: string | null;
}

/** What is ours: the queues' (and the desk's) addresses, and the domains our Message-IDs are made in. */
export interface OwnIdentity {
  addresses: string[];
  domains: string[];
}

/** The address inside `<…>` of a Return-Path, or the text itself. */
function pathAddress(value: string): string {
  const match = /<([^<>]*)>/.exec(value);
  return (match ? (match[1] ?? '') : value).trim();
}

/** Why the desk must not answer this mail automatically, or null when it may. */
export function noAutoReplyReason(mail: MailFacts, own: OwnIdentity): string | null {
  const autoSubmitted = mail.header('auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && !/^no\b/.test(autoSubmitted)) return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = mail.header('precedence')?.trim().toLowerCase();
  if (precedence && /^(bulk|junk|list)\b/.test(precedence)) return `Precedence: ${precedence}`;
  // Whatever its value: mailing-list managers and ticket systems stamp it on mail they send out.
  if (mail.header('x-loop') !== undefined) return 'X-Loop';
  if (mail.header('x-auto-response-suppress') !== undefined) return 'X-Auto-Response-Suppress';
  if (mail.header('x-autoreply') !== undefined || mail.header('x-autorespond') !== undefined) {
    return 'an autoresponder (X-Autoreply)';
  }
  if (mail.header('list-id') !== undefined) return 'a mailing list (List-Id)';
  if (mail.envelopeFrom === '') return 'a bounce (null envelope sender)';
  const returnPath = mail.header('return-path');
  if (returnPath !== undefined && pathAddress(returnPath) === '') return 'a bounce (empty Return-Path)';
  const localPart = mail.fromAddress.slice(0, mail.fromAddress.lastIndexOf('@'));
  if (/^mailer-daemon$/i.test(localPart)) return 'a bounce (MAILER-DAEMON)';
  if (mail.contentType === 'multipart/report') return 'a delivery or read report (multipart/report)';
  if (mail.messageId && isOwnMessageId(mail.messageId, own.domains)) return 'one of our own mails';
  if (own.addresses.some((address) => address.toLowerCase() === mail.fromAddress)) {
    return 'sent from one of our own addresses';
  }
  return null;
}
