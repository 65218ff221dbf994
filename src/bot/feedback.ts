import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { HelpDeskError } from '../core/errors.js';
import { buildRefusal } from '../views/messages/refusal.js';
import type { KnownBlock } from '../views/slack.js';
import type { BotDeps } from './deps.js';

/** Where to tell a person something only they should see. */
export interface Audience {
  userId: string;
  /** The channel they acted in; without one they are told by DM. */
  channelId?: string;
  threadTs?: string;
}

/** Says something to one person: ephemeral in the channel they acted in, else by DM. */
export async function tell(
  client: WebClient,
  to: Audience,
  message: { text: string; blocks?: KnownBlock[] },
) {
  const { blocks } = message;
  if (to.channelId) {
    await client.chat.postEphemeral({
      channel: to.channelId,
      user: to.userId,
      text: message.text,
      blocks,
      ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
    });
  } else {
    await client.chat.postMessage({ channel: to.userId, text: message.text, blocks });
  }
}

/**
 * Tells the person why their action did not happen. A refusal of the core is shown in their language; any
 * other failure is logged in full and shown as a generic apology, never as internals.
 */
export async function explainFailure(
  deps: BotDeps,
  client: WebClient,
  logger: Logger,
  to: Audience,
  error: unknown,
) {
  const locale = await deps.users.locale(to.userId);
  if (!(error instanceof HelpDeskError)) logger.error(error);
  const refusal =
    error instanceof HelpDeskError
      ? buildRefusal({ locale, code: error.code, message: error.message, params: error.params })
      : buildRefusal({ locale, code: 'internal_error', message: 'Something went wrong.', params: {} });
  try {
    await tell(client, to, refusal);
  } catch (tellError) {
    logger.error(tellError);
  }
}
