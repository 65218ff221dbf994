import { describe, expect, it } from 'vitest';
import { buildAppHome } from '../../src/views/app-home.js';
import { ACTIONS, RATE_ACTION, VIEWS } from '../../src/views/ids.js';
import { buildCustomerNotice } from '../../src/views/messages/customer-notice.js';
import { buildHelp } from '../../src/views/messages/help.js';
import {
  buildRatingCommentModal,
  buildRatingThanks,
  replaceRatingBlocks,
} from '../../src/views/messages/rating.js';
import { buildStatistics, formatDay, periodDays } from '../../src/views/messages/statistics.js';
import type { FiguresData, StatisticsData } from '../../src/views/model.js';
import { buildTicketCard } from '../../src/views/ticket-card.js';
import { assertSafe, assertWithinLimits } from './block-kit-limits.js';
import {
  card,
  HOSTILE_BODY,
  HOSTILE_QUEUES,
  HOSTILE_TITLE,
  home,
  hostilePerson,
  KNOWN_USER_IDS,
  NUMBER,
  operator,
  QUEUE,
  SUB_QUEUE,
  TIME_ZONE,
} from './fixtures.js';

const LOCALES = ['en', 'it'] as const;
const allowed = { userIds: KNOWN_USER_IDS };

function figures(overrides: Partial<FiguresData> = {}): FiguresData {
  return {
    opened: 42,
    closed: 37,
    backlog: { new: 3, open: 9, pending: 2 },
    firstResponse: { count: 40, medianMinutes: 25, p90Minutes: 190 },
    resolution: { count: 37, medianMinutes: 600, p90Minutes: 3000 },
    firstResponseSla: { met: 36, missed: 4, percent: 90 },
    solutionSla: { met: 35, missed: 2, percent: 94.6 },
    satisfaction: { count: 12, average: 4.25 },
    ...overrides,
  };
}

function statistics(overrides: Partial<StatisticsData> = {}): StatisticsData {
  return {
    ...figures(),
    locale: 'en',
    timeZone: TIME_ZONE,
    from: new Date('2026-11-23T23:00:00Z'),
    to: new Date('2026-11-30T23:00:00Z'),
    scope: null,
    queues: [
      { ...figures({ opened: 30 }), queue: QUEUE },
      {
        ...figures({
          opened: 12,
          satisfaction: { count: 0, average: null },
          solutionSla: { met: 0, missed: 0, percent: null },
        }),
        queue: SUB_QUEUE,
      },
    ],
    operators: [
      {
        operator,
        closed: 20,
        resolution: { count: 20, medianMinutes: 480, p90Minutes: 1200 },
        solutionSla: { met: 19, missed: 1, percent: 95 },
        satisfaction: { count: 8, average: 4.5 },
      },
      {
        operator: null,
        closed: 2,
        resolution: { count: 2, medianMinutes: 0, p90Minutes: 30 },
        solutionSla: { met: 0, missed: 0, percent: null },
        satisfaction: { count: 0, average: null },
      },
    ],
    tags: [],
    chartSent: true,
    ...overrides,
  };
}

describe('the rating question in the closing notice', () => {
  it('offers five one-click ratings carrying rating and ticket, only when asked', () => {
    for (const locale of LOCALES) {
      const message = buildCustomerNotice({
        locale,
        event: 'closed',
        number: NUMBER,
        title: 'Printer',
        closedState: 'closed_successful',
        askRating: true,
      });
      assertSafe('message', message, allowed);
      const buttons = message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
      expect(buttons.map((b) => ('action_id' in b ? b.action_id : ''))).toEqual([
        'ticket_rate_1',
        'ticket_rate_2',
        'ticket_rate_3',
        'ticket_rate_4',
        'ticket_rate_5',
      ]);
      for (const b of buttons)
        expect(RATE_ACTION.test('action_id' in b ? (b.action_id ?? '') : '')).toBe(true);
      expect(buttons.map((b) => ('value' in b ? b.value : ''))).toEqual(
        [1, 2, 3, 4, 5].map((n) => `${n}:${NUMBER}`),
      );
      expect(message).toMatchSnapshot(locale);
    }
    const unasked = buildCustomerNotice({ locale: 'en', event: 'closed', number: NUMBER, title: 'x' });
    expect(JSON.stringify(unasked)).not.toContain('ticket_rate');
    const notClosed = buildCustomerNotice({
      locale: 'en',
      event: 'replied',
      number: NUMBER,
      title: 'x',
      askRating: true,
    });
    expect(JSON.stringify(notClosed)).not.toContain('ticket_rate');
  });

  it('turns into thanks (with Add a comment until one is given), keeping the notice’s own blocks', () => {
    const notice = buildCustomerNotice({
      locale: 'en',
      event: 'closed',
      number: NUMBER,
      title: 'Printer',
      askRating: true,
    });
    const thanks = replaceRatingBlocks(
      notice.blocks,
      buildRatingThanks({ locale: 'en', number: NUMBER, rating: 4, comment: null }),
    );
    const json = JSON.stringify(thanks);
    expect(json).not.toContain('ticket_rate_4');
    expect(json).toContain(ACTIONS.rateComment);
    expect(json).toContain('★★★★ 4/5');
    expect(thanks[0]).toEqual(notice.blocks[0]);
    assertSafe('message', { text: notice.text, blocks: thanks }, allowed);
    const commented = replaceRatingBlocks(
      thanks,
      buildRatingThanks({ locale: 'it', number: NUMBER, rating: 2, comment: HOSTILE_BODY }),
    );
    expect(JSON.stringify(commented)).not.toContain(ACTIONS.rateComment);
    assertSafe('message', { text: notice.text, blocks: commented }, allowed);
    expect(
      buildRatingThanks({ locale: 'it', number: NUMBER, rating: 2, comment: 'Lento ma gentile' }),
    ).toMatchSnapshot();
    expect(replaceRatingBlocks('not blocks', [])).toEqual([]);
  });

  it('asks for the comment in a small form', () => {
    for (const locale of LOCALES) {
      const view = buildRatingCommentModal({
        locale,
        ticketNumber: NUMBER,
        title: HOSTILE_TITLE,
        rating: 5,
        privateMetadata: {
          channelId: 'D0CUSTOMER1',
          messageTs: '1700000000.000100',
        },
      });
      assertSafe('modal', view, allowed);
      expect(view.callback_id).toBe(VIEWS.ratingComment);
      expect(JSON.parse(view.private_metadata ?? '{}')).toMatchObject({
        ticketNumber: NUMBER,
        channelId: 'D0CUSTOMER1',
      });
    }
  });
});

