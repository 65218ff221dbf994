import type { CustomRoute } from '@slack/bolt';
import type { Actor } from '../core/actor.js';
import { HelpDeskError } from '../core/errors.js';
import type { HelpDesk } from '../core/help-desk.js';
import { translator } from '../i18n/index.js';
import { localeOf } from '../present/locale.js';
import { buildRefusal } from '../views/messages/refusal.js';
import type { Locale } from '../views/model.js';
import { buildRatePage } from '../views/web/rate-page.js';
import { RATE_PATH, type RateLinks } from './rate-links.js';

const DESK_ACTOR: Actor = { kind: 'system', label: 'Sportello' };

export interface RatePageAnswer {
  status: number;
  html: string;
}

/**
 * What a rating link of the closing mail answers. Opening the link only asks to confirm (mail scanners open
 * links too); the form's button, with `confirm=1` and an optional comment, rates as the ticket's customer.
 */
export function answerRateLink(
  desk: HelpDesk,
  links: RateLinks,
  fallback: Locale,
  query: URLSearchParams,
): RatePageAnswer {
  const number = query.get('t') ?? '';
  const rating = Number(query.get('r') ?? '');
  const signature = query.get('s') ?? '';
  const invalid = (locale: Locale, status = 400): RatePageAnswer => ({
    status,
    html: buildRatePage({ locale, kind: 'message', message: translator(locale)('web.rate.invalid') }),
  });
  if (
    !/^\d{14,24}$/.test(number) ||
    !/^[1-5]$/.test(query.get('r') ?? '') ||
    !links.verify(number, rating, signature)
  ) {
    return invalid(fallback);
  }
  let details: ReturnType<HelpDesk['getTicket']>;
  try {
    details = desk.getTicket(DESK_ACTOR, number);
  } catch {
    return invalid(fallback, 404);
  }
  const { customer, ticket } = details;
  const locale = localeOf(customer.language, fallback);
  const actor: Actor | null = customer.slackUserId
    ? { kind: 'slack', userId: customer.slackUserId }
    : customer.email
      ? { kind: 'email', address: customer.email }
      : null;
  if (!actor) return invalid(locale);
  const refusal = (error: HelpDeskError): RatePageAnswer => ({
    status: 200,
    html: buildRatePage({
      locale,
      kind: 'message',
      message: buildRefusal({ locale, code: error.code, message: error.message, params: error.params }).plain,
    }),
  });
  if (query.get('confirm') !== '1') {
    if (ticket.satisfactionRating !== null) {
      return refusal(
        new HelpDeskError('already_rated', 'Already rated.', {
          ticketNumber: ticket.number,
          rating: ticket.satisfactionRating,
        }),
      );
    }
    return {
      status: 200,
      html: buildRatePage({
        locale,
        kind: 'confirm',
        number: ticket.number,
        title: ticket.title,
        rating,
        form: { action: RATE_PATH, t: number, r: String(rating), s: signature },
      }),
    };
  }
  try {
    desk.rateTicket(actor, number, rating, query.get('comment') ?? undefined);
  } catch (error) {
    if (error instanceof HelpDeskError) return refusal(error);
    throw error;
  }
  return { status: 200, html: buildRatePage({ locale, kind: 'thanks', number: ticket.number, rating }) };
}

/** The rating links' page, as a route of the app's HTTP receiver. */
export function rateRoute(
  desk: HelpDesk,
  links: RateLinks,
  fallback: Locale,
  afterChange: () => void = () => {},
): CustomRoute {
  return {
    path: RATE_PATH,
    method: ['GET'],
    handler: (req, res) => {
      let answer: RatePageAnswer;
      try {
        const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
        answer = answerRateLink(desk, links, fallback, query);
        if (query.get('confirm') === '1') afterChange();
      } catch {
        answer = {
          status: 500,
          html: buildRatePage({
            locale: fallback,
            kind: 'message',
            message: translator(fallback)('refusal.internal_error'),
          }),
        };
      }
      res.writeHead(answer.status, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Robots-Tag': 'noindex',
        'Referrer-Policy': 'no-referrer',
      });
      res.end(answer.html);
    },
  };
}
