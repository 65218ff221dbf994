import type { Locale } from '../../i18n/index.js';
import { button, context, divider, header, packedSections, section } from '../blocks.js';
import { ACTIONS } from '../ids.js';
import { LIMITS } from '../limits.js';
import { texts } from '../locale.js';
import type { KnownBlock, SlackMessage } from '../slack.js';
import { cap, capMarkup, escapeMrkdwn, quote } from '../text.js';

export interface ResponsesData {
  locale: Locale;
  personal: { id: number; title: string; text: string }[];
  queues: { title: string; queueName: string }[];
  /** Said at the top, e.g. that a response was deleted. */
  notice?: string | undefined;
}

/** How many personal responses get their own section (and Delete button); the rest are counted. */
export const PERSONAL_SHOWN = 30;
/** How much of a personal response's text is shown. */
const EXCERPT_CHARS = 200;

/** `/ticket responses`: the queues' responses, then the operator's own, each with a Delete button. */
export function buildResponses(data: ResponsesData): SlackMessage {
  const tx = texts(data.locale);
  const blocks: KnownBlock[] = [header(tx.t('responses.title'))];
  if (data.notice) blocks.push(context([escapeMrkdwn(data.notice)]));
  blocks.push(section(`*${escapeMrkdwn(tx.t('responses.queues'))}*`));
  if (data.queues.length === 0) {
    blocks.push(context([escapeMrkdwn(tx.t('responses.noQueues'))]));
  } else {
    const lines = data.queues.map(
      (r) =>
        `• ${escapeMrkdwn(tx.t('responses.queueLine', { title: cap(r.title, 100), queue: cap(r.queueName, 100) }))}`,
    );
    const { blocks: sections, shown } = packedSections(lines, 5);
    blocks.push(...sections);
    if (shown < lines.length) {
      blocks.push(context([escapeMrkdwn(tx.t('responses.more', { count: lines.length - shown }))]));
    }
  }
  blocks.push(divider(), section(`*${escapeMrkdwn(tx.t('responses.personal'))}*`));
  if (data.personal.length === 0) blocks.push(context([escapeMrkdwn(tx.t('responses.noPersonal'))]));
  for (const response of data.personal.slice(0, PERSONAL_SHOWN)) {
    const excerpt = quote(cap(response.text.trim(), EXCERPT_CHARS));
    blocks.push(
      section(
        `*${escapeMrkdwn(cap(response.title, 100))}*\n${excerpt}`,
        button({
          text: tx.t('responses.delete'),
          actionId: ACTIONS.deleteResponse,
          value: String(response.id),
          style: 'danger',
        }),
      ),
    );
  }
  if (data.personal.length > PERSONAL_SHOWN) {
    blocks.push(
      context([escapeMrkdwn(tx.t('responses.more', { count: data.personal.length - PERSONAL_SHOWN }))]),
    );
  }
  return {
    text: capMarkup(escapeMrkdwn(tx.t('responses.title')), 1000),
    blocks: blocks.slice(0, LIMITS.messageBlocks),
  };
}
