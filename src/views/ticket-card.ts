import { isPending, isWorking } from '../core/model.js';
import { actions, button, context, fieldsSection, header, option, section, staticSelect } from './blocks.js';
import { cardFieldBlocks } from './fields.js';
import { ACTIONS, MORE_ACTIONS, type MoreAction } from './ids.js';
import { type Texts, texts } from './locale.js';
import type { CardData } from './model.js';
import type { ActionsBlockElement, KnownBlock, SlackMessage, StaticSelect } from './slack.js';
import { bold, cap, capMarkup, escapeMrkdwn, personLabel, quote } from './text.js';
import { ago, dueStatus, formatDateTime } from './time.js';

/** How much of the request the card shows, and of the title anywhere. */
export const CARD_DESCRIPTION_CHARS = 500;
export const TITLE_CHARS = 300;
/** How much of a rating's comment the card shows. */
export const RATING_COMMENT_CHARS = 200;

const MORE_LABELS = {
  assign: 'more.assign',
  responsible: 'more.responsible',
  priority: 'more.priority',
  pending: 'more.pending',
  send_back: 'more.send_back',
  merge: 'more.merge',
  watch: 'more.watch',
  fields: 'more.fields',
  history: 'more.history',
  reopen: 'more.reopen',
  tags: 'more.tags',
} as const satisfies Record<MoreAction, string>;

function field(label: string, valueMarkup: string): string {
  return `*${escapeMrkdwn(label)}*\n${valueMarkup}`;
}

type SlaKey = 'sla.firstResponse' | 'sla.update' | 'sla.solution';

/** A promise still open on a ticket being worked: what it is, when it falls due and when it warns. */
interface OpenPromise {
  key: SlaKey;
  dueAt: Date;
  warnAt: Date | null;
}

function openPromises(card: CardData): OpenPromise[] {
  if (!isWorking(card.state)) return [];
  const warn = card.slaWarnAt;
  const promises: OpenPromise[] = [];
  if (!card.firstResponseAt && card.firstResponseDueAt) {
    const warnAt = warn?.firstResponse ?? null;
    promises.push({ key: 'sla.firstResponse', dueAt: card.firstResponseDueAt, warnAt });
  }
  if (card.updateDueAt) {
    promises.push({ key: 'sla.update', dueAt: card.updateDueAt, warnAt: warn?.update ?? null });
  }
  if (card.solutionDueAt) {
    promises.push({ key: 'sla.solution', dueAt: card.solutionDueAt, warnAt: warn?.solution ?? null });
  }
  return promises;
}

/**
 * The SLA words for a ticket, or null when it has no deadline to show: a badge when a promise is broken or
 * in its warning time, then each promise with when it falls due ("due in 25 min (2026-11-30 11:25)",
 * "overdue by 2 h (…)"); while the clocks are paused, only that.
 */
export function slaLine(tx: Texts, card: CardData): string | null {
  const lines: string[] = [];
  const promises = openPromises(card);
  const paused = Boolean(card.slaPausedAt) && isWorking(card.state);
  if (!paused && promises.some((p) => card.now >= p.dueAt)) lines.push(tx.t('sla.badge.breach'));
  else if (!paused && promises.some((p) => p.warnAt !== null && card.now >= p.warnAt)) {
    lines.push(tx.t('sla.badge.warning'));
  }
  if (card.firstResponseAt && card.firstResponseDueAt) {
    const late = card.firstResponseAt > card.firstResponseDueAt;
    lines.push(tx.t(late ? 'sla.firstResponseLate' : 'sla.firstResponseMet'));
  }
  if (paused) {
    lines.push(tx.t('sla.paused'));
  } else {
    for (const promise of promises) {
      const when = formatDateTime(promise.dueAt, card.timeZone, tx.locale);
      const status = tx.t('sla.when', { status: dueStatus(tx.t, promise.dueAt, card.now), time: when });
      lines.push(tx.t(promise.key, { status }));
    }
  }
  return lines.length > 0 ? lines.join('\n') : null;
}

/** The card's field list: who, where, what state, since when, which deadlines. */
export function cardFields(tx: Texts, card: CardData): string[] {
  const nobody = escapeMrkdwn(tx.t('common.none'));
  const fields = [
    field(tx.t('card.customer'), personLabel(card.customer)),
    field(tx.t('card.queue'), escapeMrkdwn(cap(card.queue.name, TITLE_CHARS))),
    field(tx.t('card.state'), escapeMrkdwn(tx.state(card.state))),
    field(tx.t('card.priority'), escapeMrkdwn(`${card.priority} ${tx.priority(card.priority)}`)),
    field(tx.t('card.owner'), card.owner ? personLabel(card.owner) : nobody),
    field(tx.t('card.responsible'), card.responsible ? personLabel(card.responsible) : nobody),
    field(tx.t('card.created'), escapeMrkdwn(ago(tx.t, card.createdAt, card.now))),
  ];
  const sla = slaLine(tx, card);
  if (sla) fields.push(field(tx.t('card.sla'), escapeMrkdwn(sla)));
  if (card.pendingUntil && isPending(card.state)) {
    const until = formatDateTime(card.pendingUntil, card.timeZone, tx.locale);
    fields.push(field(tx.t('card.pendingUntil'), escapeMrkdwn(until)));
  }
  if (card.satisfaction) {
    const { rating, comment } = card.satisfaction;
    const said = comment
      ? `\n_${escapeMrkdwn(cap(comment.replace(/\s+/g, ' '), RATING_COMMENT_CHARS))}_`
      : '';
    fields.push(field(tx.t('card.rating'), `${tx.md('card.ratingValue', { rating })}${said}`));
  }
  return fields;
}

