import { describe, expect, it } from 'vitest';
import { ticketNumberOf } from '../../src/core/model.js';
import { formatTicketNumber } from '../../src/core/ticket-number.js';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import type { ViewValuesInput } from '../../src/fake-slack/slack-requests.js';
import { ACTIONS, INPUTS, VIEWS } from '../../src/views/ids.js';
import { MARIA, PAOLO, STUDENT, useAppHarness } from '../support/app-harness.js';
import {
  cardOf,
  HELPDESK_CHANNEL,
  openFormOnCard,
  openTicketInSlack,
  outboxSettled,
  pressOnCard,
} from '../support/flows.js';

const h = useAppHarness();

const DIDATTICA_CHANNEL = 'C0DIDATTIC';
const DESK = { kind: 'system', label: 'test' } as const;
/** A well-formed ticket number (right check digit) that no ticket has. */
const NO_SUCH_TICKET = formatTicketNumber('20261130', '10', 99_999);

/** What a refusal must leave as it was: the ticket with its articles, history and watchers. */
async function snapshot(number: string) {
  const details = await h.sportello.desk.getTicket(DESK, ticketNumberOf(number));
  return {
    ticket: details.ticket,
    owner: details.owner?.slackUserId ?? null,
    articles: details.articles.length,
    history: details.history.length,
    watchers: details.watchers.length,
  };
}

/** What the app has changed in Slack so far (ephemerals aside). */
function slackWrites() {
  return ['chat.postMessage', 'chat.update', 'chat.delete', 'views.open', 'views.push', 'views.update'].map(
    (method) => `${method}×${h.fake.calls(method).length}`,
  );
}

/** A ticket opened by the student in helpdesk (or `queue`), its card and receipt delivered. */
async function openSettled(queue = 'helpdesk', channel = HELPDESK_CHANNEL) {
  const number = await openTicketInSlack(h, STUDENT, { queue }, channel);
  await outboxSettled(h);
  return number;
}

async function refusalFor(userId: string, channel = HELPDESK_CHANNEL, nth = 0) {
  return h.fake.waitFor(
    () => h.fake.ephemerals(channel).filter((e) => e.user === userId)[nth],
    5000,
    `a refusal for ${userId}`,
  );
}

type FormErrors = { response_action?: string; errors?: Record<string, string> };

const text = (value: string | null) => ({ type: 'plain_text_input', value });
const radio = (value: string) => ({ type: 'radio_buttons', selected_option: { value, text: value } });

/** Card buttons and More options, with the value the card itself would carry. */
const CARD_CONTROLS = [
  { name: 'Claim', actionId: ACTIONS.claim, value: (n: string) => n },
  { name: 'Reply', actionId: ACTIONS.reply, value: (n: string) => n },
  { name: 'Escalate', actionId: ACTIONS.escalate, value: (n: string) => n },
  { name: 'Close', actionId: ACTIONS.close, value: (n: string) => n },
  { name: 'More → Priority', actionId: ACTIONS.more, value: (n: string) => `priority:${n}` },
  { name: 'More → Assign', actionId: ACTIONS.more, value: (n: string) => `assign:${n}` },
  { name: 'More → Watch', actionId: ACTIONS.more, value: (n: string) => `watch:${n}` },
];

describe.each([
  { who: 'the customer', userId: STUDENT },
  { who: 'an operator of another queue', userId: PAOLO },
])('$who pressing on a helpdesk card', ({ userId }) => {
  it.each(CARD_CONTROLS)('$name is refused privately and changes nothing', async ({ actionId, value }) => {
    const number = await openSettled();
    const before = await snapshot(number);
    const writes = slackWrites();
    const card = cardOf(h, HELPDESK_CHANNEL, number);

    const { response, triggerId } = await pressOnCard(
      h,
      userId,
      HELPDESK_CHANNEL,
      number,
      actionId,
      value(number),
    );
    expect(response.status).toBe(200);
    // Whichever comes first: the refusal, or (wrongly) the form.
    const outcome = await h.fake.waitFor(
      () =>
        h.fake.ephemerals(HELPDESK_CHANNEL).find((e) => e.user === userId) ?? h.fake.viewByTrigger(triggerId),
      5000,
      `a refusal for ${userId}`,
    );
    expect(h.fake.viewByTrigger(triggerId), 'a form opened instead of a refusal').toBeUndefined();
    expect(messageText(outcome)).toMatch(/not allowed|Only an operator/);

    await outboxSettled(h);
    expect(h.fake.viewByTrigger(triggerId)).toBeUndefined();
    expect(slackWrites()).toEqual(writes);
    expect(await snapshot(number)).toEqual(before);
    expect(cardOf(h, HELPDESK_CHANNEL, number)).toEqual(card);
  });
});

