import { describe, expect, it } from 'vitest';
import { INPUTS, VIEWS } from '../../src/views/ids.js';
import { buildAssignModal } from '../../src/views/modals/assign.js';
import { buildCloseModal } from '../../src/views/modals/close.js';
import { metadata } from '../../src/views/modals/common.js';
import { buildEscalateModal } from '../../src/views/modals/escalate.js';
import { buildHistoryModal } from '../../src/views/modals/history.js';
import { buildMergeModal } from '../../src/views/modals/merge.js';
import { buildNewTicketModal } from '../../src/views/modals/new-ticket.js';
import { buildNoteModal } from '../../src/views/modals/note.js';
import { buildPendingModal } from '../../src/views/modals/pending.js';
import { buildPriorityModal } from '../../src/views/modals/priority.js';
import { buildReplyModal } from '../../src/views/modals/reply.js';
import { buildResponsibleModal } from '../../src/views/modals/responsible.js';
import { buildSendBackModal } from '../../src/views/modals/send-back.js';
import type { InputBlock, KnownBlock, ModalView } from '../../src/views/slack.js';
import { assertSafe } from './block-kit-limits.js';
import {
  article,
  CUSTOMER_ID,
  HOSTILE_BODY,
  HOSTILE_QUEUES,
  HOSTILE_TITLE,
  historyEntry,
  hostileArticle,
  hostileHistory,
  hostileQueue,
  minutesAgo,
  NASTY_TEXTS,
  NUMBER,
  OPERATOR_ID,
  QUEUE,
  SUB_QUEUE,
  TIME_ZONE,
} from './fixtures.js';

const LOCALES = ['en', 'it'] as const;
const base = { ticketNumber: NUMBER, title: 'The printer on floor 2 prints blank pages' };

function inputs(view: ModalView): InputBlock[] {
  return (view.blocks as KnownBlock[]).filter((block): block is InputBlock => block.type === 'input');
}

/** Every input's block id is its element's action id, and both are from INPUTS. */
function expectInputIds(view: ModalView, expected: string[]) {
  const blocks = inputs(view);
  expect(blocks.map((block) => block.block_id)).toEqual(expected);
  for (const block of blocks) expect(block.element.action_id).toBe(block.block_id);
  for (const id of expected) expect(Object.values(INPUTS)).toContain(id);
}

describe('buildNewTicketModal', () => {
  const typical = {
    queues: [QUEUE, { key: 'facilities', name: 'Facilities' }],
    isOperator: false,
    privateMetadata: { channelId: 'C0123' },
  };

  it('renders the form for a customer (en, it) and for an operator', () => {
    for (const locale of LOCALES) {
      const view = buildNewTicketModal({ ...typical, locale });
      assertSafe('modal', view);
      expect(view.callback_id).toBe(VIEWS.newTicket);
      expectInputIds(view, [
        INPUTS.queue,
        INPUTS.subject,
        INPUTS.description,
        INPUTS.priority,
        INPUTS.notifyVia,
        INPUTS.files,
      ]);
      expect(view).toMatchSnapshot(locale);
    }
    const operatorView = buildNewTicketModal({
      ...typical,
      locale: 'en',
      isOperator: true,
      subject: 'Printer',
      description: 'Blank pages',
      customer: { slackUserId: CUSTOMER_ID },
    });
    assertSafe('modal', operatorView);
    const customer = inputs(operatorView).at(-1);
    expect(customer).toMatchObject({
      block_id: INPUTS.customer,
      optional: true,
      element: { type: 'users_select', initial_user: CUSTOMER_ID },
    });
    expect(operatorView).toMatchSnapshot('operator');
  });

  it('defaults the priority to 3 and notification to DM', () => {
    const [, , , priority, notify] = inputs(buildNewTicketModal({ ...typical, locale: 'en' }));
    expect(priority?.element).toMatchObject({ initial_option: { value: '3' } });
    expect(notify?.element).toMatchObject({ initial_option: { value: 'dm' } });
  });

  it('stays within limits with 150 hostile queues and 40 KB of prefilled text', () => {
    for (const locale of LOCALES) {
      for (const text of [HOSTILE_BODY, ...Object.values(NASTY_TEXTS)]) {
        const view = buildNewTicketModal({
          locale,
          queues: HOSTILE_QUEUES,
          subject: text,
          description: text,
          customer: { slackUserId: '<!channel>' },
          isOperator: true,
          privateMetadata: { channelId: 'C0123', sourceTs: '1.2' },
        });
        assertSafe('modal', view);
        const [queue, subject, description] = inputs(view);
        expect(queue?.element).toMatchObject({ type: 'static_select' });
        expect(subject?.element).toMatchObject({ max_length: 250 });
        expect(description?.element).toMatchObject({ max_length: 3000 });
      }
    }
  });

  it('explains when there is no queue to choose', () => {
    const view = buildNewTicketModal({ locale: 'it', queues: [], isOperator: false, privateMetadata: {} });
    assertSafe('modal', view);
    expect(view.submit).toBeUndefined();
  });

  it('refuses private_metadata over 3000 characters', () => {
    expect(() => metadata({ big: 'x'.repeat(3000) })).toThrow(/3000/);
    expect(() =>
      buildNewTicketModal({
        locale: 'en',
        queues: [QUEUE],
        isOperator: false,
        privateMetadata: { x: 'y'.repeat(3000) },
      }),
    ).toThrow();
  });
});

