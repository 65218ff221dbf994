import { describe, expect, it } from 'vitest';
import type { Refusal } from '../../src/core/errors.js';
import { ACTIONS } from '../../src/views/ids.js';
import { buildAgentNotice } from '../../src/views/messages/agent-notice.js';
import { buildArticlePost } from '../../src/views/messages/article-post.js';
import { buildCustomerNotice, type CustomerNoticeEvent } from '../../src/views/messages/customer-notice.js';
import { buildCustomerReceipt } from '../../src/views/messages/customer-receipt.js';
import { buildHelp } from '../../src/views/messages/help.js';
import { buildRefusal } from '../../src/views/messages/refusal.js';
import { buildTicketList } from '../../src/views/messages/ticket-list.js';
import { buildTicketSummary } from '../../src/views/messages/ticket-summary.js';
import type { SlackMessage } from '../../src/views/slack.js';
import { assertSafe } from './block-kit-limits.js';
import {
  article,
  card,
  HOSTILE_BODY,
  HOSTILE_TITLE,
  hostileArticle,
  hostileCard,
  hostileList,
  hostilePerson,
  hostileQueue,
  KNOWN_USER_IDS,
  listItem,
  minutesAgo,
  NASTY_TEXTS,
  NOW,
  NUMBER,
  operator,
  QUEUE,
  TIME_ZONE,
} from './fixtures.js';

const LOCALES = ['en', 'it'] as const;
const allowed = { userIds: KNOWN_USER_IDS };

function expectSafeMessage(message: SlackMessage) {
  assertSafe('message', message, allowed);
}

describe('buildCustomerReceipt', () => {
  it('gives the number, what happens next and an It’s solved button (en, it)', () => {
    for (const locale of LOCALES) {
      const message = buildCustomerReceipt({ locale, number: NUMBER, title: 'Printer', queue: QUEUE });
      expectSafeMessage(message);
      expect(JSON.stringify(message)).toContain(`Ticket#${NUMBER}`);
      expect(message.blocks.at(-1)).toMatchObject({
        type: 'actions',
        elements: [{ action_id: ACTIONS.customerSolved, value: NUMBER }],
      });
      expect(message).toMatchSnapshot(locale);
    }
  });

  it('is safe on hostile input', () => {
    for (const text of [HOSTILE_TITLE, ...Object.values(NASTY_TEXTS)]) {
      expectSafeMessage(
        buildCustomerReceipt({ locale: 'it', number: NUMBER, title: text, queue: { key: 'q', name: text } }),
      );
    }
  });
});

describe('buildCustomerNotice', () => {
  const events: CustomerNoticeEvent[] = [
    'received',
    'claimed',
    'replied',
    'pending',
    'closed',
    'reopened',
    'follow_up_rejected',
  ];

  for (const event of events) {
    it(`${event} (en, it)`, () => {
      for (const locale of LOCALES) {
        const message = buildCustomerNotice({
          locale,
          event,
          number: NUMBER,
          title: 'Printer',
          owner: operator,
          body:
            event === 'replied' || event === 'closed'
              ? 'Please try again now: the drum was replaced.'
              : undefined,
          closedState: event === 'closed' ? 'closed_successful' : 'open',
        });
        expectSafeMessage(message);
        expect(message).toMatchSnapshot(locale);
      }
    });
  }

  it('says the outcome of a closed ticket', () => {
    const text = (closedState: 'closed_successful' | 'closed_unsuccessful') =>
      buildCustomerNotice({ locale: 'it', event: 'closed', number: NUMBER, title: 'x', closedState }).text;
    expect(text('closed_successful')).toContain('risolta');
    expect(text('closed_unsuccessful')).toContain('chiusa senza soluzione');
  });

  it('is safe with hostile owners, titles and 40 KB bodies', () => {
    for (const event of events) {
      for (const text of [HOSTILE_BODY, ...Object.values(NASTY_TEXTS)]) {
        expectSafeMessage(
          buildCustomerNotice({
            locale: 'en',
            event,
            number: NUMBER,
            title: text,
            owner: hostilePerson,
            body: text,
          }),
        );
      }
    }
  });
});