describe('the rating on the card', () => {
  it('shows ★ n/5 and the comment, escaped and capped', () => {
    const rated = buildTicketCard(
      card({ state: 'closed_successful', satisfaction: { rating: 4, comment: 'Quick & <!here> kind' } }),
    );
    assertSafe('message', rated, allowed);
    const text = JSON.stringify(rated);
    expect(text).toContain('★ 4/5');
    expect(text).toContain('Quick &amp; &lt;!here&gt; kind');
    const hostile = buildTicketCard(card({ satisfaction: { rating: 1, comment: HOSTILE_BODY } }));
    assertSafe('message', hostile, allowed);
    expect(JSON.stringify(buildTicketCard(card()))).not.toContain('★');
  });
});

describe('buildStatistics', () => {
  it('shows the figures, by queue and by operator (en, it)', () => {
    for (const locale of LOCALES) {
      const message = buildStatistics(statistics({ locale }));
      assertSafe('message', message, allowed);
      expect(message).toMatchSnapshot(locale);
    }
    const text = JSON.stringify(buildStatistics(statistics({ locale: 'it' })));
    expect(text).toContain('24/11/2026 – 30/11/2026');
    expect(text).toContain('94,6%');
    expect(text).toContain('★ 4,3/5 (12)');
  });

  it('says when there is nothing to measure', () => {
    const empty = figures({
      opened: 0,
      closed: 0,
      backlog: { new: 0, open: 0, pending: 0 },
      firstResponse: { count: 0, medianMinutes: null, p90Minutes: null },
      resolution: { count: 0, medianMinutes: null, p90Minutes: null },
      firstResponseSla: { met: 0, missed: 0, percent: null },
      solutionSla: { met: 0, missed: 0, percent: null },
      satisfaction: { count: 0, average: null },
    });
    const message = buildStatistics(
      statistics({ ...empty, scope: QUEUE, queues: [{ ...empty, queue: QUEUE }], operators: [] }),
    );
    assertSafe('message', message, allowed);
    expect(message).toMatchSnapshot();
  });

  it('stays within a message’s limits with 150 hostile queues and operators', () => {
    for (const locale of LOCALES) {
      const message = buildStatistics(
        statistics({
          locale,
          scope: HOSTILE_QUEUES[0] ?? null,
          queues: HOSTILE_QUEUES.map((queue) => ({ ...figures(), queue })),
          operators: HOSTILE_QUEUES.map((_, i) => ({
            operator: i % 2 ? hostilePerson : { name: HOSTILE_TITLE, slackUserId: null },
            closed: i,
            resolution: { count: 1, medianMinutes: i * 97, p90Minutes: i * 97 },
            solutionSla: { met: 1, missed: 0, percent: 100 },
            satisfaction: { count: 1, average: 5 },
          })),
        }),
      );
      assertSafe('message', message, allowed);
      expect(JSON.stringify(message)).toContain(locale === 'en' ? '…and' : '…e altri');
    }
  });

  it('names the days of the period, its end excluded', () => {
    const from = new Date('2026-11-23T23:00:00Z');
    const to = new Date('2026-11-30T23:00:00Z');
    expect(periodDays(from, to, TIME_ZONE, 'en')).toEqual({ from: '2026-11-24', to: '2026-11-30' });
    expect(formatDay(from, TIME_ZONE, 'it')).toBe('24/11/2026');
  });
});

describe('App Home and help for operators', () => {
  it('shows the last 7 days’ figures to operators', () => {
    const base = home();
    const view = buildAppHome(
      home({ operator: base.operator ? { ...base.operator, weekStats: figures() } : null }),
    );
    assertSafe('home', view, allowed);
    expect(JSON.stringify(view)).toContain('Last 7 days');
    expect(view).toMatchSnapshot();
    expect(JSON.stringify(buildAppHome(home()))).not.toContain('Last 7 days');
  });

  it('tells operators about stats and export', () => {
    const help = buildHelp({ locale: 'en', operator: true });
    assertWithinLimits('message', help);
    expect(JSON.stringify(help)).toContain('/ticket stats');
    expect(JSON.stringify(buildHelp({ locale: 'en' }))).not.toContain('/ticket stats');
  });
});
