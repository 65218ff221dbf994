import type { AgentEvent, OutboxMessage } from '../../core/model.js';
import { type Locale, localeOf, translator } from '../../i18n/index.js';
import { buildAgentNotice } from '../../views/messages/agent-notice.js';
import { formatDateTime } from '../../views/time.js';
import type { SlackDeliveryDeps } from './deps.js';
import { slackCall } from './slack-errors.js';
import { currentQueueCard } from './threads.js';

/**
 * Notices a queue's channel already shows: a new ticket is its card, a follow-up is mirrored into the card's
 * thread, an escalation or a return is the card appearing (with the reason) in the receiving queue.
 */
const SHOWN_BY_THE_CARD: ReadonlySet<AgentEvent> = new Set([
  'new_ticket',
  'follow_up',
  'escalated',
  'sent_back',
]);

/** Notices the queue's channel sees too, not only the card's thread: a broken promise. */
const BROADCAST: ReadonlySet<AgentEvent> = new Set(['sla_breach']);

export type AgentNoticeMessage = Extract<OutboxMessage, { topic: 'agent.notify' }>;

/** An SLA notice's promise and due time, in the reader's words and the desk's time zone. */
function slaWords(message: AgentNoticeMessage, locale: Locale, timeZone: string) {
  if (message.target === undefined || message.dueAt === undefined) return undefined;
  return {
    target: translator(locale)(`sla.target.${message.target}`),
    due: formatDateTime(new Date(message.dueAt), timeZone, locale),
  };
}

/** Tells an operator by DM, or a queue in its card's thread, about something on a ticket. */
export async function notifyAgent(deps: SlackDeliveryDeps, message: AgentNoticeMessage): Promise<void> {
  const { desk, client } = deps;
  const details = await desk.deliveryTicket(message.ticketId, { articleId: message.articleId });
  const base = {
    event: message.event,
    number: details.ticket.number,
    title: details.ticket.title,
    queue: { key: details.queue.key, name: details.queue.name },
    body: details.article?.body,
  };
  if (message.agentId !== undefined) {
    const agent = await desk.agentById(message.agentId);
    const locale = localeOf(agent.language, deps.view.locale);
    const sla = slaWords(message, locale, deps.view.timeZone);
    const notice = buildAgentNotice({ ...base, locale, sla });
    await slackCall('chat.postMessage', () =>
      client.chat.postMessage({ channel: agent.slackUserId, ...notice }),
    );
    return;
  }
  if (SHOWN_BY_THE_CARD.has(message.event)) return;
  const card = await currentQueueCard(deps, message.ticketId, details.ticket.queueId);
  if (!card) return;
  const sla = slaWords(message, deps.view.locale, deps.view.timeZone);
  const notice = buildAgentNotice({ ...base, locale: deps.view.locale, sla });
  const thread = { channel: card.channelId, thread_ts: card.ts, ...notice };
  await slackCall('chat.postMessage', () =>
    client.chat.postMessage(BROADCAST.has(message.event) ? { ...thread, reply_broadcast: true } : thread),
  );
}
