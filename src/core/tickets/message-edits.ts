import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { insertRow } from '../../db/prepared.js';
import { lockedForChange } from '../../db/row-locks.js';
import { tablesOf } from '../../db/tables.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import { type CoreContext, inTransaction } from '../context.js';
import { recordHistory } from '../history.js';
import { enqueue } from '../outbox.js';
import { type ArticleRow, validateArticleBody } from './article-store.js';

/** The article a Slack message became, locked: two edits of one message in a row are kept in order. */
async function articleOfMessage(tx: Db, channelId: string, ts: string): Promise<ArticleRow | undefined> {
  const { articles } = tablesOf(tx);
  const query = tx
    .select()
    .from(articles)
    .where(and(eq(articles.slackChannelId, channelId), eq(articles.slackTs, ts)));
  return (await lockedForChange(tx, query))[0];
}

/**
 * The copies of the article on the other side (the queue thread's post, the customer's DM) are brought up to
 * what it says now; the card too when the article is the request it shows. Mail already sent stays as sent.
 */
async function refreshCopies(tx: Db, at: Date, article: ArticleRow): Promise<void> {
  await enqueue(tx, at, { topic: 'article.update', ticketId: article.ticketId, articleId: article.id });
  if (article.articleNumber === 1) await enqueue(tx, at, { topic: 'card.sync', ticketId: article.ticketId });
}

/**
 * What an edit did: the article follows it, it said nothing new (a retried event, a deleted article), or the
 * message is no article (yet).
 */
export type EditOutcome = 'edited' | 'unchanged' | 'no_article';

/**
 * The replies sent with "Send to customer" from `article`'s message as it read then (not rewritten in the
 * form), still standing, locked: the customer got the message itself, so they follow what becomes of it.
 */
async function repliesSentAsWritten(tx: Db, article: ArticleRow): Promise<ArticleRow[]> {
  const { articles } = tablesOf(tx);
  const query = tx
    .select()
    .from(articles)
    .where(
      and(
        eq(articles.sentFromArticleId, article.id),
        eq(articles.body, article.body),
        isNull(articles.deletedAt),
      ),
    );
  return await lockedForChange(tx, query);
}

/**
 * A Slack message that became an article was edited: the article reads the new text, its earlier text is
 * kept as a revision and in the history, and its copies follow; so does a reply sent from it as written.
 * Repeated (a retried event) it changes nothing; for a message that is no article it changes nothing and
 * says so.
 */
export async function recordMessageEdit(
  ctx: CoreContext,
  actor: Actor,
  channelId: string,
  ts: string,
  newBody: string,
): Promise<EditOutcome> {
  const { articles, articleRevisions } = tablesOf(ctx.db);
  return await inTransaction(ctx, async (tx) => {
    const article = await articleOfMessage(tx, channelId, ts);
    if (!article) return 'no_article';
    if (article.deletedAt || article.body === newBody) return 'unchanged';
    const body = validateArticleBody(newBody);
    const now = ctx.clock.now();
    const who = await resolvePrincipal(tx, actor);
    for (const edited of [article, ...(await repliesSentAsWritten(tx, article))]) {
      await insertRow(tx, articleRevisions, { articleId: edited.id, body: edited.body, replacedAt: now });
      await tx.update(articles).set({ body, editedAt: now }).where(eq(articles.id, edited.id));
      await recordHistory(tx, who, edited.ticketId, now, {
        event: 'ArticleUpdate',
        oldValue: edited.body,
        newValue: body,
        articleId: edited.id,
      });
      await refreshCopies(tx, now, edited);
    }
    return 'edited';
  });
}

/**
 * A Slack message that became an article was deleted: the article is marked deleted, its text kept (History
 * shows it), and its copies say it was deleted; a reply sent from it as written is withdrawn the same way.
 */
export async function recordMessageDeletion(
  ctx: CoreContext,
  actor: Actor,
  channelId: string,
  ts: string,
): Promise<boolean> {
  const { articles } = tablesOf(ctx.db);
  return await inTransaction(ctx, async (tx) => {
    const article = await articleOfMessage(tx, channelId, ts);
    if (!article || article.deletedAt) return false;
    const now = ctx.clock.now();
    const who = await resolvePrincipal(tx, actor);
    for (const deleted of [article, ...(await repliesSentAsWritten(tx, article))]) {
      await tx.update(articles).set({ deletedAt: now }).where(eq(articles.id, deleted.id));
      await recordHistory(tx, who, deleted.ticketId, now, {
        event: 'ArticleDeleted',
        oldValue: deleted.body,
        articleId: deleted.id,
      });
      await refreshCopies(tx, now, deleted);
    }
    return true;
  });
}
