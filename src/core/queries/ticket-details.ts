import { and, asc, eq, getTableColumns, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import type { attachments, history } from '../../db/schema.js';
import { type Tables, tablesOf } from '../../db/tables.js';
import { type Actor, type AgentRow, type CustomerRow, resolvePrincipal } from '../actor.js';
import type { TicketNumber } from '../brands.js';
import type { CoreContext } from '../context.js';
import type { FieldValues } from '../fields/definition.js';
import type { TicketFields } from '../fields/edit.js';
import { fieldsOfQueue, loadFieldValues } from '../fields/store.js';
import { type QueueRow, requireTicketPermission, seesAsStaff, type TicketRow } from '../permissions.js';
import type { ArticleRow } from '../tickets/article-store.js';
import {
  customerQueue,
  loadAgentById,
  loadCustomerById,
  loadQueueById,
  loadTicket,
} from '../tickets/load.js';
import { tagsOfTicket } from '../tickets/tags.js';

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

/** A ticket as a reader sees it, without what grows with it (articles, history, watchers). */
export interface TicketHead {
  /** 'customer' shows only what the customer may see: visible articles, the first-level queue, no history. */
  view: 'staff' | 'customer';
  ticket: TicketRow;
  /** The ticket's queue for staff; its first-level queue for the customer. */
  queue: QueueRow;
  /** The first-level queue above the ticket's queue: the one the customer deals with (its name, its address). */
  customerQueue: QueueRow;
  customer: CustomerRow;
  owner: AgentRow | null;
  responsible: AgentRow | null;
  links: TicketLinksView;
  /** The ticket's tags (staff only; none for the customer). */
  tags: string[];
  /**
   * The fields that apply to the ticket and their values: for the customer only those they fill. Staff also
   * get values of fields no longer declared (`values` has keys `fields` lacks).
   */
  fields: TicketFields;
}

export interface TicketDetails extends TicketHead {
  articles: ArticleView[];
  history: HistoryRow[];
  watchers: AgentRow[];
}

const linksOfTicket = (db: Db) => {
  const { ticketLinks, tickets } = tablesOf(db);
  return db
    .select({ link: ticketLinks, source: tickets.number, sourceCustomerId: tickets.customerId })
    .from(ticketLinks)
    .innerJoin(tickets, eq(tickets.id, ticketLinks.sourceTicketId))
    .where(
      or(
        eq(ticketLinks.sourceTicketId, sql.placeholder('ticketId')),
        eq(ticketLinks.targetTicketId, sql.placeholder('ticketId')),
      ),
    )
    .prepare();
};

const numberOfTicket = (db: Db) => {
  const { tickets } = tablesOf(db);
  return db
    .select({ number: tickets.number })
    .from(tickets)
    .where(eq(tickets.id, sql.placeholder('id')))
    .prepare();
};

/** The articles of one ticket with the number of their ticket and the name of their author, oldest first. */
const articlesOfTicket = (customerView: boolean) => (db: Db) => {
  const { agents, articles, tickets } = tablesOf(db);
  return db
    .select({ article: articles, ticketNumber: tickets.number, authorName: agents.name })
    .from(articles)
    .innerJoin(tickets, eq(tickets.id, articles.ticketId))
    .leftJoin(agents, eq(agents.id, articles.authorAgentId))
    .where(
      and(
        eq(articles.ticketId, sql.placeholder('ticketId')),
        customerView ? eq(articles.customerVisible, true) : undefined,
      ),
    )
    .orderBy(asc(articles.createdAt), asc(articles.id))
    .prepare();
};
const staffArticles = articlesOfTicket(false);
const customerArticles = articlesOfTicket(true);

/** The columns of an attachment but its content: what a reader lists. */
/** An attachment's columns but its bytes: what lists of attachments show. */
export function attachmentMeta({ attachments }: Tables) {
  const { content: _content, ...meta } = getTableColumns(attachments);
  return meta;
}
const attachmentsOfTicket = (db: Db) => {
  const { articles, attachments } = tablesOf(db);
  return db
    .select(attachmentMeta(tablesOf(db)))
    .from(attachments)
    .innerJoin(articles, eq(articles.id, attachments.articleId))
    .where(eq(articles.ticketId, sql.placeholder('ticketId')))
    .prepare();
};

export const historyOfTicket = (db: Db) => {
  const { history } = tablesOf(db);
  return db
    .select()
    .from(history)
    .where(eq(history.ticketId, sql.placeholder('ticketId')))
    .orderBy(asc(history.id))
    .prepare();
};

const watchersOfTicket = (db: Db) => {
  const { agents, watchers } = tablesOf(db);
  return db
    .select({ agent: agents })
    .from(watchers)
    .innerJoin(agents, eq(agents.id, watchers.agentId))
    .where(eq(watchers.ticketId, sql.placeholder('ticketId')))
    .prepare();
};

interface Links {
  view: TicketLinksView;
  /** The ids of the tickets merged into this one, whose articles it shows too. */
  mergedFromIds: number[];
}

/**
 * The ticket's links. Its customer sees only tickets of their own merged into it: a duplicate merged from
 * another customer's request is not theirs to read (nor its number to learn).
 */
async function linksOf(tx: Db, ticket: TicketRow, staff: boolean): Promise<Links> {
  const rows = await prepared(tx, linksOfTicket).execute({ ticketId: ticket.id });
  const numberOf = async (id: number) => (id === ticket.id ? ticket.number : await loadTicketNumber(tx, id));
  const view: TicketLinksView = { mergedInto: null, mergedFrom: [], followUpOf: null, followedUpBy: [] };
  const mergedFromIds: number[] = [];
  for (const { link, source, sourceCustomerId } of rows) {
    const outgoing = link.sourceTicketId === ticket.id;
    if (!outgoing && !staff && sourceCustomerId !== ticket.customerId) continue;
    if (link.kind === 'merged_into') {
      if (outgoing) view.mergedInto = await numberOf(link.targetTicketId);
      else {
        view.mergedFrom.push(source);
        mergedFromIds.push(link.sourceTicketId);
      }
    } else if (outgoing) view.followUpOf = await numberOf(link.targetTicketId);
    else view.followedUpBy.push(source);
  }
  return { view, mergedFromIds };
}

async function loadTicketNumber(tx: Db, id: number): Promise<string> {
  return (await prepared(tx, numberOfTicket).execute({ id }))[0]?.number ?? String(id);
}

/** The ticket's articles and those of every ticket merged into it, oldest first. */
async function articlesOf(tx: Db, ticketIds: number[], customerView: boolean): Promise<ArticleView[]> {
  const query = prepared(tx, customerView ? customerArticles : staffArticles);
  const rows = [];
  for (const ticketId of ticketIds) rows.push(...(await query.execute({ ticketId })));
  if (ticketIds.length > 1) {
    rows.sort(
      (a, b) => a.article.createdAt.getTime() - b.article.createdAt.getTime() || a.article.id - b.article.id,
    );
  }
  const files = new Map<number, AttachmentMeta[]>();
  for (const ticketId of ticketIds) {
    for (const file of await prepared(tx, attachmentsOfTicket).execute({ ticketId })) {
      files.set(file.articleId, [...(files.get(file.articleId) ?? []), file]);
    }
  }
  return rows.map(({ article, ticketNumber, authorName }) => ({
    ...article,
    ticketNumber,
    authorName,
    attachments: files.get(article.id) ?? [],
  }));
}

/**
 * The head of a ticket as staff or its customer sees it, with the ids of the tickets merged into it (whose
 * articles it shows too).
 */
export async function ticketHead(
  tx: Db,
  ticket: TicketRow,
  staff: boolean,
): Promise<{ head: TicketHead; mergedFromIds: number[] }> {
  const { view: links, mergedFromIds } = await linksOf(tx, ticket, staff);
  const queue = await loadQueueById(tx, ticket.queueId);
  const firstLevel = await customerQueue(tx, queue);
  const head: TicketHead = {
    view: staff ? 'staff' : 'customer',
    ticket,
    queue: staff ? queue : firstLevel,
    customerQueue: firstLevel,
    customer: await loadCustomerById(tx, ticket.customerId),
    owner: ticket.ownerId ? await loadAgentById(tx, ticket.ownerId) : null,
    responsible: ticket.responsibleId ? await loadAgentById(tx, ticket.responsibleId) : null,
    links,
    tags: staff ? await tagsOfTicket(tx, ticket.id) : [],
    fields: await fieldsOfTicket(tx, ticket, queue, staff),
  };
  return { head, mergedFromIds };
}

async function fieldsOfTicket(
  tx: Db,
  ticket: TicketRow,
  queue: QueueRow,
  staff: boolean,
): Promise<TicketFields> {
  const fields = await fieldsOfQueue(tx, queue);
  const values = await loadFieldValues(tx, ticket.id);
  if (staff) return { fields, values };
  const shown = fields.filter((field) => !field.internal);
  const customerValues: FieldValues = {};
  for (const field of shown) {
    const value = values[field.key];
    if (value) customerValues[field.key] = value;
  }
  return { fields: shown, values: customerValues };
}

/** One ticket as the actor may see it: staff see everything; its customer sees the customer-visible part. */
export async function getTicket(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
): Promise<TicketDetails> {
  const tx = ctx.db;
  const who = await resolvePrincipal(tx, actor);
  const ticket = await loadTicket(tx, ticketNumber);
  await requireTicketPermission(tx, who, ticket, 'read');
  const staff = await seesAsStaff(tx, who, ticket);
  const { head, mergedFromIds } = await ticketHead(tx, ticket, staff);
  return {
    ...head,
    articles: await articlesOf(tx, [ticket.id, ...mergedFromIds], !staff),
    history: staff ? await prepared(tx, historyOfTicket).execute({ ticketId: ticket.id }) : [],
    watchers: staff
      ? (await prepared(tx, watchersOfTicket).execute({ ticketId: ticket.id })).map((r) => r.agent)
      : [],
  };
}
