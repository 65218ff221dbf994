import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TicketNumber } from '../core/model.js';

/** Where the rating links of the closing mail lead, on the app's public address. */
export const RATE_PATH = '/rate';

/** How long after the ticket's closing its rating links work: a forwarded or archived mail stops rating. */
export const RATE_LINK_DAYS = 30;

const DAY_MS = 86_400_000;

/** What a rating link carries: one ticket, one rating, until when it works. */
export interface RateLink {
  ticketNumber: TicketNumber;
  rating: number;
  /** Absent only in links sent before links carried an expiry. */
  expiresAt?: Date;
  signature: string;
}

/** Signed one-click rating links: each names one ticket, one rating and its expiry, and cannot be altered. */
export interface RateLinks {
  /** The link for `rating` (1–5) of a ticket closed at `closedAt`, on the public address. */
  url(ticketNumber: string, rating: number, closedAt: Date): string;
  /** Whether the link was made by `url` (or, without an expiry, by the links of before). */
  verify(link: RateLink): boolean;
  /** Where the confirm form posts: the rating path under the public address's own path. */
  formAction: string;
}

/** When the links of a ticket closed at `closedAt` stop working. */
export function rateLinkExpiry(closedAt: Date): Date {
  return new Date(closedAt.getTime() + RATE_LINK_DAYS * DAY_MS);
}

/**
 * Links signed with a key derived from `secret` (the Slack signing secret): only the desk can make them, and
 * a link says nothing more than "this ticket, this rating, until then" (the customer is the ticket's own).
 */
export function createRateLinks(publicUrl: string, secret: string): RateLinks {
  const base = publicUrl.replace(/\/+$/, '');
  const key = createHmac('sha256', secret).update('sportello rate links').digest();
  // Links of before signed `number:rating`; an expiry adds a third field, so the two never sign the same text.
  const sign = (ticketNumber: string, rating: number, expiresAt?: Date) => {
    const fields = [ticketNumber, rating, ...(expiresAt ? [expiresAt.getTime() / 1000] : [])];
    return createHmac('sha256', key).update(fields.join(':')).digest('base64url').slice(0, 32);
  };
  return {
    url(ticketNumber, rating, closedAt) {
      const expiresAt = rateLinkExpiry(closedAt);
      // Whole seconds, so that the number in the link is exactly what was signed.
      expiresAt.setUTCMilliseconds(0);
      const query = new URLSearchParams({
        t: ticketNumber,
        r: String(rating),
        e: String(expiresAt.getTime() / 1000),
        s: sign(ticketNumber, rating, expiresAt),
      });
      return `${base}${RATE_PATH}?${query}`;
    },
    verify({ ticketNumber, rating, expiresAt, signature }) {
      const expected = Buffer.from(sign(ticketNumber, rating, expiresAt));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    formAction: `${new URL(base).pathname.replace(/\/+$/, '')}${RATE_PATH}`,
  };
}
