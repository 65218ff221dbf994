import type { ArticleInput, DeliveryRecord, TicketNumber } from '../core/model.js';

/**
 * A notification that was sent, to keep as an article of its ticket (with its history row) once the delivery
 * is marked done: the ticket shows exactly what the customer (or operator) received.
 */
export function recordNotice(
  ticketNumber: TicketNumber,
  notice: ArticleInput & { customerVisible: boolean },
): DeliveryRecord {
  return { kind: 'notice', ticketNumber, notice };
}
