import type {
  ArticleData,
  CardData,
  HistoryEntryData,
  HomeData,
  PersonRef,
  QueueRef,
  TicketListItem,
} from '../../src/views/model.js';

/** Fixed times: the builders never read the clock. */
export const NOW = new Date('2026-11-30T10:00:00Z');
export const TIME_ZONE = 'Europe/Rome';
export const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
export const minutesFromNow = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

/** Slack user ids the fixtures give real people; their mentions are expected in the output. */
export const OPERATOR_ID = 'U0OPERATOR1';
export const CUSTOMER_ID = 'U0CUSTOMER1';
export const RESPONSIBLE_ID = 'W0RESPONSIBLE';
export const KNOWN_USER_IDS = [OPERATOR_ID, CUSTOMER_ID, RESPONSIBLE_ID] as const;

export const NUMBER = '2026113010000052';

export const QUEUE: QueueRef = { key: 'it-help', name: 'IT Help' };
export const SUB_QUEUE: QueueRef = { key: 'it-network', name: 'Network (2nd level)' };

export const customer: PersonRef = {
  name: 'Maria Rossi',
  slackUserId: CUSTOMER_ID,
  email: 'maria@example.org',
};
export const operator: PersonRef = { name: 'Luca Bianchi', slackUserId: OPERATOR_ID };
export const responsible: PersonRef = { name: 'Anna Verdi', slackUserId: RESPONSIBLE_ID };

export function card(overrides: Partial<CardData> = {}): CardData {
  return {
    number: NUMBER,
    title: 'The printer on floor 2 prints blank pages',
    tags: [],
    state: 'new',
    priority: 3,
    queue: QUEUE,
    customer,
    owner: null,
    responsible: null,
    createdAt: minutesAgo(125),
    now: NOW,
    pendingUntil: null,
    firstResponseDueAt: minutesFromNow(25),
    firstResponseAt: null,
    solutionDueAt: minutesFromNow(8 * 60),
    description: 'Since this morning every page comes out blank.\nI already changed the toner.',
    movedTo: null,
    subQueues: [SUB_QUEUE],
    parentQueue: null,
    mergedInto: null,
    timeZone: TIME_ZONE,
    locale: 'en',
    ...overrides,
  };
}

export function article(overrides: Partial<ArticleData> = {}): ArticleData {
  return {
    articleNumber: 1,
    senderType: 'customer',
    channel: 'slack',
    customerVisible: true,
    author: 'Maria Rossi',
    subject: null,
    body: 'Since this morning every page comes out blank.\nI already changed the toner.',
    createdAt: minutesAgo(125),
    fromTicket: null,
    attachments: [],
    ...overrides,
  };
}

export function historyEntry(overrides: Partial<HistoryEntryData> = {}): HistoryEntryData {
  return {
    event: 'NewTicket',
    actor: 'Maria Rossi',
    oldValue: null,
    newValue: null,
    createdAt: minutesAgo(125),
    ...overrides,
  };
}

export function listItem(overrides: Partial<TicketListItem> = {}): TicketListItem {
  return {
    number: NUMBER,
    title: 'The printer on floor 2 prints blank pages',
    state: 'open',
    priority: 3,
    queue: QUEUE,
    createdAt: minutesAgo(125),
    owner: operator,
    ...overrides,
  };
}

export function home(overrides: Partial<HomeData> = {}): HomeData {
  return {
    locale: 'en',
    timeZone: TIME_ZONE,
    now: NOW,
    myRequests: [listItem({ number: '2026112910000011', title: 'VPN drops every hour', state: 'new' })],
    closedRequests: [],
    operator: {
      myTickets: [listItem()],
      queueCounts: [
        { queue: QUEUE, new: 3, open: 5, pending: 1 },
        { queue: SUB_QUEUE, new: 0, open: 2, pending: 0 },
      ],
      availability: { away: false, until: null },
      loads: [
        {
          queue: QUEUE,
          assign: 'round_robin',
          operators: [
            { name: 'Luca Verdi', open: 4, away: true },
            { name: 'Maria Rossi', open: 5, away: false },
          ],
        },
        { queue: SUB_QUEUE, assign: 'manual', operators: [] },
      ],
      oldestUnclaimed: [
        listItem({ number: '2026112810000024', title: 'Badge does not open door B', state: 'new' }),
      ],
    },
    ...overrides,
  };
}

// ——— Hostile input ———