describe('the customer and the operators’ Close form', () => {
  it('the customer cannot submit the Close form of the card on their own ticket', async () => {
    const number = await openSettled();
    const before = await snapshot(number);
    const writes = slackWrites();
    const response = await h.slack.viewSubmission({
      userId: STUDENT,
      callbackId: VIEWS.close,
      privateMetadata: JSON.stringify({ ticketNumber: number, channelId: HELPDESK_CHANNEL }),
      values: {
        [INPUTS.closeState]: { [INPUTS.closeState]: radio('closed_unsuccessful') },
        [INPUTS.message]: { [INPUTS.message]: text('') },
      },
    });
    expect(response.body, 'the customer closed the ticket through the operators’ form').not.toBe('');
    expect(response.json<FormErrors>().response_action).toBe('errors');
    await outboxSettled(h);
    expect(slackWrites()).toEqual(writes);
    expect(await snapshot(number)).toEqual(before);
  });
});

describe('forged action values', () => {
  it.each([
    { name: 'a ticket number that does not exist', actionId: ACTIONS.claim, value: NO_SUCH_TICKET },
    { name: 'a malformed value with markup', actionId: ACTIONS.claim, value: 'x<!channel>' },
    { name: 'a malformed value on Reply', actionId: ACTIONS.reply, value: '../../admin' },
    { name: 'an empty value on Close', actionId: ACTIONS.close, value: '' },
    { name: 'an unknown More action', actionId: ACTIONS.more, value: 'delete:{n}' },
    { name: 'a More action without a number', actionId: ACTIONS.more, value: 'assign' },
    { name: 'a More action with a trailing part', actionId: ACTIONS.more, value: 'history:{n}:x' },
  ])('$name is refused and changes nothing', async ({ actionId, value }) => {
    const number = await openSettled();
    const before = await snapshot(number);
    const writes = slackWrites();
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    if (!card) throw new Error('no card');

    const triggerId = h.slack.triggerId();
    const forged = value.replace('{n}', number);
    const isMenu = actionId === ACTIONS.more;
    await h.slack.blockAction({
      userId: MARIA,
      actionId,
      channelId: HELPDESK_CHANNEL,
      message: card,
      triggerId,
      ...(isMenu
        ? { type: 'static_select', selectedOption: { value: forged, text: 'forged' } }
        : { value: forged }),
    });
    const refusal = await refusalFor(MARIA);
    const text = messageText(refusal);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toMatch(/Qualcosa è andato storto|Something went wrong/);

    await outboxSettled(h);
    expect(h.fake.viewByTrigger(triggerId)).toBeUndefined();
    expect(slackWrites()).toEqual(writes);
    expect(await snapshot(number)).toEqual(before);
  });

  it('a ticket number that does not exist is named in the refusal', async () => {
    const number = await openSettled();
    await pressOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.claim, NO_SUCH_TICKET);
    expect(messageText(await refusalFor(MARIA))).toContain(`Ticket#${NO_SUCH_TICKET} non esiste`);
  });

  it.each([
    { name: 'Claim', actionId: ACTIONS.claim, value: (n: string) => n },
    { name: 'Reply', actionId: ACTIONS.reply, value: (n: string) => n },
    { name: 'Close', actionId: ACTIONS.close, value: (n: string) => n },
    { name: 'More → Pending', actionId: ACTIONS.more, value: (n: string) => `pending:${n}` },
  ])(
    '$name carrying a didattica ticket, pressed by maria on a helpdesk card, is refused',
    async ({ actionId, value }) => {
      const helpdesk = await openSettled();
      const didattica = await openSettled('didattica', DIDATTICA_CHANNEL);
      const before = { helpdesk: await snapshot(helpdesk), didattica: await snapshot(didattica) };
      const writes = slackWrites();

      const { triggerId } = await pressOnCard(
        h,
        MARIA,
        HELPDESK_CHANNEL,
        helpdesk,
        actionId,
        value(didattica),
      );
      expect(messageText(await refusalFor(MARIA))).toContain('Non hai il permesso');

      await outboxSettled(h);
      expect(h.fake.viewByTrigger(triggerId)).toBeUndefined();
      expect(slackWrites()).toEqual(writes);
      expect({ helpdesk: await snapshot(helpdesk), didattica: await snapshot(didattica) }).toEqual(before);
    },
  );
});

