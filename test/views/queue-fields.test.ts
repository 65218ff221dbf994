import { describe, expect, it } from 'vitest';
import { FIELD_MULTILINE_MAX, FIELD_TYPES, type FieldDefinition } from '../../src/core/fields/definition.js';
import { buildFieldsModal } from '../../src/views/modals/fields.js';
import { buildNewTicketModal } from '../../src/views/modals/new-ticket.js';
import { buildTicketCard } from '../../src/views/ticket-card.js';
import { assertSafe } from './block-kit-limits.js';
import { CUSTOMER_ID, card, HOSTILE_QUEUES, hostile, NUMBER, OPERATOR_ID, PINGS } from './fixtures.js';

/**
 * 20 fields of every type (the most a queue declares) with labels, values and options (150 in all) as long as
 * the file allows, full of markup.
 */
const TWENTY: FieldDefinition[] = Array.from({ length: 20 }, (_, index) => {
  const type = FIELD_TYPES[index % FIELD_TYPES.length] ?? 'text';
  const label = { it: hostile(80, `Campo ${index} ${PINGS}`), en: hostile(80, `Field ${index}`) };
  const options =
    type === 'select' || type === 'multi_select'
      ? Array.from({ length: 25 }, (_, n) => ({
          value: `${index}-${n}-${'v'.repeat(44)}`,
          label: { it: hostile(75, `Opzione ${n} ${PINGS}`), en: hostile(75, `Option ${n}`) },
        }))
      : [];
  return {
    key: `field-${index}`,
    label,
    type,
    required: index % 2 === 0,
    internal: index % 5 === 0,
    options,
  };
});

/** A value for every field, as long as each takes. */
const VALUES = Object.fromEntries(
  TWENTY.map((field) => {
    switch (field.type) {
      case 'select':
        return [field.key, [field.options[24]?.value ?? '']];
      case 'multi_select':
        return [field.key, field.options.map((o) => o.value)];
      case 'user':
        return [field.key, [CUSTOMER_ID]];
      case 'date':
        return [field.key, ['2026-12-01']];
      case 'number':
        return [field.key, ['123456789012345.5']];
      case 'multiline':
        return [field.key, [hostile(FIELD_MULTILINE_MAX, `${PINGS}\n`)]];
      default:
        return [field.key, [hostile(250, PINGS)]];
    }
  }),
);

describe('Block Kit limits with 20 fields', () => {
  it('the new-ticket form', () => {
    for (const locale of ['it', 'en'] as const) {
      const view = buildNewTicketModal({
        locale,
        queues: HOSTILE_QUEUES,
        queueKey: HOSTILE_QUEUES[0]?.key,
        subject: 'Proiettore',
        isOperator: true,
        privateMetadata: {},
        fields: TWENTY,
        fieldValues: VALUES,
      });
      assertSafe('modal', view);
      expect(view.blocks.filter((b) => b.block_id?.startsWith('field_'))).toHaveLength(20);
    }
  });

  it('the Fields form', () => {
    const view = buildFieldsModal({
      locale: 'it',
      ticketNumber: NUMBER,
      title: 'Proiettore',
      fields: TWENTY,
      values: VALUES,
    });
    assertSafe('modal', view);
    expect(view.blocks.filter((b) => b.block_id?.startsWith('field_'))).toHaveLength(20);
  });

  it('the card, every field filled or every required one missing', () => {
    const filled = buildTicketCard(
      card({ fields: TWENTY.map((field) => ({ field, values: VALUES[field.key] ?? [] })) }),
    );
    assertSafe('message', filled, { userIds: [CUSTOMER_ID, OPERATOR_ID] });
    const empty = buildTicketCard(card({ fields: TWENTY.map((field) => ({ field, values: [] })) }));
    assertSafe('message', empty, { userIds: [CUSTOMER_ID, OPERATOR_ID] });
  });
});
