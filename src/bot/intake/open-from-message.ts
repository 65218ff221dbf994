import type { WebClient } from '@slack/web-api';
import type { MessageIntakeOutcome, QueueKey } from '../../core/model.js';
import type { BotDeps } from '../deps.js';
import { fetchSlackFiles } from '../slack-files.js';
import { messageArticle } from './message-article.js';
import { requestTitle } from './request-title.js';
import type { SourceMessage } from './source-message.js';

export interface MessageRequest {
  message: SourceMessage;
  queueKey: QueueKey;
  /** A link back to the message for the operators; not for a DM, which nobody else can open. */
  withPermalink: boolean;
  /** A request channel's grouping window. */
  groupWithinMs?: number;
}

/**
 * Opens a ticket for the message's author with its text, its files and a link back to it; the receipt with
 * the ticket number is then delivered into the message's thread. Nothing new for a message taken already.
 */
export async function openFromMessage(
  deps: BotDeps,
  client: WebClient,
  request: MessageRequest,
): Promise<MessageIntakeOutcome> {
  const { message } = request;
  const person = await deps.users.get(message.user);
  const article = {
    ...messageArticle(message.channelId, message),
    attachments: await fetchSlackFiles(deps.files, message.files),
  };
  if (request.withPermalink) {
    const { permalink } = await client.chat.getPermalink({
      channel: message.channelId,
      message_ts: message.ts,
    });
    if (permalink) article.body = `${article.body}\n\n${permalink}`;
  }
  const result = await deps.desk.openTicketFromMessage({
    queueKey: request.queueKey,
    title: requestTitle(message.text, message.files),
    article,
    customer: {
      slackUserId: person.id,
      name: person.name,
      email: person.email ?? undefined,
      language: person.locale,
    },
    groupWithinMs: request.groupWithinMs,
  });
  if (result.outcome !== 'duplicate') deps.deliverNow();
  return result.outcome;
}