describe('ticket modals', () => {
  const builders = {
    reply: (locale: 'en' | 'it', title: string, body?: string) =>
      buildReplyModal({ locale, ...base, title, initialBody: body }),
    note: (locale: 'en' | 'it', title: string, body?: string) =>
      buildNoteModal({ locale, ...base, title, initialBody: body }),
    escalate: (locale: 'en' | 'it', title: string) =>
      buildEscalateModal({ locale, ...base, title, subQueues: [SUB_QUEUE] }),
    sendBack: (locale: 'en' | 'it', title: string) =>
      buildSendBackModal({ locale, ...base, title, parent: QUEUE }),
    assign: (locale: 'en' | 'it', title: string) =>
      buildAssignModal({ locale, ...base, title, current: OPERATOR_ID }),
    responsible: (locale: 'en' | 'it', title: string) => buildResponsibleModal({ locale, ...base, title }),
    priority: (locale: 'en' | 'it', title: string) =>
      buildPriorityModal({ locale, ...base, title, current: 4 }),
    pending: (locale: 'en' | 'it', title: string) =>
      buildPendingModal({ locale, ...base, title, initialDate: '2026-12-01', initialTime: '09:30' }),
    close: (locale: 'en' | 'it', title: string) => buildCloseModal({ locale, ...base, title }),
    merge: (locale: 'en' | 'it', title: string) => buildMergeModal({ locale, ...base, title }),
  };
  const expectedInputs: Record<keyof typeof builders, string[]> = {
    reply: [INPUTS.body, INPUTS.files, INPUTS.saveResponse, INPUTS.responseTitle],
    note: [INPUTS.body],
    escalate: [INPUTS.subQueue, INPUTS.reason],
    sendBack: [INPUTS.reason],
    assign: [INPUTS.user],
    responsible: [INPUTS.user],
    priority: [INPUTS.priority],
    pending: [INPUTS.pendingState, INPUTS.pendingDate, INPUTS.pendingTime],
    close: [INPUTS.closeState, INPUTS.message],
    merge: [INPUTS.targetTicket, INPUTS.acrossCustomers],
  };
  const callbacks: Record<keyof typeof builders, string> = {
    reply: VIEWS.reply,
    note: VIEWS.note,
    escalate: VIEWS.escalate,
    sendBack: VIEWS.sendBack,
    assign: VIEWS.assign,
    responsible: VIEWS.responsible,
    priority: VIEWS.priority,
    pending: VIEWS.pending,
    close: VIEWS.close,
    merge: VIEWS.merge,
  };

  for (const [name, build] of Object.entries(builders) as [
    keyof typeof builders,
    (typeof builders)['reply'],
  ][]) {
    it(`${name}: typical form`, () => {
      const view = build('en', base.title, 'Hello, please try again now.');
      assertSafe('modal', view, { userIds: [OPERATOR_ID] });
      expect(view.callback_id).toBe(callbacks[name]);
      expect(JSON.parse(view.private_metadata ?? '{}')).toMatchObject({ ticketNumber: NUMBER });
      expectInputIds(view, expectedInputs[name]);
      expect(view).toMatchSnapshot();
    });

    it(`${name}: hostile title and body`, () => {
      for (const locale of LOCALES) {
        for (const text of [HOSTILE_TITLE, ...Object.values(NASTY_TEXTS)]) {
          assertSafe('modal', build(locale, text, text), { userIds: [OPERATOR_ID] });
        }
      }
    });
  }

  it('pending: snapshot in Italian, and bad initial date or time are left out', () => {
    const view = buildPendingModal({
      locale: 'it',
      ...base,
      initialDate: '2026-12-01',
      initialTime: '09:30',
    });
    expect(view).toMatchSnapshot();
    const bad = buildPendingModal({ locale: 'en', ...base, initialDate: '1/12/2026', initialTime: '25:00' });
    assertSafe('modal', bad);
    expect(JSON.stringify(bad)).not.toContain('initial_date');
    expect(JSON.stringify(bad)).not.toContain('initial_time');
  });

  it('escalate: 150 hostile sub-queues, or none', () => {
    assertSafe(
      'modal',
      buildEscalateModal({ locale: 'it', ...base, title: HOSTILE_TITLE, subQueues: HOSTILE_QUEUES }),
    );
    const none = buildEscalateModal({ locale: 'en', ...base, subQueues: [] });
    assertSafe('modal', none);
    expect(none.submit).toBeUndefined();
  });

  it('send back, assign: hostile parent and user ids', () => {
    assertSafe('modal', buildSendBackModal({ locale: 'en', ...base, parent: hostileQueue(3) }));
    const assign = buildAssignModal({ locale: 'en', ...base, current: '<!channel>' });
    assertSafe('modal', assign);
    expect(JSON.stringify(assign)).not.toContain('initial_user');
  });

  it('carries the caller’s private metadata along with the ticket number', () => {
    const view = buildCloseModal({ locale: 'en', ...base, privateMetadata: { channelId: 'C1' } });
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ channelId: 'C1', ticketNumber: NUMBER });
  });
});

