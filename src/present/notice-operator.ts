import type { CustomerEvent, TicketDetails } from '../core/model.js';

/**
 * Who the notice is about, as it was when it was written (the mail may go out after the ticket moved on,
 * e.g. closed and released): the reply's author, or whoever took the new ticket in charge.
 */
export function operatorName(
  details: Pick<TicketDetails, 'owner' | 'history'>,
  event: CustomerEvent,
  replyAuthor: string | null | undefined,
): string | undefined {
  if (event === 'replied') return replyAuthor ?? details.owner?.name;
  if (event !== 'claimed') return details.owner?.name;
  // A ticket leaves "new" once, in the transaction that gave it its owner: that OwnerUpdate comes right before.
  const { history } = details;
  const opened = history.findIndex(
    (h) => h.event === 'StateUpdate' && h.oldValue === 'new' && h.newValue === 'open',
  );
  const claim = history
    .slice(0, Math.max(opened, 0))
    .reverse()
    .find((h) => h.event === 'OwnerUpdate');
  return claim?.newValue ?? details.owner?.name;
}
