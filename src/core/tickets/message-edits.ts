import { eq } from 'drizzle-orm';
import { tablesOf } from '../../db/tables.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import { type CoreContext, inTransaction } from '../context.js';
import { recordHistory } from '../history.js';
import { findArticleBySlackMessage, validateArticleBody } from './article-store.js';

/**
 * A Slack message that became an article was edited: the article reads the new text, the history keeps the
 * old one. Repeated (a retried event) or for a message that is no article, it changes nothing.
 */
export async function recordMessageEdit(
  ctx: CoreContext,
  actor: Actor,
  channelId: string,
  ts: string,
  newBody: string,
): Promise<boolean> {
  const { articles } = tablesOf(ctx.db);
  return await inTransaction(ctx, async (tx) => {
    const article = await findArticleBySlackMessage(tx, channelId, ts);
    if (!article || article.deletedAt || article.body === newBody) return false;
    const now = ctx.clock.now();
    await tx
      .update(articles)
      .set({ body: validateArticleBody(newBody), editedAt: now })
      .where(eq(articles.id, article.id));
    await recordHistory(tx, await resolvePrincipal(tx, actor), article.ticketId, now, {
      event: 'ArticleEdited',
      oldValue: article.body,
      newValue: newBody,
      articleId: article.id,
    });
    return true;
  });
}

/** A Slack message that became an article was deleted: the article is marked deleted, its text kept. */
export async function recordMessageDeletion(
  ctx: CoreContext,
  actor: Actor,
  channelId: string,
  ts: string,
): Promise<boolean> {
  const { articles } = tablesOf(ctx.db);
  return await inTransaction(ctx, async (tx) => {
    const article = await findArticleBySlackMessage(tx, channelId, ts);
    if (!article || article.deletedAt) return false;
    const now = ctx.clock.now();
    await tx.update(articles).set({ deletedAt: now }).where(eq(articles.id, article.id));
    await recordHistory(tx, await resolvePrincipal(tx, actor), article.ticketId, now, {
      event: 'ArticleDeleted',
      oldValue: article.body,
      articleId: article.id,
    });
    return true;
  });
}
