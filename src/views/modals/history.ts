import { TICKET_STATES, type TicketState } from '../../core/model.js';
import { articleByline, attachmentList } from '../article-blocks.js';
import { context, section } from '../blocks.js';
import { VIEWS } from '../ids.js';
import { LIMITS } from '../limits.js';
import { type Texts, texts } from '../locale.js';
import type { ArticleData, HistoryEntryData } from '../model.js';
import type { KnownBlock, ModalView } from '../slack.js';
import { bold, cap, escapeMrkdwn, quote } from '../text.js';
import { formatDateTime } from '../time.js';
import { type TicketModalInput, ticketModal } from './common.js';

export interface HistoryModalInput extends TicketModalInput {
  timeZone: string;
  articles: ArticleData[];
  history: HistoryEntryData[];
}

/** How much of each article the History shows. */
export const HISTORY_ARTICLE_CHARS = 1500;
/** JSON bytes the entries may take, leaving room below Slack's 250 kB view limit for the rest. */
export const HISTORY_BYTES = 200_000;
const VALUE_CHARS = 100;

type Entry =
  | { kind: 'event'; at: number; order: number; event: HistoryEntryData }
  | { kind: 'article'; at: number; order: number; article: ArticleData };

/** A block of the History, and how many entries (articles, events) it shows. */
interface Unit {
  block: KnownBlock;
  entries: number;
}

function isTicketState(value: string): value is TicketState {
  return (TICKET_STATES as readonly string[]).includes(value);
}

/** Old and new values in the reader's words where we know them (states, priorities). */
function readableValue(tx: Texts, event: string, value: string): string {
  if (event === 'StateUpdate' && isTicketState(value)) return tx.state(value);
  if (event === 'PriorityUpdate') {
    const priority = Number.parseInt(value, 10);
    if (!Number.isNaN(priority)) return `${priority} ${tx.priority(priority)}`;
  }
  return cap(value.replace(/\s+/g, ' '), VALUE_CHARS);
}

function eventLine(tx: Texts, timeZone: string, entry: HistoryEntryData): string {
  const label = tx.optional(`history.event.${entry.event}`) ?? entry.event;
  const separator = escapeMrkdwn(tx.t('common.separator'));
  const line = [
    escapeMrkdwn(formatDateTime(entry.createdAt, timeZone, tx.locale)),
    bold(cap(label, VALUE_CHARS)) || '?',
    escapeMrkdwn(cap(entry.actor.replace(/\s+/g, ' '), VALUE_CHARS)),
  ].join(separator);
  // Lock and Unlock carry "lock"/"unlock" as values: the event name says it all.
  if (entry.event === 'Lock' || entry.event === 'Unlock') return line;
  const before = entry.oldValue ? readableValue(tx, entry.event, entry.oldValue) : null;
  const after = entry.newValue ? readableValue(tx, entry.event, entry.newValue) : null;
  if (before && after) return `${line}: ${tx.md('history.change', { old: before, new: after })}`;
  if (after ?? before) return `${line}: ${escapeMrkdwn(after ?? before ?? '')}`;
  return line;
}

function articleText(tx: Texts, timeZone: string, article: ArticleData): string {
  const parts = [articleByline(tx, article, timeZone)];
  const subject = article.subject?.trim();
  if (subject) parts.push(bold(cap(subject.replace(/\s+/g, ' '), 200)));
  const body = article.body.trim();
  if (body !== '') parts.push(quote(cap(body, HISTORY_ARTICLE_CHARS)));
  const attachments = attachmentList(tx, article);
  if (attachments) parts.push(attachments);
  return parts.join('\n');
}

/** Every entry in time order, as blocks: one per article, runs of events packed into one section. */
function units(tx: Texts, data: HistoryModalInput): Unit[] {
  const entries: Entry[] = [
    ...data.history.map(
      (event, order): Entry => ({ kind: 'event', at: event.createdAt.getTime(), order, event }),
    ),
    ...data.articles.map(
      (article, order): Entry => ({ kind: 'article', at: article.createdAt.getTime(), order, article }),
    ),
  ];
  // Time order; on a tie the event (e.g. NewTicket) comes before the article it produced.
  entries.sort(
    (a, b) => a.at - b.at || (a.kind === b.kind ? a.order - b.order : a.kind === 'event' ? -1 : 1),
  );
  const result: Unit[] = [];
  let run: string[] = [];
  let runLength = 0;
  const flush = () => {
    if (run.length > 0) result.push({ block: section(run.join('\n')), entries: run.length });
    run = [];
    runLength = 0;
  };
  for (const entry of entries) {
    if (entry.kind === 'article') {
      flush();
      result.push({ block: section(articleText(tx, data.timeZone, entry.article)), entries: 1 });
      continue;
    }
    const line = eventLine(tx, data.timeZone, entry.event);
    if (runLength + line.length + 1 > LIMITS.text) flush();
    run.push(line);
    runLength += line.length + 1;
  }
  flush();
  return result;
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * A ticket's whole story, articles and events in time order. When it does not fit a modal (100 blocks,
 * 250 kB), the newest entries are shown with a line saying how many earlier ones are left out.
 */
export function buildHistoryModal(data: HistoryModalInput): ModalView {
  const tx = texts(data.locale);
  const all = units(tx, data);
  const total = all.reduce((sum, unit) => sum + unit.entries, 0);
  // Room left by the heading block and the "earlier entries" line.
  let blocksLeft = LIMITS.viewBlocks - 2;
  let bytesLeft = HISTORY_BYTES;
  const shown: Unit[] = [];
  for (let index = all.length - 1; index >= 0; index -= 1) {
    const unit = all[index];
    if (!unit) break;
    const bytes = jsonBytes(unit.block);
    if (blocksLeft < 1 || bytes > bytesLeft) break;
    shown.unshift(unit);
    blocksLeft -= 1;
    bytesLeft -= bytes;
  }
  const hidden = total - shown.reduce((sum, unit) => sum + unit.entries, 0);
  const blocks: KnownBlock[] = [];
  if (hidden > 0) blocks.push(context([tx.md('history.earlier', { count: hidden })]));
  if (total === 0) blocks.push(context([escapeMrkdwn(tx.t('history.empty'))]));
  blocks.push(...shown.map((unit) => unit.block));
  return ticketModal(data, { callbackId: VIEWS.history, title: 'modal.history.title', blocks });
}
