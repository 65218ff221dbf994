import type { WebClient } from '@slack/web-api';
import { PermissionDeniedError } from '../../core/errors.js';
import { queueRef } from '../../present/card-data.js';
import { buildQueueChoice } from '../../views/messages/intake.js';
import type { BotDeps } from '../deps.js';
import { tell } from '../feedback.js';
import { openFromMessage } from './open-from-message.js';
import type { SourceMessage } from './source-message.js';

const isDm = (channelId: string) => channelId.startsWith('D');

/** The question about a message is asked once: Slack's retries of the message (at any replica) ask nothing. */
const questionKey = (message: SourceMessage) => `intake-question:${message.channelId}:${message.ts}`;

/**
 * A request written to the app (a DM, a mention in a channel of no queue): opened in the one first-level queue
 * its author may write to, or, when several fit, the author is asked which one with a button each.
 */
export async function openOrAskQueue(
  deps: BotDeps,
  client: WebClient,
  message: SourceMessage,
): Promise<void> {
  const actor = { kind: 'slack', userId: message.user } as const;
  const queues = (await deps.desk.queuesForNewTicket(actor)).filter((queue) => queue.level === 1);
  const [only] = queues;
  if (!only) throw new PermissionDeniedError('create', { desk: true });
  if (queues.length === 1) {
    await openFromMessage(deps, client, {
      message,
      queueKey: only.key,
      withPermalink: !isDm(message.channelId),
    });
    return;
  }
  if (!(await deps.desk.markInteractionHandled(questionKey(message)))) return;
  const choice = buildQueueChoice({
    locale: await deps.users.locale(message.user),
    queues: queues.map(queueRef),
    message,
  });
  if (isDm(message.channelId)) {
    await client.chat.postMessage({ channel: message.channelId, thread_ts: message.ts, ...choice });
  } else {
    await tell(client, { userId: message.user, channelId: message.channelId }, choice);
  }
}
