import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { agents, articles, attachments, history, ticketLinks, tickets, watchers } from '../../db/schema.js';
import { type Actor, type AgentRow, type CustomerRow, resolvePrincipal } from '../actor.js';
import type { CoreContext } from '../context.js';
import { type QueueRow, requireTicketPermission, seesAsStaff, type TicketRow } from '../permissions.js';
import type { ArticleRow } from '../tickets/article-store.js';
import {
  customerQueue,
  loadAgentById,
  loadCustomerById,
  loadQueueById,
  loadTicket,
} from '../tickets/load.js';

export type HistoryRow = typeof history.$inferSelect;
export type AttachmentMeta = Omit<typeof attachments.$inferSelect, 'content'>;

export interface ArticleView extends ArticleRow {
  /** The ticket the article was written on: differs from the viewed ticket for articles of tickets merged into it. */
  ticketNumber: string;
  /** The operator who wrote it, for agent articles. */
  authorName: string | null;
  attachments: AttachmentMeta[];
}

export interface TicketLinksView {
  mergedInto: string | null;
  mergedFrom: string[];
  followUpOf: string | null;
  followedUpBy: string[];
}

export interface TicketDetails {
  /** 'customer' shows only what the customer may see: visible articles, the first-level queue, no history. */
  view: 'staff' | 'customer';
  ticket: TicketRow;
  /** The ticket's queue for staff; its first-level queue for the customer. */
  queue: QueueRow;
  customer: CustomerRow;
  owner: AgentRow | null;
  responsible: AgentRow | null;
  articles: ArticleView[];
  history: HistoryRow[];
  links: TicketLinksView;
  watchers: AgentRow[];
}

function linksOf(tx: DbOrTx, ticket: TicketRow): TicketLinksView {
  const rows = tx
    .select({ link: ticketLinks, source: tickets.number })
    .from(ticketLinks)
    .innerJoin(tickets, eq(tickets.id, ticketLinks.sourceTicketId))
    .where(or(eq(ticketLinks.sourceTicketId, ticket.id), eq(ticketLinks.targetTicketId, ticket.id)))
    .all();
  const numberOf = (id: number) => (id === ticket.id ? ticket.number : loadTicketNumber(tx, id));
  const view: TicketLinksView = { mergedInto: null, mergedFrom: [], followUpOf: null, followedUpBy: [] };
  for (const { link, source } of rows) {
    const outgoing = link.sourceTicketId === ticket.id;
    if (link.kind === 'merged_into') {
      if (outgoing) view.mergedInto = numberOf(link.targetTicketId);
      else view.mergedFrom.push(source);
    } else if (outgoing) view.followUpOf = numberOf(link.targetTicketId);
    else view.followedUpBy.push(source);
  }
  return view;
}

function loadTicketNumber(tx: DbOrTx, id: number): string {
  return (
    tx.select({ number: tickets.number }).from(tickets).where(eq(tickets.id, id)).get()?.number ?? String(id)
  );
}

/** The ticket's articles and those of every ticket merged into it, oldest first. */
function articlesOf(
  tx: DbOrTx,
  ticket: TicketRow,
  mergedFrom: string[],
  customerView: boolean,
): ArticleView[] {
  const numbers = [ticket.number, ...mergedFrom];
  const rows = tx
    .select({ article: articles, ticketNumber: tickets.number, authorName: agents.name })
    .from(articles)
    .innerJoin(tickets, eq(tickets.id, articles.ticketId))
    .leftJoin(agents, eq(agents.id, articles.authorAgentId))
    .where(
      and(inArray(tickets.number, numbers), customerView ? eq(articles.customerVisible, true) : undefined),
    )
    .orderBy(asc(articles.createdAt), asc(articles.id))
    .all();
  const files = rows.length
    ? tx
        .select()
        .from(attachments)
        .where(
          inArray(
            attachments.articleId,
            rows.map((r) => r.article.id),
          ),
        )
        .all()
    : [];
  return rows.map(({ article, ticketNumber, authorName }) => ({
    ...article,
    ticketNumber,
    authorName,
    attachments: files
      .filter((f) => f.articleId === article.id)
      .map(({ content: _content, ...meta }) => meta),
  }));
}

/** One ticket as the actor may see it: staff see everything; its customer sees the customer-visible part. */
export interface GetTicketOptions {
  /** Without the history (it only grows): for readers that only render the ticket, like the deliveries. */
  history?: boolean;
}

export function getTicket(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: string,
  options: GetTicketOptions = {},
): TicketDetails {
  const tx = ctx.db;
  const who = resolvePrincipal(tx, actor);
  const ticket = loadTicket(tx, ticketNumber);
  requireTicketPermission(tx, who, ticket, 'read');
  const staff = seesAsStaff(tx, who, ticket);
  const links = linksOf(tx, ticket);
  const queue = loadQueueById(tx, ticket.queueId);
  return {
    view: staff ? 'staff' : 'customer',
    ticket,
    queue: staff ? queue : customerQueue(tx, queue),
    customer: loadCustomerById(tx, ticket.customerId),
    owner: ticket.ownerId ? loadAgentById(tx, ticket.ownerId) : null,
    responsible: ticket.responsibleId ? loadAgentById(tx, ticket.responsibleId) : null,
    articles: articlesOf(tx, ticket, links.mergedFrom, !staff),
    history:
      staff && options.history !== false
        ? tx.select().from(history).where(eq(history.ticketId, ticket.id)).orderBy(asc(history.id)).all()
        : [],
    links,
    watchers: staff
      ? tx
          .select({ agent: agents })
          .from(watchers)
          .innerJoin(agents, eq(agents.id, watchers.agentId))
          .where(eq(watchers.ticketId, ticket.id))
          .all()
          .map((r) => r.agent)
      : [],
  };
}
