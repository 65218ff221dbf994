/**
 * Queue fields end to end: the new-ticket form asks the chosen queue's fields (redrawn when the queue
 * changes), refuses a missing required one on its input, and the values are on the card, in search, in the
 * export and editable by operators from the card, each change in History; mail fills what it can.
 */
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { type JsonValue, messageText } from '../../src/fake-slack/fake-slack.js';
import type { ViewInput, ViewValuesInput } from '../../src/fake-slack/slack-requests.js';
import { ACTIONS, INPUTS, VIEWS } from '../../src/views/ids.js';
import { MARIA, STUDENT, useAppHarness } from '../support/app-harness.js';
import { parseCsv } from '../support/csv-parse.js';
import { TEST_CONFIG } from '../support/desk.js';
import {
  cardOf,
  HELPDESK_CHANNEL,
  newTicketValues,
  openedView,
  openFormOnCard,
  outboxSettled,
  ticketNumberIn,
  waitForCard,
} from '../support/flows.js';

const HELPDESK_FIELDS = `
    fields:
      - key: building
        label: { it: Edificio, en: Building }
        type: select
        required: true
        options:
          - { value: A, label: { it: Edificio A, en: Building A } }
          - { value: B, label: { it: Edificio B, en: Building B } }
      - { key: room, label: { it: Aula, en: Room }, type: text }
      - { key: details, label: { it: Dettagli, en: Details }, type: multiline }
      - { key: seats, label: { it: Posti, en: Seats }, type: number }
      - { key: since, label: { it: Dal giorno, en: Since }, type: date }
      - key: devices
        label: { it: Dispositivi, en: Devices }
        type: multi_select
        options: [laptop, phone, tablet]
      - { key: contact, label: { it: Referente, en: Contact }, type: user }
      - { key: asset_tag, label: { it: Inventario, en: Asset tag }, type: text, internal: true, required: true }
`;
const DIDATTICA_FIELDS = `
    fields:
      - { key: matricola, label: Matricola, type: text, required: true }
      - key: course
        label: { it: Corso di laurea, en: Degree course }
        type: select
        options: [ingegneria, economia]
`;

const CONFIG = TEST_CONFIG.replace(
  '    sla: { first_response_minutes: 60, update_minutes: 240, solution_minutes: 2400 }\n',
  `    sla: { first_response_minutes: 60, update_minutes: 240, solution_minutes: 2400 }${HELPDESK_FIELDS}`,
).replace(
  '  - { key: didattica, name: Segreteria didattica, channel: C0DIDATTIC, operators: [U0PAOLO001], follow_up: reject }\n',
  `  - key: didattica\n    name: Segreteria didattica\n    channel: C0DIDATTIC\n    operators: [U0PAOLO001]\n    follow_up: reject${DIDATTICA_FIELDS}`,
);

const h = useAppHarness(CONFIG, { mailIn: {} });

const blockIds = (view: { blocks: JsonValue[] }) =>
  view.blocks.flatMap((b) =>
    b !== null && typeof b === 'object' && !Array.isArray(b) && typeof b.block_id === 'string'
      ? [b.block_id]
      : [],
  );

const fieldBlocks = (view: { blocks: JsonValue[] }) => blockIds(view).filter((id) => id.startsWith('field_'));

const text = (value: string | null) => ({ type: 'plain_text_input', value });
const choice = (value: string) => ({ type: 'static_select', selected_option: { value, text: value } });

/** Every helpdesk field a customer fills, filled. */
const HELPDESK_VALUES: ViewValuesInput = {
  field_building: { field_building: choice('B') },
  field_room: { field_room: text('Aula 3') },
  field_details: { field_details: text('Il proiettore\nnon si accende') },
  field_seats: { field_seats: { type: 'number_input', value: '120' } },
  field_since: { field_since: { type: 'datepicker', selected_date: '2026-12-01' } },
  field_devices: {
    field_devices: {
      type: 'multi_static_select',
      selected_options: [
        { value: 'laptop', text: 'laptop' },
        { value: 'phone', text: 'phone' },
      ],
    },
  },
  field_contact: { field_contact: { type: 'users_select', selected_user: MARIA } },
};

async function newTicketForm(userId: string) {
  const triggerId = h.slack.triggerId();
  await h.slack.command({ text: '', userId, channelId: 'C0GENERAL1', triggerId });
  return openedView(h, triggerId);
}

/** Chooses `queue` in the open form, with `values` typed so far; resolves with the form as redrawn. */
async function chooseQueue(
  userId: string,
  view: ViewInput & { id: string },
  queue: string,
  values: ViewValuesInput,
) {
  const before = h.fake.view(view.id)?.hash;
  const response = await h.slack.blockAction({
    userId,
    actionId: INPUTS.queue,
    blockId: INPUTS.queue,
    selectedOption: { value: queue, text: queue },
    view,
    values,
  });
  expect(response.status).toBe(200);
  return h.fake.waitFor(() => {
    const now = h.fake.view(view.id);
    return now && now.hash !== before ? now : undefined;
  });
}

