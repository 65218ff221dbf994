import type { SlackUserId } from '../core/model.js';
import { buildResponses } from '../views/messages/responses.js';
import type { SlackMessage } from '../views/slack.js';
import type { BotDeps } from './deps.js';

/** `/ticket responses` for one operator, with `notice` on top (e.g. what was just deleted). */
export async function responsesMessage(
  deps: BotDeps,
  userId: SlackUserId,
  notice?: string,
): Promise<SlackMessage> {
  const { personal, queues } = await deps.desk.operatorResponses({ kind: 'slack', userId });
  return buildResponses({
    locale: await deps.users.locale(userId),
    notice,
    personal: personal.map((r) => ({ id: r.id, title: r.title, text: r.bodyIt ?? r.bodyEn ?? '' })),
    queues: queues.map((r) => ({ title: r.title, queueName: r.queueName })),
  });
}
