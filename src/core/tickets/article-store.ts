import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { insertReturning, insertRow, prepared, rowsWhereEqual } from '../../db/prepared.js';
import type {
  ArticleChannel,
  AttachmentRefusal,
  articles,
  MailAuthVerdict,
  SenderType,
} from '../../db/schema.js';
import { tablesOf } from '../../db/tables.js';
import { ValidationError } from '../errors.js';
import type { TicketRow } from '../permissions.js';
import { wellFormed } from '../well-formed.js';
import { screenAttachment } from './attachment-policy.js';

export type ArticleRow = typeof articles.$inferSelect;

export interface AttachmentInput {
  filename: string;
  contentType: string;
  sizeBytes: number;
  slackFileId?: string;
  content?: Buffer;
  refusedReason?: AttachmentRefusal;
}

/** Where an article came from and how it reads; the sender, visibility and author are set by the operation. */
export interface ArticleInput {
  body: string;
  channel: ArticleChannel;
  subject?: string;
  fromAddress?: string;
  toAddress?: string;
  slackChannelId?: string;
  slackTs?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  /** Mail, when the desk checks senders: what the organisation's mail server said of the sender. */
  mailAuth?: MailAuthVerdict;
  attachments?: AttachmentInput[];
  /** A reply sent with "Send to customer": the article of the thread message it was sent from. */
  sentFromArticleId?: number;
}

export interface NewArticle extends ArticleInput {
  senderType: SenderType;
  customerVisible: boolean;
  authorAgentId?: number | null;
  authorCustomerId?: number | null;
}

/** Longest article body the desk keeps: a generous email; anything beyond is refused, not cut. */
export const MAX_ARTICLE_BODY = 1_000_000;

export function validateArticleBody(body: string): string {
  if (body.trim() === '') throw new ValidationError('body', 'empty', 'The message is empty.');
  if (body.length > MAX_ARTICLE_BODY) {
    throw new ValidationError(
      'body',
      'too_long',
      `The message is longer than ${MAX_ARTICLE_BODY} characters.`,
      {
        limit: MAX_ARTICLE_BODY,
      },
    );
  }
  return wellFormed(body);
}

const takeArticleNumber = (db: Db) => {
  const { tickets } = tablesOf(db);
  return db
    .update(tickets)
    .set({ articleCount: sql`${tickets.articleCount} + 1` })
    .where(eq(tickets.id, sql.placeholder('ticketId')))
    .returning({ counter: tickets.articleCount })
    .prepare();
};
const articleByMessageId = rowsWhereEqual('articles', (t) => t.messageId);
const articleBySlackMessage = (db: Db) => {
  const { articles } = tablesOf(db);
  return db
    .select()
    .from(articles)
    .where(
      and(
        eq(articles.slackChannelId, sql.placeholder('channelId')),
        eq(articles.slackTs, sql.placeholder('ts')),
      ),
    )
    .prepare();
};

/** Inserts the ticket's next article (numbered 1, 2, 3… per ticket) with its attachments. */
export async function insertArticle(
  tx: Db,
  ticket: TicketRow,
  article: NewArticle,
  at: Date,
): Promise<ArticleRow> {
  const { articles, attachments } = tablesOf(tx);
  const { counter } = (await prepared(tx, takeArticleNumber).execute({ ticketId: ticket.id }))[0] as {
    counter: number;
  };
  ticket.articleCount = counter;
  const row = await insertReturning(tx, articles, {
    ticketId: ticket.id,
    articleNumber: counter,
    senderType: article.senderType,
    channel: article.channel,
    customerVisible: article.customerVisible,
    authorAgentId: article.authorAgentId ?? null,
    authorCustomerId: article.authorCustomerId ?? null,
    fromAddress: article.fromAddress ?? null,
    toAddress: article.toAddress ?? null,
    subject: article.subject ?? null,
    body: validateArticleBody(article.body),
    slackChannelId: article.slackChannelId ?? null,
    slackTs: article.slackTs ?? null,
    messageId: article.messageId ?? null,
    inReplyTo: article.inReplyTo ?? null,
    references: article.references ?? null,
    mailAuth: article.mailAuth,
    sentFromArticleId: article.sentFromArticleId ?? null,
    createdAt: at,
  });
  for (const file of (article.attachments ?? []).map(screenAttachment)) {
    await insertRow(tx, attachments, {
      articleId: row.id,
      filename: file.filename,
      contentType: file.contentType,
      sizeBytes: file.sizeBytes,
      slackFileId: file.slackFileId ?? null,
      content: file.content ?? null,
      refusedReason: file.refusedReason ?? null,
    });
  }
  return row;
}

/**
 * The article a message already became, if any: Slack retries an event, a mailbox may be read twice, and each
 * message is stored once. A Slack message is known by channel and ts, an email by its (unique) Message-ID.
 */
export async function findStoredMessage(tx: Db, input: ArticleInput): Promise<ArticleRow | undefined> {
  if (input.slackChannelId && input.slackTs)
    return findArticleBySlackMessage(tx, input.slackChannelId, input.slackTs);
  if (input.messageId) return (await prepared(tx, articleByMessageId).execute({ value: input.messageId }))[0];
  return undefined;
}

const attachmentRows = rowsWhereEqual('attachments', (t) => t.articleId);

/** An article's attachments as inputs for another article (a reply sending on a message's files). */
export async function attachmentsOfArticle(tx: Db, articleId: number): Promise<AttachmentInput[]> {
  const rows = await prepared(tx, attachmentRows).execute({ value: articleId });
  return rows.map((row) => ({
    filename: row.filename,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    ...(row.content ? { content: Buffer.from(row.content) } : {}),
    ...(row.refusedReason ? { refusedReason: row.refusedReason } : {}),
  }));
}

/** The article a Slack message became, if any. */
export async function findArticleBySlackMessage(
  tx: Db,
  channelId: string,
  ts: string,
): Promise<ArticleRow | undefined> {
  return (await prepared(tx, articleBySlackMessage).execute({ channelId, ts }))[0];
}
