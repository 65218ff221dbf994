import type { HelpDesk } from '../core/help-desk.js';
import type { ArticleRow, QueueRow, TicketHead } from '../core/model.js';
import type { Locale } from '../i18n/index.js';
import type { CardData, PersonRef, QueueRef } from '../views/model.js';

export const queueRef = (queue: QueueRow): QueueRef => ({ key: queue.key, name: queue.name });

export function personRef(
  person: { name: string; slackUserId?: string | null; email?: string | null } | null,
): PersonRef | null {
  if (!person) return null;
  return { name: person.name, slackUserId: person.slackUserId ?? null, email: person.email ?? null };
}

/** The ticket's first article, as the card shows it. */
export type CardRequest = Pick<ArticleRow, 'body' | 'mailAuth'>;

/**
 * The card of `details` as it stands in `cardQueue`'s channel (which the ticket may have left); `request`
 * is the ticket's first article.
 */
export async function cardData(
  desk: HelpDesk,
  details: TicketHead,
  request: CardRequest | null | undefined,
  cardQueue: QueueRow,
  view: { locale: Locale; timeZone: string },
): Promise<CardData> {
  const { ticket } = details;
  const family = await desk.queueFamily(ticket.queueId);
  const staff = details.view === 'staff';
  return {
    number: ticket.number,
    title: ticket.title,
    tags: details.tags,
    state: ticket.state,
    priority: ticket.priority,
    // The customer only ever sees the first-level queue.
    queue: queueRef(staff ? details.queue : details.customerQueue),
    customer: personRef(details.customer) as PersonRef,
    owner: personRef(details.owner),
    responsible: staff ? personRef(details.responsible) : null,
    createdAt: ticket.createdAt,
    now: desk.now(),
    pendingUntil: ticket.pendingUntil,
    firstResponseDueAt: ticket.firstResponseDueAt,
    firstResponseAt: ticket.firstResponseAt,
    solutionDueAt: ticket.solutionDueAt,
    updateDueAt: ticket.updateDueAt,
    slaWarnAt: {
      firstResponse: ticket.firstResponseWarnAt,
      update: ticket.updateWarnAt,
      solution: ticket.solutionWarnAt,
    },
    slaPausedAt: ticket.slaPausedAt,
    description: request?.body ?? '',
    // Checked (not null) and not passed: the request may come from a forged address.
    senderUnverified: staff && (request?.mailAuth === 'fail' || request?.mailAuth === 'none'),
    movedTo: !staff || cardQueue.id === family.queue.id ? null : queueRef(family.queue),
    subQueues: staff ? family.children.map(queueRef) : [],
    parentQueue: staff && family.parent ? queueRef(family.parent) : null,
    mergedInto: details.links.mergedInto,
    satisfaction:
      ticket.satisfactionRating === null
        ? null
        : { rating: ticket.satisfactionRating, comment: ticket.satisfactionComment },
    fields: details.fields.fields.map((field) => ({
      field,
      values: details.fields.values[field.key] ?? [],
    })),
    timeZone: view.timeZone,
    locale: view.locale,
  };
}
