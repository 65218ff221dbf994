import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { tablesOf } from '../../db/tables.js';
import { resolvePrincipal } from '../actor.js';
import { hasQueuePermission, type QueueRow } from '../permissions.js';

const agentsWantingNewTickets = (db: Db) => {
  const { agents } = tablesOf(db);
  return db.select().from(agents).where(eq(agents.dmNewTickets, true)).prepare();
};

/** The operators who asked for a DM about every new ticket (`dm_new_tickets`) and may read `queue`. */
export async function newTicketSubscribers(tx: Db, queue: QueueRow): Promise<number[]> {
  const readers: number[] = [];
  for (const agent of await prepared(tx, agentsWantingNewTickets).execute()) {
    const who = await resolvePrincipal(tx, { kind: 'slack', userId: agent.slackUserId });
    if (await hasQueuePermission(tx, who, queue.id, 'read')) readers.push(agent.id);
  }
  return readers;
}
