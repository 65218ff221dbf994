import {
  actions,
  button,
  context,
  divider,
  fieldsSection,
  header,
  packedSections,
  section,
} from './blocks.js';
import { ACTIONS } from './ids.js';
import { LIMITS } from './limits.js';
import { type Texts, texts } from './locale.js';
import { stars } from './messages/customer-notice.js';
import { figureFields } from './messages/statistics.js';
import type { ClosedRequestItem, HomeData, QueueCounts, QueueLoadData, TicketListItem } from './model.js';
import type { HomeView, KnownBlock } from './slack.js';
import { bold, cap, escapeMrkdwn } from './text.js';
import { ticketLine } from './ticket-line.js';
import { ago, formatDateTime } from './time.js';

/** How many tickets each App Home list shows (the rest are counted): together well within 100 blocks. */
export const HOME_LIMITS = {
  myRequests: 15,
  closedRequests: 10,
  myTickets: 20,
  oldestUnclaimed: 10,
  queueSections: 10,
} as const;
/** How far back App Home shows a customer's closed requests. */
export const HOME_CLOSED_DAYS = 30;

function list(
  tx: Texts,
  items: TicketListItem[],
  max: number,
  now: Date,
  emptyKey: 'home.noRequests' | 'home.noTickets' | 'home.noUnclaimed',
): KnownBlock[] {
  if (items.length === 0) return [context([escapeMrkdwn(tx.t(emptyKey))])];
  const blocks: KnownBlock[] = items.slice(0, max).map((item) => ticketLine(tx, item, now));
  if (items.length > max) blocks.push(context([tx.md('home.more', { count: items.length - max })]));
  return blocks;
}

/**
 * A closed request: its state, queue, when it closed and the rating given, with "Still a problem" where its
 * queue takes it back (reopened or followed by a new ticket), or a line saying the queue does not.
 */
function closedLine(tx: Texts, item: ClosedRequestItem, now: Date): KnownBlock[] {
  const title = escapeMrkdwn(cap(item.title.replace(/\s+/g, ' ').trim(), 150));
  const details = [
    tx.md('home.closedLine', {
      state: tx.state(item.state),
      queue: cap(item.queue.name, 150),
      closed: ago(tx.t, item.closedAt, now),
    }),
  ];
  if (item.rating !== null) details.push(tx.md('home.rated', { stars: stars(item.rating) }));
  const text = `${bold(tx.t('ticket.ref', { number: item.number }))} ${title}\n${details.join(' · ')}`;
  if (item.followUp === 'reject') {
    return [section(text), context([tx.md('home.noFollowUp', { queue: cap(item.queue.name, 150) })])];
  }
  const again = button({
    text: tx.t('button.stillAProblem'),
    actionId: ACTIONS.stillAProblem,
    value: item.number,
  });
  return [section(text, again)];
}

function closedList(tx: Texts, items: ClosedRequestItem[], now: Date): KnownBlock[] {
  const blocks = items.slice(0, HOME_LIMITS.closedRequests).flatMap((item) => closedLine(tx, item, now));
  if (items.length > HOME_LIMITS.closedRequests)
    blocks.push(context([tx.md('home.more', { count: items.length - HOME_LIMITS.closedRequests })]));
  return blocks;
}

/** Per-queue counts, one line per queue, packed into as few sections as fit 3000 characters. */
function queueCounts(tx: Texts, counts: QueueCounts[]): KnownBlock[] {
  if (counts.length === 0) return [context([escapeMrkdwn(tx.t('home.noQueues'))])];
  const lines = counts.map(
    (count) =>
      `• ${tx.md('home.queueCounts', {
        queue: cap(count.queue.name, 100),
        new: count.new,
        open: count.open,
        pending: count.pending,
      })}`,
  );
  const { blocks, shown }: { blocks: KnownBlock[]; shown: number } = packedSections(
    lines,
    HOME_LIMITS.queueSections,
  );
  if (shown < counts.length) blocks.push(context([tx.md('home.more', { count: counts.length - shown })]));
  return blocks;
}