async function command(userId: string, words: string) {
  const response = await h.slack.command({ text: words, userId, channelId: 'C0GENERAL1' });
  expect(response.status).toBe(200);
  return response.body ? messageText(response.json()) : '';
}

/** Opens a helpdesk ticket as the student with every customer field filled. */
async function openWithFields(subject: string): Promise<string> {
  const form = await newTicketForm(STUDENT);
  const typed = newTicketValues({ queue: 'helpdesk', subject });
  const redrawn = await chooseQueue(STUDENT, form, 'helpdesk', typed);
  const before = h.fake.messages(HELPDESK_CHANNEL).length;
  const submitted = await h.slack.viewSubmission({
    userId: STUDENT,
    view: redrawn,
    values: { ...typed, ...HELPDESK_VALUES },
  });
  expect(submitted.body).toBe('');
  const card = await h.fake.waitFor(() => h.fake.messages(HELPDESK_CHANNEL)[before]);
  await outboxSettled(h);
  return ticketNumberIn(messageText(card));
}

describe('the new-ticket form asks the chosen queue’s fields', () => {
  it('shows the customer fields of the queue chosen, redrawn on each change, keeping what was typed', async () => {
    const form = await newTicketForm(STUDENT);
    expect(fieldBlocks(form)).toEqual([]);

    const typed = newTicketValues({
      queue: 'helpdesk',
      subject: 'Proiettore guasto',
      description: 'In aula 3',
    });
    const helpdesk = await chooseQueue(STUDENT, form, 'helpdesk', typed);
    // The internal field (asset_tag) is the operators': the customer's form does not ask it.
    expect(fieldBlocks(helpdesk)).toEqual([
      'field_building',
      'field_room',
      'field_details',
      'field_seats',
      'field_since',
      'field_devices',
      'field_contact',
    ]);
    const shown = JSON.stringify(helpdesk.blocks);
    expect(shown).toContain('"initial_value":"Proiettore guasto"');
    expect(shown).toContain('"initial_value":"In aula 3"');
    expect(shown).toContain('Building A');

    const didattica = await chooseQueue(STUDENT, helpdesk, 'didattica', {
      ...newTicketValues({ queue: 'didattica', subject: 'Proiettore guasto' }),
      field_room: { field_room: text('Aula 3') },
    });
    expect(fieldBlocks(didattica)).toEqual(['field_matricola', 'field_course']);

    // A change sent from the form as it was before (Slack's hash is stale) loses to the newer redraw, quietly.
    const dmsBefore = h.fake.messages(h.fake.dmChannelOf(STUDENT)).length;
    const stale = await h.slack.blockAction({
      userId: STUDENT,
      actionId: INPUTS.queue,
      blockId: INPUTS.queue,
      selectedOption: { value: 'helpdesk', text: 'helpdesk' },
      view: helpdesk,
      values: typed,
    });
    expect(stale.status).toBe(200);
    await h.fake.waitFor(() => h.fake.calls('views.update').find((call) => call.failed));
    await outboxSettled(h);
    expect(fieldBlocks(h.fake.view(form.id) ?? { blocks: [] })).toEqual(['field_matricola', 'field_course']);
    expect(h.fake.messages(h.fake.dmChannelOf(STUDENT))).toHaveLength(dmsBefore);
    expect(JSON.stringify(didattica.blocks)).toContain('Degree course');
    expect(JSON.stringify(didattica.blocks)).toContain('"initial_value":"Proiettore guasto"');
  });

  it('refuses a missing required field on its own input, then takes every field type onto the card', async () => {
    const form = await newTicketForm(STUDENT);
    const typed = newTicketValues({ queue: 'helpdesk', subject: 'Proiettore guasto' });
    const redrawn = await chooseQueue(STUDENT, form, 'helpdesk', typed);

    const { field_building: _building, ...withoutBuilding } = HELPDESK_VALUES;
    const refused = await h.slack.viewSubmission({
      userId: STUDENT,
      view: redrawn,
      values: {
        ...typed,
        ...withoutBuilding,
        field_building: { field_building: { type: 'static_select', selected_option: null } },
      },
    });
    expect(refused.json()).toEqual({
      response_action: 'errors',
      errors: { field_building: '“Building” is required.' },
    });

    const before = h.fake.messages(HELPDESK_CHANNEL).length;
    const taken = await h.slack.viewSubmission({
      userId: STUDENT,
      view: redrawn,
      values: { ...typed, ...HELPDESK_VALUES },
    });
    expect(taken.body).toBe('');
    const card = await h.fake.waitFor(() => h.fake.messages(HELPDESK_CHANNEL)[before]);
    const shown = messageText(card);
    expect(shown).toContain('*Campi*');
    expect(shown).toContain('*Edificio*: Edificio B');
    expect(shown).toContain('*Aula*: Aula 3');
    expect(shown).toContain('*Dettagli*: Il proiettore non si accende');
    expect(shown).toContain('*Posti*: 120');
    expect(shown).toContain('*Dal giorno*: 2026-12-01');
    expect(shown).toContain('*Dispositivi*: laptop, phone');
    expect(shown).toContain(`*Referente*: <@${MARIA}>`);
    // The operators' own required field is still to fill.
    expect(shown).toContain('Mancano ancora: Inventario');
  });
});

