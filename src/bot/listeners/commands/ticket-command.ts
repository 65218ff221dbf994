import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { findTicketNumbers, isValidTicketNumber } from '../../../core/ticket-number.js';
import { translator } from '../../../i18n/index.js';
import { articleData } from '../../../present/articles.js';
import { cardData } from '../../../present/card-data.js';
import { listItems } from '../../../present/ticket-list.js';
import { buildHelp } from '../../../views/messages/help.js';
import { buildTicketList } from '../../../views/messages/ticket-list.js';
import { buildTicketSummary } from '../../../views/messages/ticket-summary.js';
import type { BotDeps } from '../../deps.js';
import { explainFailure } from '../../feedback.js';
import { openNewTicketModal } from '../../new-ticket-modal.js';
import { exportReport, type Report, statsReport } from '../../reports.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** What `/ticket <text>` asks for. */
export type TicketCommand =
  | { kind: 'new'; subject?: string }
  | { kind: 'help' }
  | { kind: 'mine' }
  | { kind: 'search'; words: string }
  | { kind: 'show'; ticketNumber: string }
  /** Operators' figures (`stats`) and spreadsheet (`export`): `[queue] [period]`, parsed when answered. */
  | { kind: 'stats'; words: string[] }
  | { kind: 'export'; words: string[] };

const STATS_WORDS = new Set(['stats', 'statistics', 'statistiche']);
const EXPORT_WORDS = new Set(['export', 'esporta']);

export function parseTicketCommand(text: string, systemId: string): TicketCommand {
  const trimmed = text.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const word = first.toLowerCase();
  if (trimmed === '') return { kind: 'new' };
  if (word === 'help' || word === 'aiuto') return { kind: 'help' };
  if ((word === 'mine' || word === 'miei') && rest.length === 0) return { kind: 'mine' };
  if (word === 'search' || word === 'cerca') return { kind: 'search', words: rest.join(' ') };
  // At most a queue and a period follow; more words are a ticket's subject ("stats page is broken today").
  if (STATS_WORDS.has(word) && rest.length <= 2) return { kind: 'stats', words: rest };
  if (EXPORT_WORDS.has(word) && rest.length <= 2) return { kind: 'export', words: rest };
  const bare = trimmed.replace(/^#/, '');
  if (isValidTicketNumber(bare, systemId)) return { kind: 'show', ticketNumber: bare };
  const [referenced] = findTicketNumbers(trimmed, systemId);
  if (referenced && trimmed.split(/\s+/).length === 1) return { kind: 'show', ticketNumber: referenced };
  return { kind: 'new', subject: trimmed };
}

/** `/ticket`: opens the form, or answers a lookup privately in the channel. */
export function ticketCommand(deps: BotDeps) {
  return async ({ command, ack, client, logger }: Args) => {
    const parsed = parseTicketCommand(command.text, deps.desk.ctx.systemId);
    const userId = command.user_id;
    if (parsed.kind === 'new') {
      await ack();
      try {
        await openNewTicketModal(deps, client, {
          userId,
          triggerId: command.trigger_id,
          subject: parsed.subject,
          channelId: command.channel_id,
        });
      } catch (error) {
        await explainFailure(deps, client, logger, { userId, channelId: command.channel_id }, error);
      }
      return;
    }
    if (parsed.kind === 'stats' || parsed.kind === 'export') {
      await answerReport(deps, { command, ack, client, logger }, parsed);
      return;
    }
    try {
      await ack({ response_type: 'ephemeral', ...(await lookup(deps, userId, parsed)) });
    } catch (error) {
      await ack();
      await explainFailure(deps, client, logger, { userId, channelId: command.channel_id }, error);
    }
  };
}

/**
 * `/ticket stats` and `/ticket export`: worked out before answering, so a refusal (not an operator, unknown
 * queue or period) is told at once; the chart or the spreadsheet is then uploaded into the user's DM.
 */
async function answerReport(
  deps: BotDeps,
  { command, ack, client, logger }: Pick<Args, 'command' | 'ack' | 'client' | 'logger'>,
  parsed: Extract<TicketCommand, { kind: 'stats' | 'export' }>,
) {
  const userId = command.user_id;
  const to = { userId, channelId: command.channel_id };
  let report: Report;
  try {
    report =
      parsed.kind === 'stats'
        ? await statsReport(deps, userId, parsed.words)
        : await exportReport(deps, userId, parsed.words);
  } catch (error) {
    await ack();
    await explainFailure(deps, client, logger, to, error);
    return;
  }
  await ack({ response_type: 'ephemeral', ...report.reply });
  if (!report.deliver) return;
  try {
    await report.deliver(client);
  } catch (error) {
    await explainFailure(deps, client, logger, to, error);
  }
}

async function lookup(
  deps: BotDeps,
  userId: string,
  command: Exclude<TicketCommand, { kind: 'new' | 'stats' | 'export' }>,
) {
  const { desk } = deps;
  const actor = { kind: 'slack', userId } as const;
  const locale = await deps.users.locale(userId);
  const t = translator(locale);
  const listView = { locale, timeZone: deps.view.timeZone, now: desk.ctx.clock.now() };
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
    case 'search': {
      const found = await desk.ticketSearch(actor, command.words);
      return buildTicketList({
        ...listView,
        heading: t('list.search', { words: command.words }),
        tickets: await listItems(desk, found.tickets),
        refine: found.refine,
      });
    }
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
