import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { tickets } from '../../db/schema.js';
import type { AgentRow } from '../actor.js';
import type { CoreContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { loadAgentById, loadAgentBySlackId } from '../tickets/load.js';

const numberOfTicket = (db: DbOrTx) =>
  db
    .select({ number: tickets.number })
    .from(tickets)
    .where(eq(tickets.id, sql.placeholder('ticketId')))
    .prepare();

/** For the delivery workers, whose outbox messages name tickets and agents by id. */
export function ticketNumberById(ctx: CoreContext, ticketId: number): string {
  const row = prepared(ctx.db, numberOfTicket).get({ ticketId });
  if (!row) throw new NotFoundError('ticket', ticketId);
  return row.number;
}

export function agentById(ctx: CoreContext, agentId: number): AgentRow {
  return loadAgentById(ctx.db, agentId);
}

export function agentBySlackId(ctx: CoreContext, slackUserId: string): AgentRow {
  return loadAgentBySlackId(ctx.db, slackUserId);
}
