import type { DeniedWhere, FieldProblem, Refusal } from '../../core/errors.js';
import type { Locale, MessageKey } from '../../i18n/index.js';
import { section } from '../blocks.js';
import { type Markup, markup, type RenderParams, type Texts, texts } from '../locale.js';
import type { SlackMessage } from '../slack.js';
import { cap, capMarkup, personLabel } from '../text.js';

export interface RefusalInput {
  locale: Locale;
  refusal: Refusal;
}

/** A refusal as a message, plus the same words as plain text (for a form's `response_action: errors`). */
export interface RefusalMessage extends SlackMessage {
  /**
   * The words as plain text, names instead of mentions, for places that show text literally (a form's
   * field error). `<` and `>` become look-alikes (‹ ›), so even a place that did read markup could not ping.
   */
  plain: string;
}

/** One sentence of the catalogue and what fills it; `plainOwner` stands for a mention in plain text. */
interface Sentence {
  key: MessageKey;
  params?: RenderParams;
  plainOwner?: string;
}

/** Names typed by people (queues, customers, what they typed) are capped: a refusal stays short. */
const name = (text: string) => cap(text, 300);

function whereWords(tx: Texts, where: DeniedWhere): string {
  if ('queue' in where) return tx.t('refusal.where.queue', { queue: name(where.queue.name) });
  if ('ticketNumber' in where) return tx.t('refusal.where.ticket', { ticketNumber: where.ticketNumber });
  return tx.t('refusal.where.desk');
}

function fieldProblemSentence(tx: Texts, problem: FieldProblem): Sentence {
  const params: RenderParams = { field: name(problem.label[tx.locale]) };
  if (problem.limit !== undefined) params.limit = problem.limit;
  return { key: `refusal.invalid_field.${problem.reason}`, params };
}

/** A refused field's sentence as plain text: what a form shows under that field. */
export function fieldProblemText(locale: Locale, problem: FieldProblem): string {
  const tx = texts(locale);
  const { key, params = {} } = fieldProblemSentence(tx, problem);
  return cap(tx.t(key, plainParams(params, undefined)), 2000);
}

/** The catalogue's sentence for each refusal, its parameters in the reader's words. */
function sentence(tx: Texts, refusal: Refusal): Sentence {
  switch (refusal.code) {
    case 'not_found':
      return { key: `refusal.not_found.${refusal.params.what}`, params: { key: name(refusal.params.key) } };
    case 'permission_denied': {
      const { action, where, person } = refusal.params;
      const words = tx.t(`refusal.action.${action}`, { person: name(person ?? '') });
      return { key: 'refusal.permission_denied', params: { action: words, where: whereWords(tx, where) } };
    }
    case 'already_claimed': {
      const { ticketNumber, owner } = refusal.params;
      const mention: Markup = markup(personLabel({ name: owner.name, slackUserId: owner.slackUserId }));
      return {
        key: 'refusal.already_claimed',
        params: { ticketNumber, owner: mention },
        plainOwner: owner.name,
      };
    }
    case 'invalid_transition': {
      const { ticketNumber, from, to } = refusal.params;
      return {
        key: 'refusal.invalid_transition',
        params: { ticketNumber, from: tx.state(from), to: tx.state(to) },
      };
    }
    case 'ticket_not_working':
      return {
        key: 'refusal.ticket_not_working',
        params: { ticketNumber: refusal.params.ticketNumber, state: tx.state(refusal.params.state) },
      };
    case 'invalid_input': {
      const { field, reason, limit, value } = refusal.params;
      const params: RenderParams = { field: tx.t(`refusal.field.${field}`) };
      if (limit !== undefined) params.limit = limit;
      if (value !== undefined) params.value = name(value);
      return { key: `refusal.invalid_input.${reason}`, params };
    }
    case 'queue_inactive':
    case 'first_level_queue':
      return { key: `refusal.${refusal.code}`, params: { queue: name(refusal.params.queue.name) } };
    case 'follow_up_refused':
      return {
        key: 'refusal.follow_up_refused',
        params: { ticketNumber: refusal.params.ticketNumber, queue: name(refusal.params.queue.name) },
      };
    case 'not_a_sub_queue':
      return {
        key: 'refusal.not_a_sub_queue',
        params: { queue: name(refusal.params.queue.name), parent: name(refusal.params.parent.name) },
      };
    case 'merge_across_customers': {
      const { source, target, sourceCustomer, targetCustomer } = refusal.params;
      return {
        key: 'refusal.merge_across_customers',
        params: {
          source,
          target,
          sourceCustomer: name(sourceCustomer),
          targetCustomer: name(targetCustomer),
        },
      };
    }
    case 'invalid_field': {
      const [first] = refusal.params.problems;
      return first ? fieldProblemSentence(tx, first) : { key: 'refusal.internal_error' };
    }
    case 'invalid_period':
      return { key: 'refusal.invalid_period', params: { period: name(refusal.params.period) } };
    case 'not_claimed':
    case 'merge_into_merged':
    case 'not_an_external_sender':
    case 'already_rated':
    case 'not_rateable':
    case 'already_commented':
      return { key: `refusal.${refusal.code}`, params: refusal.params };
    case 'merge_into_itself':
    case 'not_an_operator':
    case 'invalid_away_until':
    case 'not_a_ticket_thread':
    case 'sender_not_authenticated':
    case 'mail_over_cap':
    case 'mail_no_queue':
    case 'mail_unusable':
    case 'internal_error':
      return { key: `refusal.${refusal.code}` };
  }
}

/** The same parameters for plain text: markup (a mention) becomes the person's name. */
function plainParams(params: RenderParams, plainOwner: string | undefined): Record<string, string | number> {
  const result: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    result[key] = typeof value === 'object' ? (plainOwner ?? '') : value;
  }
  return result;
}

/** Why something was refused, in the reader's language: every refusal code has its sentence. */
export function buildRefusal(input: RefusalInput): RefusalMessage {
  const tx = texts(input.locale);
  const { key, params = {}, plainOwner } = sentence(tx, input.refusal);
  const text = capMarkup(tx.md(key, params), 2000);
  const words = tx.t(key, plainParams(params, plainOwner));
  const plain = cap(words.replace(/</g, '‹').replace(/>/g, '›'), 2000);
  return { text, blocks: [section(text)], plain };
}