describe('buildHistoryModal', () => {
  it('shows articles and events in time order (en, it)', () => {
    for (const locale of LOCALES) {
      const view = buildHistoryModal({
        locale,
        timeZone: TIME_ZONE,
        ...base,
        articles: [
          article({ attachments: [{ filename: 'photo.jpg', sizeBytes: 245_000, refused: null }] }),
          article({
            articleNumber: 2,
            senderType: 'agent',
            author: 'Luca Bianchi',
            customerVisible: false,
            body: 'Toner is fine, the drum is worn.',
            createdAt: minutesAgo(60),
          }),
        ],
        history: [
          historyEntry(),
          historyEntry({ event: 'Lock', actor: 'Luca Bianchi', newValue: 'lock', createdAt: minutesAgo(90) }),
          historyEntry({
            event: 'StateUpdate',
            actor: 'Luca Bianchi',
            oldValue: 'new',
            newValue: 'open',
            createdAt: minutesAgo(90),
          }),
          historyEntry({
            event: 'PriorityUpdate',
            actor: 'Luca Bianchi',
            oldValue: '3 normal',
            newValue: '4 high',
            createdAt: minutesAgo(30),
          }),
        ],
      });
      assertSafe('modal', view);
      expect(view.submit).toBeUndefined();
      expect(view.callback_id).toBe(VIEWS.history);
      expect(view).toMatchSnapshot(locale);
    }
  });

  it('shows the newest entries that fit and says how many earlier ones are not shown', () => {
    for (const locale of LOCALES) {
      const view = buildHistoryModal({
        locale,
        timeZone: TIME_ZONE,
        ...base,
        title: HOSTILE_TITLE,
        articles: Array.from({ length: 200 }, (_, index) => hostileArticle(index)),
        history: hostileHistory(500),
      });
      assertSafe('modal', view);
      const text = JSON.stringify(view.blocks);
      expect(text).toMatch(
        locale === 'en' ? /\d+ earlier entries not shown/ : /\d+ voci precedenti non mostrate/,
      );
      // The newest article is there.
      expect(text).toContain(locale === 'en' ? 'article 200' : 'articolo 200');
    }
  });

  it('fits 500 history entries alone', () => {
    const view = buildHistoryModal({
      locale: 'en',
      timeZone: TIME_ZONE,
      ...base,
      articles: [],
      history: hostileHistory(500),
    });
    assertSafe('modal', view);
  });

  it('says when there is no history', () => {
    const view = buildHistoryModal({ locale: 'it', timeZone: TIME_ZONE, ...base, articles: [], history: [] });
    assertSafe('modal', view);
    expect(JSON.stringify(view)).toContain('Ancora nessuna voce.');
  });
});
