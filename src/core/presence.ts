/**
 * What Slack says of operators' presence, for queues that pass over those Slack reports away
 * (`skip_slack_away`). The core never asks Slack: the outer layer polls `users.getPresence` for the people
 * `presenceWatchList` names and records what it heard; assignment trusts an answer only while it is fresh
 * (auto-assign.ts), so when Slack cannot be asked nobody is skipped for it.
 */

import { and, eq, inArray, ne } from 'drizzle-orm';
import type { SlackPresence } from '../db/schema.js';
import { tablesOf } from '../db/tables.js';
import type { SlackUserId } from './brands.js';
import type { CoreContext } from './context.js';
import { inTransaction } from './context.js';

/** The Slack ids of the operators who may own tickets in an active queue that skips Slack's away. */
export async function presenceWatchList(ctx: CoreContext): Promise<SlackUserId[]> {
  const { agents, queuePermissions, queues } = tablesOf(ctx.db);
  const rows = await ctx.db
    .selectDistinct({ slackUserId: agents.slackUserId })
    .from(queues)
    .innerJoin(queuePermissions, eq(queuePermissions.queueId, queues.id))
    .innerJoin(agents, eq(agents.id, queuePermissions.agentId))
    .where(
      and(
        eq(queues.active, true),
        eq(queues.skipSlackAway, true),
        ne(queues.assign, 'manual'),
        inArray(queuePermissions.permission, ['owner', 'rw']),
      ),
    );
  return rows.map((row) => row.slackUserId).sort();
}

export interface PresenceReport {
  slackUserId: SlackUserId;
  presence: SlackPresence;
}

/** Records what Slack said just now of each person. */
export async function recordSlackPresence(ctx: CoreContext, reports: PresenceReport[]): Promise<void> {
  const { agents } = tablesOf(ctx.db);
  const now = ctx.clock.now();
  await inTransaction(ctx, async (tx) => {
    for (const { slackUserId, presence } of reports) {
      await tx
        .update(agents)
        .set({ slackPresence: presence, slackPresenceAt: now })
        .where(eq(agents.slackUserId, slackUserId));
    }
  });
}
