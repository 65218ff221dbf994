import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { tablesOf } from '../../db/tables.js';
import { type Actor, resolvePrincipal } from '../actor.js';
import type { TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { HelpDeskError, NotFoundError } from '../errors.js';
import { recordHistory } from '../history.js';
import { requireTicketPermission, type TicketRow } from '../permissions.js';
import { loadTicket } from './load.js';

const participantOfTicket = (db: Db) => {
  const { ticketParticipants } = tablesOf(db);
  return db
    .select({ email: ticketParticipants.email })
    .from(ticketParticipants)
    .where(
      and(
        eq(ticketParticipants.ticketId, sql.placeholder('ticketId')),
        eq(ticketParticipants.email, sql.placeholder('email')),
      ),
    )
    .prepare();
};

const articleOfTicket = (db: Db) => {
  const { articles } = tablesOf(db);
  return db
    .select()
    .from(articles)
    .where(
      and(
        eq(articles.ticketId, sql.placeholder('ticketId')),
        eq(articles.articleNumber, sql.placeholder('articleNumber')),
      ),
    )
    .prepare();
};

/** The address of `Name <address>` or of a bare address, lower case; null when there is none. */
function mailboxAddress(mailbox: string): string | null {
  const text = mailbox.trim();
  const open = text.lastIndexOf('<');
  const address = open !== -1 && text.endsWith('>') ? text.slice(open + 1, -1) : text;
  return address.includes('@') ? address.trim().toLowerCase() : null;
}

/** Whether `email` (lower case) may write into the ticket by mail besides its customer. */
export async function isParticipant(tx: Db, ticketId: number, email: string): Promise<boolean> {
  return (await prepared(tx, participantOfTicket).execute({ ticketId, email }))[0] !== undefined;
}

export interface AcceptedSender {
  ticket: TicketRow;
  email: string;
  /** False when the address was a participant already: nothing changed. */
  added: boolean;
}

/**
 * An operator accepts the sender of a mail that was kept as "not from the customer": the address becomes a
 * participant of the ticket, so its later mails are follow-ups like the customer's. The article itself
 * stays as it was (internal): it was not trusted when it came.
 */
export async function acceptSender(
  ctx: CoreContext,
  actor: Actor,
  ticketNumber: TicketNumber,
  articleNumber: number,
): Promise<AcceptedSender> {
  const { ticketParticipants } = tablesOf(ctx.db);
  return await inTransaction(ctx, async (tx) => {
    const who = await resolvePrincipal(tx, actor);
    const ticket = await loadTicket(tx, ticketNumber);
    await requireTicketPermission(tx, who, ticket, 'rw');
    const article = (await prepared(tx, articleOfTicket).execute({ ticketId: ticket.id, articleNumber }))[0];
    if (!article) throw new NotFoundError('article', `${ticket.number}/${articleNumber}`);
    const email = article.senderType === 'external' ? mailboxAddress(article.fromAddress ?? '') : null;
    if (!email) {
      throw new HelpDeskError(
        'not_an_external_sender',
        `Article ${articleNumber} of Ticket#${ticket.number} is not a mail from someone outside the ticket.`,
        { ticketNumber: ticket.number, articleNumber },
      );
    }
    if (await isParticipant(tx, ticket.id, email)) return { ticket, email, added: false };
    const now = ctx.clock.now();
    await tx
      .insert(ticketParticipants)
      .values({ ticketId: ticket.id, email, addedByAgentId: who.agent?.id ?? null, createdAt: now });
    await recordHistory(tx, who, ticket.id, now, {
      event: 'AddParticipant',
      newValue: email,
      articleId: article.id,
    });
    return { ticket, email, added: true };
  });
}