/** Markup that must never reach Slack unescaped: pings, a mention, a disguised link. */
export const PINGS =
  '<!channel> <!here> <@U0123ABC> <https://evil|click> *bold* _it_ ~s~ `c` &amp; &lt;x&gt; ';
/** Right-to-left override, zero-width characters, emoji (with ZWJ sequences), combining marks. */
export const WEIRD = '\u202Eevil\u202C zero\u200Bwidth\u200D\uFEFF 👩‍👩‍👧‍👦 🇮🇹 e\u0301 Z̷̢͓a̸l̵g̶o 😀';

/** `length` characters of hostile text, with line breaks, so every cut lands somewhere nasty. */
export function hostile(length: number, seed = ''): string {
  const unit = `${seed}${PINGS}\n${WEIRD}\n> quoted\n`;
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Texts that expand most when escaped, or cut into surrogate pairs. */
export const NASTY_TEXTS = {
  pings: hostile(40_000),
  lessThan: '<'.repeat(40_000),
  ampersands: '&amp;'.repeat(8_000),
  emoji: '😀'.repeat(20_000),
  oddEmoji: `x${'😀'.repeat(20_000)}`,
  mentions: '<@U0123ABC>'.repeat(4_000),
} as const;

export const HOSTILE_TITLE = hostile(5_000, 'Title ');
export const HOSTILE_BODY = hostile(40_000, 'Body ');

export const hostilePerson: PersonRef = {
  name: hostile(500, 'Name '),
  slackUserId: '<!channel>',
  email: PINGS,
};
export const hostileNoName: PersonRef = { name: '   ', slackUserId: 'U0123ABC>', email: '<!here>@x' };

export function hostileQueue(index: number): QueueRef {
  return { key: `q-${index}`, name: hostile(300, `Queue ${index} `) };
}

export const HOSTILE_QUEUES: QueueRef[] = [
  ...Array.from({ length: 150 }, (_, index) => hostileQueue(index)),
  { key: 'k'.repeat(200), name: 'A queue whose key is too long for an option value' },
];

export function hostileCard(overrides: Partial<CardData> = {}): CardData {
  return card({
    title: HOSTILE_TITLE,
    description: HOSTILE_BODY,
    customer: hostilePerson,
    owner: hostileNoName,
    responsible: hostilePerson,
    queue: hostileQueue(1),
    subQueues: HOSTILE_QUEUES,
    parentQueue: hostileQueue(2),
    state: 'pending_auto_close_unsuccessful',
    pendingUntil: minutesFromNow(90),
    priority: 5,
    ...overrides,
  });
}

export function hostileArticle(index: number, overrides: Partial<ArticleData> = {}): ArticleData {
  return article({
    articleNumber: index + 1,
    senderType: index % 2 === 0 ? 'customer' : 'agent',
    channel: index % 3 === 0 ? 'email' : 'slack',
    customerVisible: index % 4 !== 1,
    author: hostile(300, `Author ${index} `),
    subject: hostile(1_000, 'Re: '),
    body: HOSTILE_BODY,
    createdAt: minutesAgo(10_000 - index * 7),
    fromTicket: index % 5 === 0 ? hostile(40, '#') : null,
    attachments: Array.from({ length: 30 }, (_, n) => ({
      filename: hostile(400, `file${n} `),
      sizeBytes: n * 123_457,
      refused: n % 3 === 0 ? ('too_large' as const) : null,
    })),
    ...overrides,
  });
}

export const HISTORY_EVENTS = [
  'NewTicket',
  'StateUpdate',
  'PriorityUpdate',
  'Move',
  'Lock',
  'Escalation<!here>',
];

export function hostileHistory(count: number): HistoryEntryData[] {
  return Array.from({ length: count }, (_, index) =>
    historyEntry({
      event: HISTORY_EVENTS[index % HISTORY_EVENTS.length] ?? 'NewTicket',
      actor: hostile(200, `Actor ${index} `),
      oldValue: index % 2 === 0 ? 'open' : hostile(500),
      newValue: index % 3 === 0 ? hostile(500) : '5 very high',
      createdAt: minutesAgo(10_000 - index * 3),
    }),
  );
}

export function hostileList(count: number): TicketListItem[] {
  return Array.from({ length: count }, (_, index) =>
    listItem({
      number: `20261130100${String(index).padStart(5, '0')}`,
      title: HOSTILE_TITLE,
      queue: hostileQueue(index),
      owner: hostilePerson,
      state: index % 2 === 0 ? 'new' : 'pending_reminder',
    }),
  );
}