/** Whether automatic assignment counts on the operator now, with the button that turns it around. */
function availability(tx: Texts, home: HomeData, state: { away: boolean; until: Date | null }): KnownBlock {
  const line = !state.away
    ? tx.md('home.here')
    : state.until === null
      ? tx.md('home.away')
      : tx.md('home.awayUntil', { until: formatDateTime(state.until, home.timeZone, home.locale) });
  const toggle = state.away
    ? button({ text: tx.t('button.back'), actionId: ACTIONS.homeBack, value: 'back' })
    : button({ text: tx.t('button.away'), actionId: ACTIONS.homeAway, value: 'away' });
  return section(line, toggle);
}

/** Each queue's balance, one line per queue: how it gives out tickets, then each operator's open tickets. */
function queueLoads(tx: Texts, loads: QueueLoadData[]): KnownBlock[] {
  if (loads.length === 0) return [context([escapeMrkdwn(tx.t('home.noQueues'))])];
  const separator = escapeMrkdwn(tx.t('common.separator'));
  const lines = loads.map((load) => {
    const head = tx.md('home.loadQueue', {
      queue: cap(load.queue.name, 100),
      mode: tx.t(`assign.${load.assign}`),
    });
    const people =
      load.operators.length === 0
        ? tx.md('home.loadNobody')
        : load.operators
            .map((operator) => {
              const person = tx.md('home.loadPerson', {
                person: cap(operator.name, 100),
                count: operator.open,
              });
              return operator.away ? `${person} ${tx.md('home.loadAway')}` : person;
            })
            .join(separator);
    return `• *${head}*: ${people}`;
  });
  const { blocks, shown }: { blocks: KnownBlock[]; shown: number } = packedSections(
    lines,
    HOME_LIMITS.queueSections,
  );
  if (shown < loads.length) blocks.push(context([tx.md('home.more', { count: loads.length - shown })]));
  return blocks;
}

/** The App Home tab: a New ticket button, the user's requests and, for operators, their desk. */
export function buildAppHome(home: HomeData): HomeView {
  const tx = texts(home.locale);
  const blocks: KnownBlock[] = [
    header(tx.t('home.title')),
    section(escapeMrkdwn(tx.t('home.intro'))),
    actions([
      button({
        text: tx.t('button.newTicket'),
        actionId: ACTIONS.homeNewTicket,
        value: 'new',
        style: 'primary',
      }),
    ]),
    divider(),
    header(tx.t('home.myRequests')),
    ...list(tx, home.myRequests, HOME_LIMITS.myRequests, home.now, 'home.noRequests'),
  ];
  if (home.closedRequests.length > 0) {
    blocks.push(
      header(tx.t('home.recentlyClosed', { days: HOME_CLOSED_DAYS })),
      ...closedList(tx, home.closedRequests, home.now),
    );
  }
  if (home.operator) {
    const { operator } = home;
    blocks.push(
      divider(),
      availability(tx, home, operator.availability),
      header(tx.t('home.myTickets')),
      ...list(tx, operator.myTickets, HOME_LIMITS.myTickets, home.now, 'home.noTickets'),
      divider(),
      header(tx.t('home.queues')),
      ...queueCounts(tx, operator.queueCounts),
      divider(),
      header(tx.t('home.load')),
      ...queueLoads(tx, operator.loads),
    );
    if (operator.weekStats) {
      blocks.push(divider(), header(tx.t('home.stats')), fieldsSection(figureFields(tx, operator.weekStats)));
    }
    blocks.push(
      divider(),
      header(tx.t('home.oldestUnclaimed')),
      ...list(tx, operator.oldestUnclaimed, HOME_LIMITS.oldestUnclaimed, home.now, 'home.noUnclaimed'),
    );
  }
  return { type: 'home', blocks: blocks.slice(0, LIMITS.viewBlocks) };
}
