import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseQueuesConfig } from '../../src/config/queues-file.js';
import { FieldValuesError } from '../../src/core/errors.js';
import { queueKeyOf, slackUserIdOf } from '../../src/core/model.js';
import { createTestDesk, maria, student, TEST_CONFIG, type TestDesk } from '../support/desk.js';

const FIELDS = `
    fields:
      - { key: building, label: { it: Edificio, en: Building }, type: select, required: true, options: [A, B] }
      - { key: room, label: Aula, type: text }
      - { key: seats, label: Posti, type: number }
      - { key: asset_tag, label: Inventario, type: text, internal: true, required: true }
`;
const SLA = '    sla: { first_response_minutes: 60, update_minutes: 240, solution_minutes: 2400 }\n';
const WITH_FIELDS = TEST_CONFIG.replace(SLA, `${SLA}${FIELDS}`);
/** The same desk once `room` left the file. */
const WITHOUT_ROOM = WITH_FIELDS.replace('      - { key: room, label: Aula, type: text }\n', '');

let t: TestDesk;
beforeEach(async () => {
  t = await createTestDesk(undefined, WITH_FIELDS);
});
afterEach(async () => {
  await t.close();
});

const open = (fields: Record<string, string[]>) =>
  t.desk.openTicket(student, {
    queueKey: queueKeyOf('helpdesk'),
    title: 'Proiettore guasto',
    article: { channel: 'slack', body: 'Non si accende.' },
    fields,
  });

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FieldValuesError);
  return (error as FieldValuesError).problems.map((p) => `${p.key}: ${p.reason}`);
}

describe('queue fields in the core', () => {
  it('checks the customer’s values: required, types, options, and never the internal fields', async () => {
    expect(await refusal(open({ room: ['Aula 3'] }))).toEqual(['building: required']);
    expect(await refusal(open({ building: ['C'], seats: ['molti'] }))).toEqual([
      'building: not_an_option',
      'seats: not_a_number',
    ]);
    expect(await refusal(open({ building: ['A'], asset_tag: ['INV-1'] }))).toEqual(['asset_tag: internal']);
    expect(await refusal(open({ building: ['A'], colour: ['red'] }))).toEqual(['colour: unknown']);

    const { ticket } = await open({ building: ['A'], room: ['  Aula   3 '], seats: ['3,5'] });
    const staff = await t.desk.getTicket(maria, ticket.number);
    expect(staff.fields.values).toEqual({ building: ['A'], room: ['Aula 3'], seats: ['3.5'] });
    expect(staff.fields.fields.map((f) => f.key)).toEqual(['building', 'room', 'seats', 'asset_tag']);
    // The customer sees their own fields, not the operators'.
    const theirs = await t.desk.getTicket(student, ticket.number);
    expect(theirs.fields.fields.map((f) => f.key)).toEqual(['building', 'room', 'seats']);
  });

  it('operators set every field; each change is a TicketDynamicFieldUpdate with old and new value', async () => {
    const { ticket } = await open({ building: ['A'], room: ['Aula 3'] });
    await expect(
      t.desk.setTicketFields(student, ticket.number, { building: ['B'], asset_tag: ['INV-1'] }),
    ).rejects.toThrow();
    expect(await refusal(t.desk.setTicketFields(maria, ticket.number, { building: ['B'] }))).toEqual([
      'asset_tag: required',
    ]);
    await t.desk.setTicketFields(maria, ticket.number, {
      building: ['B'],
      room: ['Aula 3'],
      seats: [],
      asset_tag: ['INV-1'],
    });
    const { history, fields } = await t.desk.getTicket(maria, ticket.number);
    expect(fields.values).toEqual({ building: ['B'], room: ['Aula 3'], asset_tag: ['INV-1'] });
    expect(
      history
        .filter((h) => h.event === 'TicketDynamicFieldUpdate')
        .map((h) => [h.actorLabel, h.oldValue, h.newValue]),
    ).toEqual([
      [expect.any(String), null, 'building: A'],
      [expect.any(String), null, 'room: Aula 3'],
      ['Maria Rossi', 'building: A', 'building: B'],
      ['Maria Rossi', null, 'asset_tag: INV-1'],
    ]);
  });

  it('a field removed from the file keeps its values: on the ticket for staff, in search and in the export', async () => {
    const { ticket } = await open({ building: ['A'], room: ['Aula Magna'] });
    await t.desk.syncQueuesConfig(parseQueuesConfig(WITHOUT_ROOM, 'test.yml'));
    const staff = await t.desk.getTicket(maria, ticket.number);
    expect(staff.fields.fields.map((f) => f.key)).not.toContain('room');
    expect(staff.fields.values.room).toEqual(['Aula Magna']);
    const found = await t.desk.searchTickets(maria, 'room:"aula magna"');
    expect(found.map((f) => f.number)).toEqual([ticket.number]);
    const exported = await t.desk.exportTickets(maria, {
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-31T00:00:00Z'),
    });
    expect(exported.fieldKeys).toEqual(['building', 'seats', 'asset_tag', 'room']);
    expect(exported.rows.find((r) => r.number === ticket.number)?.fields).toEqual({
      building: ['A'],
      room: ['Aula Magna'],
    });
  });

  it('searches field values folded, alone or with words, only in queues the searcher reads', async () => {
    const { ticket } = await open({ building: ['B'], room: ['Aula Ç3'] });
    await open({ building: ['A'] });
    const numbers = async (text: string) => (await t.desk.searchTickets(maria, text)).map((r) => r.number);
    expect(await numbers('building:b')).toEqual([ticket.number]);
    expect(await numbers('room:"aula c3" proiettore')).toEqual([ticket.number]);
    expect(await numbers('building:b stampante')).toEqual([]);
    await expect(
      t.desk.searchTickets({ kind: 'slack', userId: slackUserIdOf('U0PAOLO001') }, 'building:b'),
    ).resolves.toEqual([]);
  });

  it('searches tags and fields together: only the tickets carrying both', async () => {
    const both = (await open({ building: ['B'] })).ticket;
    const fieldOnly = (await open({ building: ['B'] })).ticket;
    const tagOnly = (await open({ building: ['A'] })).ticket;
    await t.desk.setTicketTags(maria, both.number, ['proiettore']);
    await t.desk.setTicketTags(maria, tagOnly.number, ['proiettore']);
    const numbers = async (text: string) => (await t.desk.searchTickets(maria, text)).map((r) => r.number);
    expect(await numbers('tag:proiettore building:b')).toEqual([both.number]);
    expect(await numbers('building:b')).toEqual([fieldOnly.number, both.number]);
    expect(await numbers('tag:proiettore building:b guasto')).toEqual([both.number]);
    expect(await numbers('tag:proiettore building:a stampante')).toEqual([]);
  });

  it('mail fills what its lines name and leaves required fields missing', async () => {
    const { ticket } = await t.desk.openTicket(
      { kind: 'email', address: 'sofia@example.org' },
      {
        queueKey: queueKeyOf('helpdesk'),
        title: 'Proiettore',
        article: { channel: 'email', body: 'Salve,\nEdificio: b\nAula: 12\nPosti: tanti\nInventario: X\n' },
        fieldsFromRequestText: true,
      },
    );
    expect((await t.desk.getTicket(maria, ticket.number)).fields.values).toEqual({
      building: ['B'],
      room: ['12'],
    });
  });
});
