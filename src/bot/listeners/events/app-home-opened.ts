import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { type Actor, type SlackUserId, slackUserIdOf } from '../../../core/model.js';

import { queueRef } from '../../../present/card-data.js';
import { figuresData } from '../../../present/statistics.js';
import { listItems } from '../../../present/ticket-list.js';
import { buildAppHome, HOME_CLOSED_DAYS } from '../../../views/app-home.js';
import type { ClosedRequestItem, HomeData } from '../../../views/model.js';
import type { BotDeps } from '../../deps.js';
import { parsePeriod } from '../../period.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

const LIST_LENGTH = 10;

/** What App Home shows a person: their requests and, for operators, their tickets and their queues. */
export async function homeData(deps: BotDeps, userId: SlackUserId): Promise<HomeData> {
  const { desk } = deps;
  const actor = { kind: 'slack', userId } as const;
  const queues = await desk.operatorQueues(actor);
  const workloads = queues.length === 0 ? [] : await desk.queueWorkloads(actor);
  const operator =
    queues.length === 0
      ? null
      : {
          myTickets: await listItems(desk, (await desk.ownedTickets(actor, { pageSize: LIST_LENGTH })).items),
          queueCounts: queues.map((queue) => {
            const load = workloads.find((w) => w.queueId === queue.id);
            return {
              queue: queueRef(queue),
              new: load?.new ?? 0,
              open: load?.open ?? 0,
              pending: load?.pending ?? 0,
            };
          }),
          availability: await desk.availability(actor),
          loads: await desk.queueLoads(actor),
          oldestUnclaimed: await listItems(desk, await desk.oldestUnclaimed(actor, LIST_LENGTH)),
          weekStats: (await desk.maySeeStatistics(actor))
            ? figuresData(
                await desk.statistics(actor, parsePeriod(undefined, desk.now(), deps.view.timeZone)),
              )
            : undefined,
        };
  return {
    locale: await deps.users.locale(userId),
    timeZone: deps.view.timeZone,
    now: desk.now(),
    myRequests: await listItems(desk, (await desk.customerTickets(actor, { pageSize: LIST_LENGTH })).items),
    closedRequests: await closedItems(deps, actor),
    operator,
  };
}

/** The customer's requests closed lately, with their state, rating and what "Still a problem" would do. */
async function closedItems(deps: BotDeps, actor: Actor): Promise<ClosedRequestItem[]> {
  const closed = await deps.desk.recentlyClosedRequests(actor, HOME_CLOSED_DAYS, LIST_LENGTH + 1);
  const items = await listItems(
    deps.desk,
    closed.map((c) => c.ticket),
  );
  return items.map((item, index) => {
    const { ticket, followUp } = closed[index] as (typeof closed)[number];
    return {
      ...item,
      closedAt: ticket.closedAt ?? ticket.updatedAt,
      rating: ticket.satisfactionRating,
      followUp,
    };
  });
}

/** Publishes the user's App Home as it is now. */
export async function publishHome(deps: BotDeps, client: Args['client'], userId: SlackUserId): Promise<void> {
  await client.views.publish({ user_id: userId, view: buildAppHome(await homeData(deps, userId)) });
}

/** Publishes App Home whenever its owner opens it. */
export function appHomeOpened(deps: BotDeps) {
  return async ({ event, client, logger }: Args) => {
    if (event.tab !== 'home') return;
    try {
      await publishHome(deps, client, slackUserIdOf(event.user));
    } catch (error) {
      logger.error(error);
    }
  };
}
