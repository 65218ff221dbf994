import { describe, expect, it } from 'vitest';
import { ACTIONS, MORE_ACTIONS } from '../../src/views/ids.js';
import type { KnownBlock } from '../../src/views/slack.js';
import { buildTicketCard } from '../../src/views/ticket-card.js';
import { assertSafe, assertWithinLimits } from './block-kit-limits.js';
import {
  card,
  hostileCard,
  KNOWN_USER_IDS,
  minutesAgo,
  minutesFromNow,
  NASTY_TEXTS,
  NUMBER,
  operator,
  QUEUE,
  responsible,
  SUB_QUEUE,
} from './fixtures.js';

function actionsOf(blocks: KnownBlock[]) {
  return blocks.flatMap((block) => (block.type === 'actions' ? block.elements : []));
}

function moreValues(blocks: KnownBlock[]): string[] {
  return actionsOf(blocks).flatMap((element) =>
    element.type === 'static_select' ? (element.options ?? []).map((option) => option.value ?? '') : [],
  );
}

describe('buildTicketCard', () => {
  it('renders a new ticket (en, it)', () => {
    for (const locale of ['en', 'it'] as const) {
      const message = buildTicketCard(card({ locale }));
      assertSafe('message', message, { userIds: KNOWN_USER_IDS });
      expect(message).toMatchSnapshot(locale);
    }
  });

  it('offers Claim on an unclaimed ticket and Release once it has an owner', () => {
    const unclaimed = actionsOf(buildTicketCard(card()).blocks);
    expect(unclaimed[0]).toMatchObject({ action_id: ACTIONS.claim, style: 'primary', value: NUMBER });
    const claimed = buildTicketCard(
      card({ state: 'open', owner: operator, responsible, firstResponseAt: minutesAgo(5) }),
    );
    const elements = actionsOf(claimed.blocks);
    expect(elements[0]).toMatchObject({ action_id: ACTIONS.release, value: NUMBER });
    expect(elements.map((element) => element.action_id)).toEqual([
      ACTIONS.release,
      ACTIONS.reply,
      ACTIONS.note,
      ACTIONS.escalate,
      ACTIONS.close,
      ACTIONS.more,
    ]);
    for (const element of elements) if (element.type === 'button') expect(element.value).toBe(NUMBER);
    expect(claimed).toMatchSnapshot();
  });

  it('hides Escalate without sub-queues and Send back in a first-level queue', () => {
    const blocks = buildTicketCard(card({ subQueues: [] })).blocks;
    expect(actionsOf(blocks).map((element) => element.action_id)).not.toContain(ACTIONS.escalate);
    expect(moreValues(blocks)).toEqual(
      MORE_ACTIONS.filter((a) => a !== 'send_back' && a !== 'reopen' && a !== 'fields').map(
        (a) => `${a}:${NUMBER}`,
      ),
    );
    const field = { key: 'aula', label: { it: 'Aula', en: 'Room' }, type: 'text' as const };
    const withFields = card({
      fields: [{ field: { ...field, required: false, internal: false, options: [] }, values: [] }],
    });
    expect(moreValues(buildTicketCard(withFields).blocks)).toContain(`fields:${NUMBER}`);
    const inSubQueue = buildTicketCard(card({ queue: SUB_QUEUE, subQueues: [], parentQueue: QUEUE })).blocks;
    expect(moreValues(inSubQueue)).toContain(`send_back:${NUMBER}`);
  });

  it('says where a moved ticket went and offers no buttons', () => {
    const message = buildTicketCard(card({ movedTo: SUB_QUEUE }));
    expect(actionsOf(message.blocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('→ moved to Network (2nd level)');
  });

  it('offers Reopen, Tags and History on closed tickets, only History on merged ones', () => {
    for (const state of ['closed_successful', 'closed_unsuccessful', 'merged'] as const) {
      const message = buildTicketCard(
        card({ state, mergedInto: state === 'merged' ? '2026113010000063' : null }),
      );
      const elements = actionsOf(message.blocks);
      expect(elements).toHaveLength(1);
      expect(moreValues(message.blocks)).toEqual(
        state === 'merged'
          ? [`history:${NUMBER}`]
          : [`reopen:${NUMBER}`, `tags:${NUMBER}`, `history:${NUMBER}`],
      );
    }
    expect(
      buildTicketCard(card({ state: 'merged', mergedInto: '2026113010000063', locale: 'it' })),
    ).toMatchSnapshot();
  });

  it('shows the SLA: due, overdue, met', () => {
    const text = (overrides: Parameters<typeof card>[0]) =>
      JSON.stringify(buildTicketCard(card(overrides)).blocks);
    expect(text({})).toContain('First response due in 25 min');
    expect(text({ firstResponseDueAt: minutesAgo(120) })).toContain('First response overdue by 2 h');
    expect(text({ locale: 'it', firstResponseDueAt: minutesAgo(120) })).toContain(
      'Prima risposta: scaduto da 2 ore',
    );
    expect(text({ firstResponseAt: minutesAgo(10), firstResponseDueAt: minutesAgo(5) })).toContain(
      'First response given in time',
    );
    expect(text({ state: 'pending_reminder', pendingUntil: minutesFromNow(90) })).toContain(
      '2026-11-30 12:30',
    );
  });

  it('gives a notification text', () => {
    expect(buildTicketCard(card()).text).toBe(
      `Ticket#${NUMBER} The printer on floor 2 prints blank pages — new`,
    );
    expect(buildTicketCard(card({ title: '<!here> & co' })).text).toBe(
      `Ticket#${NUMBER} &lt;!here&gt; &amp; co — new`,
    );
  });

  it('stays within limits and never pings on hostile input', () => {
    for (const locale of ['en', 'it'] as const) {
      assertSafe('message', buildTicketCard(hostileCard({ locale })), { userIds: KNOWN_USER_IDS });
      assertSafe('message', buildTicketCard(hostileCard({ locale, movedTo: SUB_QUEUE })));
      for (const text of Object.values(NASTY_TEXTS)) {
        const message = buildTicketCard(
          hostileCard({ locale, title: text, description: text, queue: { key: 'q', name: text } }),
        );
        assertSafe('message', message);
      }
    }
  });

  it('keeps Claim and the More menu on a card with 150 sub-queues', () => {
    const message = buildTicketCard(hostileCard());
    assertWithinLimits('message', message);
    expect(actionsOf(message.blocks).map((element) => element.action_id)).toContain(ACTIONS.escalate);
  });
});
