import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { agents } from '../../db/schema.js';
import { resolvePrincipal } from '../actor.js';
import { hasQueuePermission, type QueueRow } from '../permissions.js';

const agentsWantingNewTickets = (db: DbOrTx) =>
  db.select().from(agents).where(eq(agents.dmNewTickets, true)).prepare();

/** The operators who asked for a DM about every new ticket (`dm_new_tickets`) and may read `queue`. */
export function newTicketSubscribers(tx: DbOrTx, queue: QueueRow): number[] {
  return prepared(tx, agentsWantingNewTickets)
    .all()
    .filter((agent) => {
      const who = resolvePrincipal(tx, { kind: 'slack', userId: agent.slackUserId });
      return hasQueuePermission(tx, who, queue.id, 'read');
    })
    .map((agent) => agent.id);
}
