import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { HelpDeskError } from '../core/errors.js';
import type { HelpDesk } from '../core/help-desk.js';
import { type Actor, SYSTEM_ACTOR, ticketNumberFrom } from '../core/model.js';
import { type Locale, localeOf, translator } from '../i18n/index.js';
import { buildRefusal } from '../views/messages/refusal.js';
import { buildRatePage } from '../views/web/rate-page.js';
import { readFormBody } from './form-body.js';
import { RATE_PATH, type RateLink, type RateLinks, rateLinkExpiry } from './rate-links.js';

export interface RatePageAnswer {
  status: number;
  html: string;
}

/** What a rating request carries: the link's fields, and whether it is the confirm form being sent. */
export interface RateRequest {
  /** The link's `t`, `r`, `e`, `s` (from the query when opened, from the form when confirmed), and `comment`. */
  fields: URLSearchParams;
  /** The confirm form's POST: only it rates (mail scanners open links with GET). */
  confirm: boolean;
}

/** The most a confirm form's body may hold: the link's fields and a comment of up to 2,000 characters. */
const MAX_FORM_BYTES = 32 * 1024;

/** The page's own rules for the browser: nothing loads, it cannot be framed, its form posts only here. */
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex',
  'Referrer-Policy': 'no-referrer',
};

function linkOf(fields: URLSearchParams): RateLink | null {
  const ticketNumber = ticketNumberFrom(fields.get('t') ?? '');
  const rating = fields.get('r') ?? '';
  const expiry = fields.get('e');
  if (!ticketNumber || !/^[1-5]$/.test(rating)) return null;
  if (expiry !== null && !/^\d{1,12}$/.test(expiry)) return null;
  return {
    ticketNumber,
    rating: Number(rating),
    signature: fields.get('s') ?? '',
    ...(expiry === null ? {} : { expiresAt: new Date(Number(expiry) * 1000) }),
  };
}

/**
 * When a link stops working. Links sent before links carried an expiry are honoured until 30 days after the
 * ticket's closing, as the new ones are: refusing them would break the mails of the last month, and their
 * MAC still binds ticket and rating (a rating is taken once, and only on a closed ticket).
 */
function expiryOf(link: RateLink, closedAt: Date | null): Date | null {
  if (link.expiresAt) return link.expiresAt;
  return closedAt ? rateLinkExpiry(closedAt) : null;
}

/**
 * What a rating link of the closing mail answers. Opening the link only asks to confirm (mail scanners open
 * links too); the form's button posts the link's fields and an optional comment, and rates as the customer.
 */
export async function answerRateLink(
  desk: HelpDesk,
  links: RateLinks,
  fallback: Locale,
  request: RateRequest,
): Promise<RatePageAnswer> {
  const message = (locale: Locale, status: number, key: 'web.rate.invalid' | 'web.rate.expired') => ({
    status,
    html: buildRatePage({ locale, kind: 'message', message: translator(locale)(key) }),
  });
  const link = linkOf(request.fields);
  if (!link || !links.verify(link)) return message(fallback, 400, 'web.rate.invalid');
  let details: Awaited<ReturnType<HelpDesk['getTicket']>>;
  try {
    details = await desk.getTicket(SYSTEM_ACTOR, link.ticketNumber);
  } catch {
    return message(fallback, 404, 'web.rate.invalid');
  }
  const { customer, ticket } = details;
  const locale = localeOf(customer.language, fallback);
  const expiresAt = expiryOf(link, ticket.closedAt);
  if (expiresAt && desk.now() > expiresAt) return message(locale, 410, 'web.rate.expired');
  const actor: Actor | null = customer.slackUserId
    ? { kind: 'slack', userId: customer.slackUserId }
    : customer.email
      ? { kind: 'email', address: customer.email }
      : null;
  if (!actor) return message(locale, 400, 'web.rate.invalid');
  const refusal = (error: HelpDeskError): RatePageAnswer => ({
    status: 200,
    html: buildRatePage({
      locale,
      kind: 'message',
      message: buildRefusal({ locale, refusal: error.refusal }).plain,
    }),
  });
  if (!request.confirm) {
    if (ticket.satisfactionRating !== null) {
      return refusal(
        new HelpDeskError('already_rated', 'Already rated.', {
          ticketNumber: ticket.number,
          rating: ticket.satisfactionRating,
        }),
      );
    }
    const linkFields = ['t', 'r', 'e', 's'].flatMap((name) => {
      const value = request.fields.get(name);
      return value === null ? [] : [{ name, value }];
    });
    return {
      status: 200,
      html: buildRatePage({
        locale,
        kind: 'confirm',
        number: ticket.number,
        title: ticket.title,
        rating: link.rating,
        form: { action: links.formAction, fields: linkFields },
      }),
    };
  }
  try {
    await desk.rateTicket(actor, link.ticketNumber, link.rating, request.fields.get('comment') ?? undefined);
  } catch (error) {
    if (error instanceof HelpDeskError) return refusal(error);
    throw error;
  }
  return {
    status: 200,
    html: buildRatePage({ locale, kind: 'thanks', number: ticket.number, rating: link.rating }),
  };
}

/** The request's fields: the query of a GET, the urlencoded form of a POST. */
async function requestOf(req: IncomingMessage): Promise<RateRequest | 'too_large'> {
  if (req.method !== 'POST') {
    return { fields: new URL(req.url ?? '/', 'http://localhost').searchParams, confirm: false };
  }
  const fields = await readFormBody(req, MAX_FORM_BYTES);
  return fields === 'too_large' ? fields : { fields, confirm: true };
}

/** The rating links' page, as a route of the app's HTTP receiver: GET shows the form, POST rates. */
export function rateRoute(
  desk: HelpDesk,
  links: RateLinks,
  fallback: Locale,
  afterChange: () => void = () => {},
): CustomRoute {
  const page = (status: number, key: 'web.rate.tooLarge' | 'refusal.internal_error'): RatePageAnswer => ({
    status,
    html: buildRatePage({ locale: fallback, kind: 'message', message: translator(fallback)(key) }),
  });
  return {
    path: RATE_PATH,
    method: ['GET', 'POST'],
    // Bolt calls the handler without waiting for it: everything that can fail is answered inside.
    handler: (req, res) => {
      serve(req, res).catch(() => res.destroy());
    },
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let answer: RatePageAnswer;
    let closeAfter = false;
    try {
      const request = await requestOf(req);
      if (request === 'too_large') {
        answer = page(413, 'web.rate.tooLarge');
        closeAfter = true;
      } else {
        answer = await answerRateLink(desk, links, fallback, request);
        if (request.confirm) afterChange();
      }
    } catch {
      answer = page(500, 'refusal.internal_error');
    }
    res.writeHead(answer.status, {
      'Content-Type': 'text/html; charset=utf-8',
      ...SECURITY_HEADERS,
      ...(closeAfter ? { Connection: 'close' } : {}),
    });
    // The rest of an oversized body is never read: the connection goes with the answer.
    res.end(answer.html, () => {
      if (closeAfter) req.socket.destroy();
    });
  }
}