describe('buildAgentNotice', () => {
  const events = [
    'new_ticket',
    'follow_up',
    'escalated',
    'sent_back',
    'assigned',
    'responsible',
    'pending_reminder',
    'merged',
  ] as const;
  const link = 'https://example.slack.com/archives/C0123/p1700000000000100?thread_ts=1&cid=C0123';
  const escapedLink = link.replace('&', '&amp;');

  for (const event of events) {
    it(`${event}`, () => {
      for (const locale of LOCALES) {
        const message = buildAgentNotice({
          locale,
          event,
          number: NUMBER,
          title: 'Printer',
          queue: QUEUE,
          body: event === 'follow_up' ? 'It happened again.' : undefined,
          link,
        });
        assertSafe('message', message, { ...allowed, links: [escapedLink] });
        expect(message).toMatchSnapshot(locale);
      }
    });
  }

  it('drops links Slack could misread and is safe on hostile input', () => {
    for (const text of [HOSTILE_BODY, ...Object.values(NASTY_TEXTS)]) {
      const message = buildAgentNotice({
        locale: 'it',
        event: 'follow_up',
        number: NUMBER,
        title: text,
        queue: { key: 'q', name: text },
        body: text,
        link: 'https://evil|click',
      });
      expectSafeMessage(message);
    }
    const javascript = buildAgentNotice({
      locale: 'en',
      event: 'merged',
      number: NUMBER,
      title: 'x',
      queue: QUEUE,
      link: 'javascript:alert(1)',
    });
    expect(JSON.stringify(javascript)).not.toContain('javascript');
  });
});

describe('buildArticlePost', () => {
  it('shows who wrote it, internal or visible, the body and attachments (en, it)', () => {
    for (const locale of LOCALES) {
      const visible = buildArticlePost({
        locale,
        article: article({ attachments: [{ filename: 'photo.jpg', sizeBytes: 245_000, refused: null }] }),
      });
      expectSafeMessage(visible);
      expect(visible).toMatchSnapshot(`${locale} visible`);
      const note = buildArticlePost({
        locale,
        article: article({
          articleNumber: 2,
          senderType: 'agent',
          channel: 'internal',
          customerVisible: false,
          author: 'Luca Bianchi',
          body: 'Drum is worn, ordering a new one.',
        }),
      });
      expectSafeMessage(note);
      expect(note).toMatchSnapshot(`${locale} internal`);
    }
  });

  it('splits long bodies into sections of at most 3000 characters and says when it cut', () => {
    const message = buildArticlePost({ locale: 'en', article: hostileArticle(0) });
    expectSafeMessage(message);
    expect(JSON.stringify(message)).toContain('the full text is in History');
    for (const text of Object.values(NASTY_TEXTS)) {
      expectSafeMessage(
        buildArticlePost({ locale: 'it', article: hostileArticle(1, { body: text, author: text }) }),
      );
    }
  });
});

