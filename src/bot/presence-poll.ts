import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { HelpDesk } from '../core/help-desk.js';
import { type SlackUserId, systemClock } from '../core/model.js';

type Presence = 'active' | 'away';

const isPresence = (value: unknown): value is Presence => value === 'active' || value === 'away';

/**
 * Asks Slack (`users.getPresence`) about the operators of the queues that pass over those Slack shows away,
 * and records what it heard. Someone Slack could not be asked about is left as last heard: that answer grows
 * stale and then counts for nothing, so an outage of Slack never keeps tickets from anyone.
 *
 * Every replica calls it every `intervalMs`; only the one that takes the interval's turn asks Slack, so the
 * calls to Slack (rate limited per app) do not grow with the replicas.
 */
export async function pollSlackPresence(
  desk: HelpDesk,
  client: WebClient,
  logger: Logger,
  intervalMs: number,
): Promise<void> {
  // Real time: the interval is the process's, whatever clock the desk's rules run on.
  const turn = { task: 'slack_presence', intervalMs, now: systemClock.now() } as const;
  if (!(await desk.takePeriodicTurn(turn))) return;
  const watched = await desk.presenceWatchList();
  const heard: { slackUserId: SlackUserId; presence: Presence }[] = [];
  for (const slackUserId of watched) {
    try {
      const answer = await client.users.getPresence({ user: slackUserId });
      if (isPresence(answer.presence)) heard.push({ slackUserId, presence: answer.presence });
    } catch (error) {
      logger.warn(`presence of ${slackUserId} not known: ${(error as Error).message}`);
    }
  }
  if (heard.length > 0) await desk.recordSlackPresence(heard);
}
