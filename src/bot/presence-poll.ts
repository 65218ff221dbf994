import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { HelpDesk } from '../core/help-desk.js';
import type { SlackUserId } from '../core/model.js';

type Presence = 'active' | 'away';

const isPresence = (value: unknown): value is Presence => value === 'active' || value === 'away';

/**
 * Asks Slack (`users.getPresence`) about the operators of the queues that pass over those Slack shows away,
 * and records what it heard. Someone Slack could not be asked about is left as last heard: that answer grows
 * stale and then counts for nothing, so an outage of Slack never keeps tickets from anyone.
 */
export async function pollSlackPresence(desk: HelpDesk, client: WebClient, logger: Logger): Promise<void> {
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
