import { describe, expect, it } from 'vitest';
import { buildAppHome } from '../../src/views/app-home.js';
import { ACTIONS } from '../../src/views/ids.js';
import { assertSafe } from './block-kit-limits.js';
import { HOSTILE_QUEUES, home, hostileList } from './fixtures.js';

describe('buildAppHome', () => {
  it('shows a customer their requests and a New ticket button (en, it)', () => {
    for (const locale of ['en', 'it'] as const) {
      const view = buildAppHome(home({ locale, operator: null }));
      assertSafe('home', view);
      expect(JSON.stringify(view)).toContain(ACTIONS.homeNewTicket);
      expect(view).toMatchSnapshot(locale);
    }
  });

  it('shows an operator their tickets, queue counts and the oldest unclaimed', () => {
    const view = buildAppHome(home());
    assertSafe('home', view);
    expect(view).toMatchSnapshot();
  });

  it('says when lists are empty', () => {
    const view = buildAppHome(
      home({
        locale: 'it',
        myRequests: [],
        operator: {
          myTickets: [],
          queueCounts: [],
          availability: { away: true, until: null },
          loads: [],
          oldestUnclaimed: [],
        },
      }),
    );
    assertSafe('home', view);
    expect(JSON.stringify(view)).toContain('Non hai richieste aperte.');
  });

  it('stays within 100 blocks with long hostile lists and 150 queues', () => {
    for (const locale of ['en', 'it'] as const) {
      const view = buildAppHome(
        home({
          locale,
          myRequests: hostileList(200),
          operator: {
            myTickets: hostileList(200),
            queueCounts: HOSTILE_QUEUES.map((queue, index) => ({
              queue,
              new: index,
              open: 2 * index,
              pending: 1,
            })),
            availability: { away: true, until: new Date('2026-12-01T08:00:00Z') },
            loads: HOSTILE_QUEUES.map((queue) => ({
              queue,
              assign: 'least_open' as const,
              operators: HOSTILE_QUEUES.slice(0, 5).map((q, index) => ({
                name: q.name,
                open: index,
                away: index === 1,
              })),
            })),
            oldestUnclaimed: hostileList(200),
          },
        }),
      );
      assertSafe('home', view);
      expect(JSON.stringify(view)).toContain(locale === 'en' ? '…and 185 more' : '…e altri 185');
    }
  });
});