describe('buildTicketSummary', () => {
  const articles = [
    article(),
    article({
      articleNumber: 2,
      senderType: 'agent',
      author: 'Luca Bianchi',
      customerVisible: false,
      body: 'Internal: drum is worn.',
      createdAt: minutesAgo(60),
    }),
    article({
      articleNumber: 3,
      senderType: 'agent',
      author: 'Luca Bianchi',
      body: 'We are replacing the drum.',
      createdAt: minutesAgo(30),
    }),
  ];

  it('staff view: the card and every article (en, it)', () => {
    for (const locale of LOCALES) {
      const message = buildTicketSummary({
        locale,
        timeZone: TIME_ZONE,
        now: NOW,
        view: 'staff',
        card: card({ locale, state: 'open', owner: operator }),
        articles,
      });
      expectSafeMessage(message);
      expect(JSON.stringify(message)).toContain('drum is worn');
      expect(message).toMatchSnapshot(locale);
    }
  });

  it('customer view: no internal notes, no staff buttons', () => {
    const message = buildTicketSummary({
      locale: 'it',
      timeZone: TIME_ZONE,
      now: NOW,
      view: 'customer',
      card: card({ locale: 'it', state: 'open', owner: operator }),
      articles,
    });
    expectSafeMessage(message);
    const json = JSON.stringify(message);
    expect(json).not.toContain('drum is worn');
    expect(json).not.toContain(ACTIONS.claim);
    expect(json).not.toContain(ACTIONS.more);
    expect(message).toMatchSnapshot();
  });

  it('is safe on hostile input', () => {
    for (const view of ['staff', 'customer'] as const) {
      const message = buildTicketSummary({
        locale: 'en',
        timeZone: TIME_ZONE,
        now: NOW,
        view,
        card: hostileCard(),
        articles: Array.from({ length: 50 }, (_, index) => hostileArticle(index)),
      });
      expectSafeMessage(message);
    }
  });
});

describe('buildTicketList', () => {
  it('lists tickets with number, title, state and queue (en, it)', () => {
    for (const locale of LOCALES) {
      const message = buildTicketList({
        locale,
        timeZone: TIME_ZONE,
        now: NOW,
        heading: locale === 'en' ? 'Your tickets' : 'I tuoi ticket',
        tickets: [
          listItem(),
          listItem({ number: '2026112910000011', title: 'VPN', state: 'pending_reminder' }),
        ],
      });
      expectSafeMessage(message);
      expect(message).toMatchSnapshot(locale);
    }
    expect(
      buildTicketList({ locale: 'it', timeZone: TIME_ZONE, now: NOW, heading: 'x', tickets: [] }),
    ).toMatchSnapshot('empty');
  });

  it('keeps within 50 blocks and counts what it leaves out', () => {
    const many = Array.from({ length: 300 }, (_, index) => listItem({ number: `2026113010${index}` }));
    const message = buildTicketList({
      locale: 'en',
      timeZone: TIME_ZONE,
      now: NOW,
      heading: 'Mine',
      tickets: many,
    });
    expectSafeMessage(message);
    expect(message.blocks).toHaveLength(50);
    expect(JSON.stringify(message.blocks.at(-1))).toContain('…and 252 more not shown');
  });

  it('keeps within the characters of a message with hostile titles', () => {
    const message = buildTicketList({
      locale: 'en',
      timeZone: TIME_ZONE,
      now: NOW,
      heading: HOSTILE_TITLE,
      tickets: hostileList(300),
    });
    expectSafeMessage(message);
    const shown = message.blocks.length - 2;
    expect(JSON.stringify(message.blocks.at(-1))).toContain(`…and ${300 - shown} more not shown`);
  });

  it('asks to refine a search that looked through as many matches as it may, within 50 blocks', () => {
    for (const [locale, words] of [
      ['en', 'More tickets match: refine your search.'],
      ['it', 'Altri ticket corrispondono: affina la ricerca.'],
    ] as const) {
      const many = Array.from({ length: 300 }, (_, index) => listItem({ number: `2026113010${index}` }));
      const full = buildTicketList({
        locale,
        timeZone: TIME_ZONE,
        now: NOW,
        heading: 'x',
        tickets: many,
        refine: true,
      });
      expectSafeMessage(full);
      expect(full.blocks).toHaveLength(50);
      expect(JSON.stringify(full.blocks.at(-1))).toContain(words);
      const none = buildTicketList({
        locale,
        timeZone: TIME_ZONE,
        now: NOW,
        heading: 'x',
        tickets: [],
        refine: true,
      });
      expect(JSON.stringify(none.blocks)).toContain(words);
    }
  });
});

