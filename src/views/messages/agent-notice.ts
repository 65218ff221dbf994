import type { AgentEvent } from '../../core/model.js';
import type { Locale } from '../../i18n/index.js';
import { context, section } from '../blocks.js';
import { LIMITS } from '../limits.js';
import { texts } from '../locale.js';
import type { QueueRef } from '../model.js';
import type { KnownBlock, SlackMessage } from '../slack.js';
import { cap, capMarkup, escapeMrkdwn, quote } from '../text.js';
import { TITLE_CHARS } from '../ticket-card.js';

/** The operator notices the outbox carries. */
export type AgentNoticeEvent = AgentEvent;

export interface AgentNoticeInput {
  locale: Locale;
  event: AgentNoticeEvent;
  number: string;
  title: string;
  /** The queue the ticket is in (for escalated / sent back: where it went). */
  queue: QueueRef;
  /** An excerpt to show (e.g. the customer's follow-up). */
  body?: string | null | undefined;
  /** A permalink to the ticket's card; only an https URL Slack can link is used. */
  link?: string | null | undefined;
  /** For SLA notices, in words: which promise (`first response`) and when it falls (fell) due. */
  sla?: { target: string; due: string } | undefined;
}

/** How much of a body an operator notice quotes; the card's thread has the whole article. */
export const NOTICE_BODY_CHARS = 1000;

const SAFE_LINK = /^https:\/\/[^\s<>|]+$/;

/** Whether a URL can go in a `<url|label>` link untouched (https, no characters Slack's link syntax uses). */
export function isSafeLink(url: string | null | undefined): url is string {
  return typeof url === 'string' && url.length <= LIMITS.url && SAFE_LINK.test(url);
}

/** Tells an operator (DM) or a queue (card thread) about something on a ticket. */
export function buildAgentNotice(input: AgentNoticeInput): SlackMessage {
  const tx = texts(input.locale);
  const line = tx.md(`agent.${input.event}`, {
    number: input.number,
    title: cap(input.title, TITLE_CHARS),
    queue: cap(input.queue.name, TITLE_CHARS),
    target: input.sla?.target ?? '',
    due: input.sla?.due ?? '',
  });
  const blocks: KnownBlock[] = [section(line)];
  const body = input.body?.trim();
  if (body) blocks.push(section(quote(cap(body, NOTICE_BODY_CHARS))));
  const details = [tx.md('agent.queueLine', { queue: cap(input.queue.name, TITLE_CHARS) })];
  if (isSafeLink(input.link))
    details.push(`<${escapeMrkdwn(input.link)}|${escapeMrkdwn(tx.t('agent.open'))}>`);
  blocks.push(context(details));
  return { text: capMarkup(line, 1000), blocks };
}
