import type { HelpDesk } from '../core/help-desk.js';
import { SYSTEM_ACTOR } from '../core/model.js';
import { addArticle } from '../core/tickets/add-article.js';
import type { ArticleInput } from '../core/tickets/article-store.js';
import type { Recorder } from './outbox-worker.js';

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
    addArticle({ ...desk.ctx, db: tx }, SYSTEM_ACTOR, ticketNumber, { ...notice, kind: 'system' });
  };
}