describe('buildHelp', () => {
  it('explains /ticket (en, it)', () => {
    for (const locale of LOCALES) {
      const message = buildHelp({ locale });
      expectSafeMessage(message);
      expect(JSON.stringify(message)).toContain('/ticket search &lt;');
      expect(message).toMatchSnapshot(locale);
    }
  });
});

describe('buildRefusal', () => {
  const cases: Refusal[] = [
    { code: 'not_found', params: { what: 'ticket', key: '1' } },
    { code: 'not_found', params: { what: 'queue', key: 'x' } },
    {
      code: 'permission_denied',
      params: { action: 'close', where: { queue: { key: 'it', name: 'IT Help' } } },
    },
    { code: 'permission_denied', params: { action: 'search', where: { desk: true } } },
    {
      code: 'permission_denied',
      params: { action: 'give_to_non_operator', where: { ticketNumber: '1' }, person: 'Luca Bianchi' },
    },
    {
      code: 'already_claimed',
      params: { ticketNumber: '1', owner: { name: 'Luca Bianchi', slackUserId: 'U0OPERATOR1' } },
    },
    {
      code: 'invalid_transition',
      params: { ticketNumber: '1', from: 'closed_successful', to: 'pending_reminder' },
    },
    { code: 'ticket_not_working', params: { ticketNumber: '1', state: 'merged' } },
    { code: 'invalid_input', params: { field: 'title', reason: 'empty' } },
    { code: 'invalid_input', params: { field: 'body', reason: 'too_long', limit: 100000 } },
    {
      code: 'invalid_input',
      params: { field: 'target_ticket', reason: 'not_a_ticket_number', value: 'ieri' },
    },
    { code: 'not_a_sub_queue', params: { queue: { key: 'a', name: 'A' }, parent: { key: 'b', name: 'B' } } },
    { code: 'first_level_queue', params: { queue: { key: 'it', name: 'IT Help' } } },
    { code: 'not_claimed', params: { ticketNumber: '1' } },
    { code: 'merge_into_itself', params: {} },
    { code: 'merge_into_merged', params: { ticketNumber: '2' } },
    { code: 'queue_inactive', params: { queue: { key: 'a', name: 'A' } } },
    { code: 'not_an_operator', params: {} },
    { code: 'internal_error', params: {} },
  ];

  it('explains every core error code (en, it)', () => {
    for (const locale of LOCALES) {
      const texts = cases.map((refusal) => {
        const message = buildRefusal({ locale, refusal });
        expectSafeMessage(message);
        return `${refusal.code}: ${message.text} | ${message.plain}`;
      });
      expect(texts).toMatchSnapshot(locale);
    }
  });

  it('is safe on hostile parameters', () => {
    for (const text of Object.values(NASTY_TEXTS)) {
      const queue = { key: 'x', name: text };
      const hostile: Refusal[] = [
        { code: 'not_found', params: { what: 'queue', key: text } },
        { code: 'permission_denied', params: { action: 'owner', where: { queue } } },
        {
          code: 'permission_denied',
          params: { action: 'add_blind_watcher', where: { desk: true }, person: text },
        },
        { code: 'not_a_sub_queue', params: { queue, parent: queue } },
        { code: 'invalid_input', params: { field: 'customer_email', reason: 'not_an_email', value: text } },
        { code: 'invalid_period', params: { period: text } },
        {
          code: 'merge_across_customers',
          params: { source: '1', target: '2', sourceCustomer: text, targetCustomer: text },
        },
      ];
      for (const refusal of hostile) expectSafeMessage(buildRefusal({ locale: 'it', refusal }));
    }
    expectSafeMessage(
      buildRefusal({
        locale: 'en',
        refusal: {
          code: 'already_claimed',
          params: { ticketNumber: '1', owner: { name: hostileQueue(1).name, slackUserId: '<@U0123ABC>' } },
        },
      }),
    );
  });
});
