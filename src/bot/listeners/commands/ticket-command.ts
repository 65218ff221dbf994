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

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** What `/ticket <text>` asks for. */
export type TicketCommand =
  | { kind: 'new'; subject?: string }
  | { kind: 'help' }
  | { kind: 'mine' }
  | { kind: 'search'; words: string }
  | { kind: 'show'; ticketNumber: string };

export function parseTicketCommand(text: string, systemId: string): TicketCommand {
  const trimmed = text.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const word = first.toLowerCase();
  if (trimmed === '') return { kind: 'new' };
  if (word === 'help' || word === 'aiuto') return { kind: 'help' };
  if ((word === 'mine' || word === 'miei') && rest.length === 0) return { kind: 'mine' };
  if (word === 'search' || word === 'cerca') return { kind: 'search', words: rest.join(' ') };
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
    try {
      await ack({ response_type: 'ephemeral', ...(await lookup(deps, userId, parsed)) });
    } catch (error) {
      await ack();
      await explainFailure(deps, client, logger, { userId, channelId: command.channel_id }, error);
    }
  };
}

async function lookup(deps: BotDeps, userId: string, command: Exclude<TicketCommand, { kind: 'new' }>) {
  const { desk } = deps;
  const actor = { kind: 'slack', userId } as const;
  const locale = await deps.users.locale(userId);
  const t = translator(locale);
  const listView = { locale, timeZone: deps.view.timeZone, now: desk.ctx.clock.now() };
  switch (command.kind) {
    case 'help':
      return buildHelp({ locale });
    case 'mine': {
      const owned = desk.ownedTickets(actor).items;
      const requested = desk.customerTickets(actor).items;
      const tickets = [...owned, ...requested.filter((r) => !owned.some((o) => o.id === r.id))];
      return buildTicketList({ ...listView, heading: t('list.mine'), tickets: listItems(desk, tickets) });
    }
    case 'search': {
      const found = desk.searchTickets(actor, command.words);
      return buildTicketList({
        ...listView,
        heading: t('list.search', { words: command.words }),
        tickets: listItems(desk, found),
      });
    }
    case 'show': {
      const details = desk.getTicket(actor, command.ticketNumber);
      const card = cardData(desk, details, details.queue, { locale, timeZone: deps.view.timeZone });
      return buildTicketSummary({
        ...listView,
        view: details.view,
        card,
        articles: details.articles.map((a) => articleData(details, a)),
      });
    }
  }
}
