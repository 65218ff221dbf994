import type { ArticleView, HistoryRow, TicketHead } from '../core/model.js';
import type { ArticleData, HistoryEntryData } from '../views/model.js';

/** Who wrote an article, as a person reads it. */
function authorOf(details: TicketHead, article: ArticleView): string {
  // Mail from someone other than the customer (a participant, or an outsider) shows who wrote it.
  if (article.senderType === 'external') return article.fromAddress ?? '?';
  if (article.senderType === 'customer' && article.authorCustomerId === null && article.fromAddress) {
    return article.fromAddress;
  }
  if (article.senderType === 'customer') return details.customer.name;
  if (article.senderType === 'system') return 'Sportello';
  return article.authorName ?? article.fromAddress ?? 'Sportello';
}

export function articleData(details: TicketHead, article: ArticleView): ArticleData {
  return {
    articleNumber: article.articleNumber,
    senderType: article.senderType,
    channel: article.channel,
    customerVisible: article.customerVisible,
    author: authorOf(details, article),
    subject: article.subject,
    body: article.body,
    createdAt: article.createdAt,
    fromTicket: article.ticketNumber === details.ticket.number ? null : article.ticketNumber,
    attachments: article.attachments.map((a) => ({
      filename: a.filename,
      sizeBytes: a.sizeBytes,
      refused: a.refusedReason,
    })),
    edited: article.editedAt !== null,
    deleted: article.deletedAt !== null,
  };
}

export function historyData(entry: HistoryRow): HistoryEntryData {
  return {
    event: entry.event,
    actor: entry.actorLabel,
    oldValue: entry.oldValue,
    newValue: entry.newValue,
    createdAt: entry.createdAt,
  };
}
