import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inIdList } from '../../db/id-lists.js';
import { prepared } from '../../db/prepared.js';
import { type Tables, tablesOf } from '../../db/tables.js';
import type { CoreContext } from '../context.js';
import type { ArticleRow } from '../tickets/article-store.js';
import { loadTicketById } from '../tickets/load.js';
import {
  type ArticleView,
  attachmentMeta,
  type HistoryRow,
  historyOfTicket,
  type TicketHead,
  ticketHead,
} from './ticket-details.js';

/**
 * What a delivery (a card, a thread post, a notice, a mail) shows of a ticket, read as the desk: its head, its
 * request and the one article it delivers, never every article body (each may hold up to 1 MB).
 */
export interface DeliveryTicket extends TicketHead {
  /** The first article of the ticket and of those merged into it: the request the card shows. */
  request: ArticleView | null;
  /** The article the delivery is about, if it belongs to the ticket or to one merged into it. */
  article: ArticleView | null;
  /** Only when asked for (a 'claimed' notice names who claimed the ticket, as it was then). */
  history: HistoryRow[];
  /** The Message-IDs of the latest mails of the ticket and of those merged into it, oldest first. */
  latestMessageIds: string[];
}

export interface DeliveryTicketOptions {
  articleId?: number | undefined;
  history?: boolean;
  /** How many of the latest Message-IDs to read (for a mail's In-Reply-To and References). */
  messageIds?: number;
}

/** Ticket ids as the JSON array the queries below take. */
const inTickets = (db: Db) => inIdList(db, tablesOf(db).articles.ticketId, 'ticketIds');

const articleColumns = ({ articles, tickets, agents }: Tables) => ({
  article: articles,
  ticketNumber: tickets.number,
  authorName: agents.name,
});

const firstArticleAmong = (db: Db) => {
  const { agents, articles, tickets } = tablesOf(db);
  return db
    .select(articleColumns(tablesOf(db)))
    .from(articles)
    .innerJoin(tickets, eq(tickets.id, articles.ticketId))
    .leftJoin(agents, eq(agents.id, articles.authorAgentId))
    .where(inTickets(db))
    .orderBy(asc(articles.createdAt), asc(articles.id))
    .limit(1)
    .prepare();
};

const articleAmong = (db: Db) => {
  const { agents, articles, tickets } = tablesOf(db);
  return db
    .select(articleColumns(tablesOf(db)))
    .from(articles)
    .innerJoin(tickets, eq(tickets.id, articles.ticketId))
    .leftJoin(agents, eq(agents.id, articles.authorAgentId))
    .where(and(eq(articles.id, sql.placeholder('articleId')), inTickets(db)))
    .prepare();
};

const attachmentsOfArticle = (db: Db) => {
  const { attachments } = tablesOf(db);
  return db
    .select(attachmentMeta(tablesOf(db)))
    .from(attachments)
    .where(eq(attachments.articleId, sql.placeholder('articleId')))
    .prepare();
};

const latestMessageIdsAmong = (db: Db) => {
  const { articles } = tablesOf(db);
  return db
    .select({ messageId: articles.messageId })
    .from(articles)
    .where(and(inTickets(db), isNotNull(articles.messageId)))
    .orderBy(desc(articles.createdAt), desc(articles.id))
    .limit(sql.placeholder('limit'))
    .prepare();
};

async function withAttachments(
  tx: Db,
  {
    article,
    ticketNumber,
    authorName,
  }: { article: ArticleRow; ticketNumber: string; authorName: string | null },
): Promise<ArticleView> {
  const files = await prepared(tx, attachmentsOfArticle).execute({ articleId: article.id });
  return { ...article, ticketNumber, authorName, attachments: files };
}

/** A ticket as a delivery shows it, read as the desk itself (deliveries act for the desk, not for a person). */
export async function deliveryTicket(
  ctx: CoreContext,
  ticketId: number,
  options: DeliveryTicketOptions = {},
): Promise<DeliveryTicket> {
  const tx = ctx.db;
  const ticket = await loadTicketById(tx, ticketId);
  const { head, mergedFromIds } = await ticketHead(tx, ticket, true);
  const ticketIds = JSON.stringify([ticket.id, ...mergedFromIds]);
  const request = (await prepared(tx, firstArticleAmong).execute({ ticketIds }))[0];
  const article =
    options.articleId === undefined
      ? undefined
      : (await prepared(tx, articleAmong).execute({ ticketIds, articleId: options.articleId }))[0];
  const latest = options.messageIds
    ? await prepared(tx, latestMessageIdsAmong).execute({ ticketIds, limit: options.messageIds })
    : [];
  return {
    ...head,
    request: request ? await withAttachments(tx, request) : null,
    article: article ? await withAttachments(tx, article) : null,
    history: options.history ? await prepared(tx, historyOfTicket).execute({ ticketId: ticket.id }) : [],
    latestMessageIds: latest.flatMap((r) => (r.messageId ? [r.messageId] : [])).reverse(),
  };
}
