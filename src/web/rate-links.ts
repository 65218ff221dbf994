import { createHmac, timingSafeEqual } from 'node:crypto';

/** Where the rating links of the closing mail lead, on the app's public address. */
export const RATE_PATH = '/rate';

/** Signed one-click rating links: each names one ticket and one rating, and cannot be altered. */
export interface RateLinks {
  /** The link for `rating` (1–5) of a ticket, on the public address. */
  url(ticketNumber: string, rating: number): string;
  /** Whether `signature` was made by `url` for this ticket and rating. */
  verify(ticketNumber: string, rating: number, signature: string): boolean;
}

/**
 * Links signed with a key derived from `secret` (the Slack signing secret): only the desk can make them, and
 * a link says nothing more than "this ticket, this rating" (the customer is the ticket's own).
 */
export function createRateLinks(publicUrl: string, secret: string): RateLinks {
  const base = publicUrl.replace(/\/+$/, '');
  const key = createHmac('sha256', secret).update('sportello rate links').digest();
  const sign = (ticketNumber: string, rating: number) =>
    createHmac('sha256', key).update(`${ticketNumber}:${rating}`).digest('base64url').slice(0, 32);
  return {
    url(ticketNumber, rating) {
      const query = new URLSearchParams({
        t: ticketNumber,
        r: String(rating),
        s: sign(ticketNumber, rating),
      });
      return `${base}${RATE_PATH}?${query}`;
    },
    verify(ticketNumber, rating, signature) {
      const expected = Buffer.from(sign(ticketNumber, rating));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