function moreMenu(tx: Texts, card: CardData, choices: readonly MoreAction[]): StaticSelect {
  const options = choices.map((action) =>
    option(
      action === 'send_back'
        ? tx.t(MORE_LABELS[action], { queue: card.parentQueue?.name ?? '' })
        : tx.t(MORE_LABELS[action]),
      `${action}:${card.number}`,
    ),
  );
  return staticSelect({
    actionId: ACTIONS.more,
    placeholder: tx.t('more.placeholder'),
    options,
    groupLabel: () => tx.t('more.placeholder'),
  });
}

function cardActions(tx: Texts, card: CardData): ActionsBlockElement[] {
  const value = card.number;
  if (!isWorking(card.state)) {
    return [moreMenu(tx, card, card.state === 'merged' ? ['history'] : ['reopen', 'tags', 'history'])];
  }
  const elements: ActionsBlockElement[] = [
    card.owner
      ? button({ text: tx.t('button.release'), actionId: ACTIONS.release, value })
      : button({ text: tx.t('button.claim'), actionId: ACTIONS.claim, value, style: 'primary' }),
    button({ text: tx.t('button.reply'), actionId: ACTIONS.reply, value }),
    button({ text: tx.t('button.note'), actionId: ACTIONS.note, value }),
  ];
  if (card.subQueues.length > 0) {
    elements.push(button({ text: tx.t('button.escalate'), actionId: ACTIONS.escalate, value }));
  }
  elements.push(button({ text: tx.t('button.close'), actionId: ACTIONS.close, value, style: 'danger' }));
  const choices = MORE_ACTIONS.filter(
    (action) =>
      action !== 'reopen' &&
      (action !== 'send_back' || card.parentQueue !== null) &&
      (action !== 'fields' || (card.fields?.length ?? 0) > 0),
  );
  elements.push(moreMenu(tx, card, choices));
  return elements;
}

/** "Ticket#<n> <title> — <state>", escaped: the notification text of a card. */
export function cardFallback(tx: Texts, card: Pick<CardData, 'number' | 'title' | 'state'>): string {
  return capMarkup(
    tx.md('card.fallback', {
      number: card.number,
      title: cap(card.title, TITLE_CHARS),
      state: tx.state(card.state),
    }),
    1000,
  );
}

/** The blocks that describe a ticket (no buttons): header, title, fields, request excerpt, where it went. */
export function cardBody(tx: Texts, card: CardData): KnownBlock[] {
  const blocks: KnownBlock[] = [
    header(tx.t('ticket.ref', { number: card.number })),
    section(bold(cap(card.title, TITLE_CHARS)) || escapeMrkdwn(tx.t('article.noSubject'))),
    fieldsSection(cardFields(tx, card)),
  ];
  if (card.description.trim() !== '') {
    const excerpt = quote(cap(card.description.trim(), CARD_DESCRIPTION_CHARS));
    blocks.push(section(`*${escapeMrkdwn(tx.t('card.request'))}*\n${excerpt}`));
  }
  if (card.tags.length > 0) {
    blocks.push(context([escapeMrkdwn(tx.t('card.tags', { tags: card.tags.join(' · ') }))]));
  }
  if (card.fields) blocks.push(...cardFieldBlocks(tx, card.fields));
  if (card.senderUnverified) blocks.push(context([escapeMrkdwn(tx.t('card.senderUnverified'))]));
  if (card.movedTo) {
    blocks.push(context([tx.md('card.movedTo', { queue: cap(card.movedTo.name, TITLE_CHARS) })]));
  }
  if (card.mergedInto) {
    blocks.push(context([tx.md('card.mergedInto', { number: card.mergedInto })]));
  }
  return blocks;
}

/**
 * A ticket's card in its queue's channel. Buttons carry the ticket number; a card left behind by a
 * moved ticket has none; a closed ticket offers reopening and its history, a merged one only its history.
 */
export function buildTicketCard(card: CardData): SlackMessage {
  const tx = texts(card.locale);
  const blocks = cardBody(tx, card);
  if (!card.movedTo) blocks.push(actions(cardActions(tx, card)));
  return { text: cardFallback(tx, card), blocks };
}
