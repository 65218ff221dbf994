import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import {
  findTicketNumbers,
  isValidTicketNumber,
  type SlackUserId,
  slackUserIdOf,
  type TicketNumber,
} from '../../../core/model.js';
import { translator } from '../../../i18n/index.js';
import { articleData } from '../../../present/articles.js';
import { cardData } from '../../../present/card-data.js';
import { listItems } from '../../../present/ticket-list.js';
import { buildAvailabilityAnswer } from '../../../views/messages/availability.js';
import { buildHelp } from '../../../views/messages/help.js';
import { buildTicketList } from '../../../views/messages/ticket-list.js';
import { buildTicketSummary } from '../../../views/messages/ticket-summary.js';
import { parseAwayUntil } from '../../away-until.js';
import type { BotDeps } from '../../deps.js';
import { openNewTicketModal } from '../../new-ticket-modal.js';
import { exportReport, type Report, statsReport } from '../../reports.js';
import { responsesMessage } from '../../responses-list.js';
import { withRefusals } from '../../with-refusals.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** What `/ticket <text>` asks for. */
export type TicketCommand =
  | { kind: 'new'; subject?: string }
  | { kind: 'help' }
  | { kind: 'mine' }
  /** An operator's canned responses (`responses`, `risposte`). */
  | { kind: 'responses' }
  | { kind: 'search'; words: string }
  | { kind: 'show'; ticketNumber: TicketNumber }
  /** Operators' figures (`stats`) and spreadsheet (`export`): `[queue] [period]`, parsed when answered. */
  | { kind: 'stats'; words: string[] }
  | { kind: 'export'; words: string[] }
  /** Operators: automatic assignment passes them over (until a time, when given) or counts on them again. */
  | { kind: 'away'; until: string }
  | { kind: 'back' };

const STATS_WORDS = new Set(['stats', 'statistics', 'statistiche']);
const EXPORT_WORDS = new Set(['export', 'esporta']);
const AWAY_WORDS = new Set(['away', 'assente']);
const BACK_WORDS = new Set(['back', 'rientro']);

export function parseTicketCommand(text: string, systemId: string): TicketCommand {
  const trimmed = text.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const word = first.toLowerCase();
  if (trimmed === '') return { kind: 'new' };
  if (word === 'help' || word === 'aiuto') return { kind: 'help' };
  if ((word === 'mine' || word === 'miei') && rest.length === 0) return { kind: 'mine' };
  if ((word === 'responses' || word === 'risposte') && rest.length === 0) return { kind: 'responses' };
  if (word === 'search' || word === 'cerca') return { kind: 'search', words: rest.join(' ') };
  // At most a queue and a period follow; more words are a ticket's subject ("stats page is broken today").
  if (STATS_WORDS.has(word) && rest.length <= 2) return { kind: 'stats', words: rest };
  if (EXPORT_WORDS.has(word) && rest.length <= 2) return { kind: 'export', words: rest };
  // At most a day and a time follow `away`; more words are a ticket's subject, as for stats.
  if (AWAY_WORDS.has(word) && rest.length <= 2) return { kind: 'away', until: rest.join(' ') };
  if (BACK_WORDS.has(word) && rest.length === 0) return { kind: 'back' };
  const bare = trimmed.replace(/^#/, '');
  if (isValidTicketNumber(bare, systemId)) return { kind: 'show', ticketNumber: bare };
  const [referenced] = findTicketNumbers(trimmed, systemId);
  if (referenced && trimmed.split(/\s+/).length === 1) return { kind: 'show', ticketNumber: referenced };
  return { kind: 'new', subject: trimmed };
}

/** Who typed the command, answered privately in the channel they typed it in. */
const commandAudience = ({ command }: Args) => ({
  userId: slackUserIdOf(command.user_id),
  channelId: command.channel_id,
});

/**
 * What `work` gives, for the ack to carry it. If it fails, Slack is answered plainly first, and the failure
 * goes on to be told.
 */
async function beforeAck<T>(ack: Args['ack'], work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    await ack();
    throw error;
  }
}