describe('fields on the card, in search and in the export', () => {
  it('an operator edits the fields from the card; History shows old and new values', async () => {
    const number = await openWithFields('Proiettore guasto');
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.more, `fields:${number}`);
    expect(view.callback_id).toBe(VIEWS.fields);
    expect(fieldBlocks(view)).toContain('field_asset_tag');
    expect(JSON.stringify(view.blocks)).toContain('"initial_value":"Aula 3"');

    const submitted = await h.slack.viewSubmission({
      userId: MARIA,
      view,
      values: {
        ...HELPDESK_VALUES,
        field_building: { field_building: choice('A') },
        field_asset_tag: { field_asset_tag: text('INV-2026-0042') },
      },
    });
    expect(submitted.body).toBe('');
    const card = await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('INV-2026-0042'));
    expect(messageText(card)).toContain('*Edificio*: Edificio A');
    expect(messageText(card)).not.toContain('Mancano ancora');

    const history = await openFormOnCard(
      h,
      MARIA,
      HELPDESK_CHANNEL,
      number,
      ACTIONS.more,
      `history:${number}`,
    );
    const told = messageText(history.blocks);
    expect(told).toContain('Campo modificato');
    expect(told).toContain('building: B → building: A');
    expect(told).toContain('asset_tag: INV-2026-0042');
  });

  it('finds tickets by field value, alone or with words, and exports each field as a column', async () => {
    const number = await openWithFields('Proiettore guasto');
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    expect(card).toBeDefined();

    expect(await command(MARIA, 'search building:b')).toContain(number);
    expect(await command(MARIA, 'search building:b proiettore')).toContain(number);
    expect(await command(MARIA, 'search building:a')).not.toContain(number);
    expect(await command(MARIA, 'search room:"aula 3" devices:phone')).toContain(number);
    expect(await command(MARIA, 'search building:b stampante')).not.toContain(number);

    await command(MARIA, 'export helpdesk 7d');
    const dm = h.fake.dmChannelOf(MARIA);
    const file = await h.fake.waitFor(() =>
      h.fake
        .files()
        .find((f) => f.completed && f.name.endsWith('.csv') && f.shares.some((s) => s.channel === dm)),
    );
    const [header = [], ...rows] = parseCsv((file.bytes ?? Buffer.alloc(0)).toString('utf8').slice(1));
    const row = rows.find((r) => r[0] === number) ?? [];
    const column = (name: string) => row[header.indexOf(name)];
    expect(column('field:building')).toBe('B');
    expect(column('field:room')).toBe('Aula 3');
    expect(column('field:devices')).toBe('laptop, phone');
    expect(column('field:contact')).toBe(MARIA);
    expect(column('field:asset_tag')).toBe('');
  });
});

describe('mail in', () => {
  it('fills the fields the mail names; the card says which required ones are missing', async () => {
    const before = h.fake.messages(HELPDESK_CHANNEL).length;
    const smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: h.sportello.mailIn?.smtpPort ?? 0,
      secure: false,
      ignoreTLS: true,
    });
    await smtp.sendMail({
      from: 'Sofia Gallo <sofia.gallo@studenti.example>',
      to: 'helpdesk@ateneo.example',
      subject: 'Proiettore in aula',
      text: 'Buongiorno,\nil proiettore non funziona.\n\nAula: 12\nDispositivi: Laptop\nPosti: tanti\n',
    });
    smtp.close();
    const card = await h.fake.waitFor(() => h.fake.messages(HELPDESK_CHANNEL)[before], 5000, 'a card');
    const shown = messageText(card);
    expect(shown).toContain('*Aula*: 12');
    expect(shown).toContain('*Dispositivi*: laptop');
    // "tanti" is no number: left out, not refused with the mail.
    expect(shown).not.toContain('*Posti*');
    expect(shown).toContain('Mancano ancora: Edificio, Inventario');
  });
});
