import type { HelpDesk } from '../core/help-desk.js';
import { addArticle } from '../core/tickets/add-article.js';
import type { ArticleInput } from '../core/tickets/article-store.js';
import type { Recorder } from './outbox-worker.js';

const DESK = { kind: 'system', label: 'Sportello' } as const;

/**
 * Keeps a notification that was sent as an article of its ticket (with its history row), in the transaction
 * that marks the delivery done: the ticket shows exactly what the customer (or operator) received.
 */
export function recordNotice(
  desk: HelpDesk,
  ticketNumber: string,
  notice: ArticleInput & { customerVisible: boolean },
): Recorder {
  return (tx) => {
    addArticle({ ...desk.ctx, db: tx }, DESK, ticketNumber, { ...notice, kind: 'system' });
  };
}