/** `/ticket`: opens the form, or answers a lookup privately in the channel. */
export function ticketCommand(deps: BotDeps) {
  return withRefusals(deps, commandAudience, async ({ command, ack, client }: Args, to) => {
    const parsed = parseTicketCommand(command.text, deps.desk.systemId);
    if (parsed.kind === 'new') {
      await ack();
      await openNewTicketModal(deps, client, {
        userId: to.userId,
        triggerId: command.trigger_id,
        subject: parsed.subject,
        channelId: command.channel_id,
      });
      return;
    }
    if (parsed.kind === 'stats' || parsed.kind === 'export') {
      await answerReport(deps, { command, ack, client }, parsed);
      return;
    }
    const answer = await beforeAck(ack, lookup(deps, to.userId, parsed));
    await ack({ response_type: 'ephemeral', ...answer });
  });
}

/**
 * `/ticket stats` and `/ticket export`: worked out before answering, so a refusal (not an operator, unknown
 * queue or period) is told at once; the chart or the spreadsheet is then uploaded into the user's DM.
 */
async function answerReport(
  deps: BotDeps,
  { command, ack, client }: Pick<Args, 'command' | 'ack' | 'client'>,
  parsed: Extract<TicketCommand, { kind: 'stats' | 'export' }>,
) {
  const userId = slackUserIdOf(command.user_id);
  const report: Report = await beforeAck(
    ack,
    parsed.kind === 'stats'
      ? statsReport(deps, userId, parsed.words)
      : exportReport(deps, userId, parsed.words),
  );
  await ack({ response_type: 'ephemeral', ...report.reply });
  await report.deliver?.(client);
}

async function lookup(
  deps: BotDeps,
  userId: SlackUserId,
  command: Exclude<TicketCommand, { kind: 'new' | 'stats' | 'export' }>,
) {
  const { desk } = deps;
  const actor = { kind: 'slack', userId } as const;
  const locale = await deps.users.locale(userId);
  const t = translator(locale);
  const listView = { locale, timeZone: deps.view.timeZone, now: desk.now() };
  switch (command.kind) {
    case 'help':
      return buildHelp({ locale, operator: (await desk.operatorQueues(actor)).length > 0 });
    case 'mine': {
      const owned = (await desk.ownedTickets(actor)).items;
      const requested = (await desk.customerTickets(actor)).items;
      const tickets = [...owned, ...requested.filter((r) => !owned.some((o) => o.id === r.id))];
      return buildTicketList({
        ...listView,
        heading: t('list.mine'),
        tickets: await listItems(desk, tickets),
      });
    }
    case 'responses':
      return await responsesMessage(deps, userId);
    case 'search': {
      const found = await desk.ticketSearch(actor, command.words);
      return buildTicketList({
        ...listView,
        heading: t('list.search', { words: command.words }),
        tickets: await listItems(desk, found.tickets),
        refine: found.refine,
      });
    }
    case 'away': {
      const until =
        command.until === '' ? null : parseAwayUntil(command.until, desk.now(), deps.view.timeZone);
      const now = await desk.setAway(actor, until);
      return buildAvailabilityAnswer({ locale, timeZone: deps.view.timeZone, ...now });
    }
    case 'back':
      return buildAvailabilityAnswer({
        locale,
        timeZone: deps.view.timeZone,
        ...(await desk.setBack(actor)),
      });
    case 'show': {
      const details = await desk.getTicket(actor, command.ticketNumber);
      const card = await cardData(desk, details, details.articles[0], details.queue, {
        locale,
        timeZone: deps.view.timeZone,
      });
      return buildTicketSummary({
        ...listView,
        view: details.view,
        card,
        articles: details.articles.map((a) => articleData(details, a)),
      });
    }
  }
}
