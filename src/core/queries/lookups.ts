import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { tablesOf } from '../../db/tables.js';
import type { AgentRow } from '../actor.js';
import type { SlackUserId, TicketNumber } from '../brands.js';
import type { CoreContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { loadAgentById, loadAgentBySlackId } from '../tickets/load.js';

const numberOfTicket = (db: Db) => {
  const { tickets } = tablesOf(db);
  return db
    .select({ number: tickets.number })
    .from(tickets)
    .where(eq(tickets.id, sql.placeholder('ticketId')))
    .prepare();
};

/** For the delivery workers, whose outbox messages name tickets and agents by id. */
export async function ticketNumberById(ctx: CoreContext, ticketId: number): Promise<TicketNumber> {
  const row = (await prepared(ctx.db, numberOfTicket).execute({ ticketId }))[0];
  if (!row) throw new NotFoundError('ticket', ticketId);
  return row.number;
}

export async function agentById(ctx: CoreContext, agentId: number): Promise<AgentRow> {
  return await loadAgentById(ctx.db, agentId);
}

export async function agentBySlackId(ctx: CoreContext, slackUserId: SlackUserId): Promise<AgentRow> {
  return await loadAgentBySlackId(ctx.db, slackUserId);
}
