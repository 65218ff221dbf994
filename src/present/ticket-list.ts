import type { HelpDesk } from '../core/help-desk.js';
import type { TicketRow } from '../core/model.js';
import type { TicketListItem } from '../views/model.js';
import { queueRef } from './card-data.js';

/** List rows with their queue and owner names, looked up once per queue and owner. */
export async function listItems(desk: HelpDesk, tickets: TicketRow[]): Promise<TicketListItem[]> {
  const queues = new Map<number, ReturnType<typeof queueRef>>();
  const owners = new Map<number, { name: string; slackUserId: string }>();
  const items: TicketListItem[] = [];
  for (const ticket of tickets) {
    let queue = queues.get(ticket.queueId);
    if (!queue) {
      queue = queueRef((await desk.queueFamily(ticket.queueId)).queue);
      queues.set(ticket.queueId, queue);
    }
    let owner = ticket.ownerId === null ? null : (owners.get(ticket.ownerId) ?? null);
    if (ticket.ownerId !== null && !owner) {
      const agent = await desk.agentById(ticket.ownerId);
      owner = { name: agent.name, slackUserId: agent.slackUserId };
      owners.set(ticket.ownerId, owner);
    }
    items.push({
      number: ticket.number,
      title: ticket.title,
      state: ticket.state,
      priority: ticket.priority,
      queue,
      createdAt: ticket.createdAt,
      owner,
    });
  }
  return items;
}
