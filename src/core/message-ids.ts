import type { TicketNumber } from './brands.js';

/**
 * The Message-IDs of the mails the desk sends, in both directions: made here for every notice
 * (`<sportello.<outbox row>.<ticket number>@<domain>>`, fixed by its outbox row so a resend keeps it), and
 * recognised here when such a mail comes back (a loop to break, not a customer writing).
 */
const OWN_MESSAGE_ID = /^<sportello\.[^@<>\s]*@([^<>\s]+)>$/i;

/** The Message-ID of the notice delivered by outbox row `rowId`, sent from an address of `domain`. */
export function noticeMessageId(rowId: number, ticketNumber: TicketNumber, domain: string): string {
  const safeDomain = domain.replace(/[^A-Za-z0-9.-]/g, '') || 'localhost';
  return `<sportello.${rowId}.${ticketNumber}@${safeDomain}>`;
}

/** Whether a Message-ID is one the desk made (our prefix, and one of our domains when any are known). */
export function isOwnMessageId(messageId: string, domains: readonly string[]): boolean {
  const match = OWN_MESSAGE_ID.exec(messageId.trim());
  if (!match) return false;
  if (domains.length === 0) return true;
  const domain = (match[1] ?? '').toLowerCase();
  return domains.some((d) => d.toLowerCase() === domain);
}