describe('tampered forms', () => {
  const FORMS: { name: string; open: string; callbackId: string; values: ViewValuesInput }[] = [
    {
      name: 'Reply',
      open: ACTIONS.reply,
      callbackId: VIEWS.reply,
      values: { [INPUTS.body]: { [INPUTS.body]: text('Risposta dirottata') } },
    },
    {
      name: 'Note',
      open: ACTIONS.note,
      callbackId: VIEWS.note,
      values: { [INPUTS.body]: { [INPUTS.body]: text('Nota dirottata') } },
    },
    {
      name: 'Close',
      open: ACTIONS.close,
      callbackId: VIEWS.close,
      values: {
        [INPUTS.closeState]: { [INPUTS.closeState]: radio('closed_unsuccessful') },
        [INPUTS.message]: { [INPUTS.message]: text('Chiuso da chi non poteva') },
      },
    },
  ];

  it.each(FORMS)(
    '$name submitted with another queue’s ticket in private_metadata comes back with errors',
    async ({ open, callbackId, values }) => {
      const helpdesk = await openSettled();
      const didattica = await openSettled('didattica', DIDATTICA_CHANNEL);
      const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, helpdesk, open);
      expect(view.callback_id).toBe(callbackId);
      const before = { helpdesk: await snapshot(helpdesk), didattica: await snapshot(didattica) };
      const writes = slackWrites();

      const response = await h.slack.viewSubmission({
        userId: MARIA,
        view,
        values,
        privateMetadata: JSON.stringify({ ticketNumber: didattica, channelId: HELPDESK_CHANNEL }),
      });
      const body = response.json<FormErrors>();
      expect(body.response_action).toBe('errors');
      expect(Object.values(body.errors ?? {}).join(' ')).toContain('Non hai il permesso');

      await outboxSettled(h);
      expect(slackWrites()).toEqual(writes);
      expect({ helpdesk: await snapshot(helpdesk), didattica: await snapshot(didattica) }).toEqual(before);
    },
  );

  it.each([
    { name: 'garbage JSON', metadata: '{"ticketNumber":' },
    { name: 'a ticket number that is not one', metadata: JSON.stringify({ ticketNumber: '../../1' }) },
    { name: 'nothing at all', metadata: '' },
  ])('a form whose private_metadata is $name comes back with errors', async ({ metadata }) => {
    const number = await openSettled();
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.reply);
    const before = await snapshot(number);
    const writes = slackWrites();

    const response = await h.slack.viewSubmission({
      userId: MARIA,
      view,
      values: { [INPUTS.body]: { [INPUTS.body]: text('Risposta') } },
      privateMetadata: metadata,
    });
    const body = response.json<FormErrors>();
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors ?? {})).toEqual([INPUTS.body]);

    await outboxSettled(h);
    expect(slackWrites()).toEqual(writes);
    expect(await snapshot(number)).toEqual(before);
  });
});

describe('inline errors', () => {
  async function submitOn(
    number: string,
    open: string,
    menuValue: string | undefined,
    values: ViewValuesInput,
  ) {
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, open, menuValue);
    const before = await snapshot(number);
    const writes = slackWrites();
    const response = await h.slack.viewSubmission({ userId: MARIA, view, values });
    const body = response.json<FormErrors>();
    await outboxSettled(h);
    expect(slackWrites()).toEqual(writes);
    expect(await snapshot(number)).toEqual(before);
    return body;
  }

  it('a reply with an empty body is refused on the body field', async () => {
    const number = await openSettled();
    const body = await submitOn(number, ACTIONS.reply, undefined, {
      [INPUTS.body]: { [INPUTS.body]: text('   \n ') },
    });
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors ?? {})).toEqual([INPUTS.body]);
  });

  it('a pending time in the past is refused on the date field', async () => {
    const number = await openSettled();
    const body = await submitOn(number, ACTIONS.more, `pending:${number}`, {
      [INPUTS.pendingState]: { [INPUTS.pendingState]: radio('pending_reminder') },
      [INPUTS.pendingDate]: { [INPUTS.pendingDate]: { type: 'datepicker', selected_date: '2020-01-15' } },
      [INPUTS.pendingTime]: { [INPUTS.pendingTime]: { type: 'timepicker', selected_time: '09:00' } },
    });
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors ?? {})).toEqual([INPUTS.pendingDate]);
  });

  it('merging into a ticket that does not exist is refused on the target field', async () => {
    const number = await openSettled();
    const body = await submitOn(number, ACTIONS.more, `merge:${number}`, {
      [INPUTS.targetTicket]: { [INPUTS.targetTicket]: text(`Ticket#${NO_SUCH_TICKET}`) },
    });
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors ?? {})).toEqual([INPUTS.targetTicket]);
    expect(body.errors?.[INPUTS.targetTicket]).toContain(NO_SUCH_TICKET);
  });

  it('merging into something that is not a ticket number is refused on the target field', async () => {
    const number = await openSettled();
    const body = await submitOn(number, ACTIONS.more, `merge:${number}`, {
      [INPUTS.targetTicket]: { [INPUTS.targetTicket]: text('il ticket di ieri') },
    });
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors ?? {})).toEqual([INPUTS.targetTicket]);
  });

  it('a priority outside 1–5 is refused on the priority field', async () => {
    const number = await openSettled();
    const body = await submitOn(number, ACTIONS.more, `priority:${number}`, {
      [INPUTS.priority]: { [INPUTS.priority]: { type: 'static_select', selected_option: { value: '9' } } },
    });
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors ?? {})).toEqual([INPUTS.priority]);
  });

  it('merging a ticket into itself is refused on the target field', async () => {
    const number = await openSettled();
    const body = await submitOn(number, ACTIONS.more, `merge:${number}`, {
      [INPUTS.targetTicket]: { [INPUTS.targetTicket]: text(`Ticket#${number}`) },
    });
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors ?? {})).toEqual([INPUTS.targetTicket]);
    expect(body.errors?.[INPUTS.targetTicket]).toContain('se stesso');
  });
});
