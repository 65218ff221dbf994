import { describe, expect, it } from 'vitest';
import { slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';
import { type FakeMessage, type JsonValue, messageText } from '../../src/fake-slack/fake-slack.js';
import type { ViewInput, ViewValuesInput } from '../../src/fake-slack/slack-requests.js';
import { ACTIONS, INPUTS, VIEWS } from '../../src/views/ids.js';
import { ANNA, GIULIA, LUCA, MARIA, STUDENT, useAppHarness } from '../support/app-harness.js';
import {
  cardOf,
  dmOf,
  escalateInSlack,
  HELPDESK_CHANNEL,
  openFormOnCard,
  openTicketInSlack,
  outboxSettled,
  pressMore,
  pressOnCard,
  RETI_CHANNEL,
  waitForCard,
  waitForMessageWith,
} from '../support/flows.js';

const h = useAppHarness();

const DESK = { kind: 'system', label: 'test' } as const;

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** The action ids of a message's buttons and menus. */
function actionIdsOf(message: FakeMessage | undefined): string[] {
  const ids: string[] = [];
  for (const block of message?.blocks ?? []) {
    if (!isObject(block) || block.type !== 'actions' || !Array.isArray(block.elements)) continue;
    for (const element of block.elements) {
      if (isObject(element) && typeof element.action_id === 'string') ids.push(element.action_id);
    }
  }
  return ids;
}

/** The option values offered by the input block `blockId` of a view. */
function optionValues(blocks: JsonValue[], blockId: string): string[] {
  const block = blocks.find((b) => isObject(b) && b.block_id === blockId);
  return [...JSON.stringify(block ?? {}).matchAll(/"value":"([^"]*)"/g)].map((m) => m[1] ?? '');
}

function ticket(number: string) {
  return h.sportello.desk.getTicket(DESK, ticketNumberOf(number));
}

const text = (value: string | null) => ({ type: 'plain_text_input', value });
const select = (value: string) => ({ type: 'static_select', selected_option: { value, text: value } });
const radio = (value: string) => ({ type: 'radio_buttons', selected_option: { value, text: value } });

async function submit(userId: string, view: ViewInput, values: ViewValuesInput) {
  const response = await h.slack.viewSubmission({ userId, view, values });
  expect(response.status).toBe(200);
  expect(response.body).toBe('');
  return response;
}

describe('Reply and Note from the card', () => {
  it('Reply opens its form; the reply reaches the customer’s DM thread and the card’s thread, and the ticket is open', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const receipt = await h.fake.waitFor(() => dmOf(h, STUDENT)[0]);
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.reply);
    expect(view.callback_id).toBe(VIEWS.reply);
    expect(messageText(view.blocks)).toContain(`Ticket#${number}`);

    const reply = 'Prova a dimenticare la rete e a ricollegarti con le credenziali di ateneo.';
    await submit(MARIA, view, { [INPUTS.body]: { [INPUTS.body]: text(reply) } });

    const dm = await waitForMessageWith(h, h.fake.dmChannelOf(STUDENT), reply);
    expect(dm.thread_ts).toBe(receipt.ts);
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    if (!card) throw new Error('no card');
    await h.fake.waitFor(() =>
      h.fake.thread(HELPDESK_CHANNEL, card.ts).find((m) => messageText(m).includes(reply)),
    );
    await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('*Stato*\naperto'));
    expect((await ticket(number)).ticket.state).toBe('open');
  });

  it('Note is posted in the card’s thread and never in the customer’s DM', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.note);
    expect(view.callback_id).toBe(VIEWS.note);
    const note = 'Controllato il RADIUS: account bloccato per troppi tentativi.';
    await submit(MARIA, view, { [INPUTS.body]: { [INPUTS.body]: text(note) } });

    const card = cardOf(h, HELPDESK_CHANNEL, number);
    if (!card) throw new Error('no card');
    await h.fake.waitFor(() =>
      h.fake.thread(HELPDESK_CHANNEL, card.ts).find((m) => messageText(m).includes(note)),
    );
    await outboxSettled(h);
    expect(dmOf(h, STUDENT).length).toBeGreaterThan(0);
    for (const message of dmOf(h, STUDENT)) expect(messageText(message)).not.toContain(note);
    const calls = h.fake
      .calls('chat.postMessage')
      .filter((c) => String(c.args.channel ?? '').includes(STUDENT));
    for (const call of calls) expect(JSON.stringify(call.args)).not.toContain('RADIUS');
    expect((await ticket(number)).articles.find((a) => a.body === note)?.customerVisible).toBe(false);
  });
});

describe('escalation and back', () => {
  it('Escalate offers reti and posta only; the ticket gets a card in reti, the helpdesk card says where it went', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.escalate);
    expect(view.callback_id).toBe(VIEWS.escalate);
    expect(optionValues(view.blocks, INPUTS.subQueue).sort()).toEqual(['posta', 'reti']);

    const reason = 'Serve un controllo sugli access point della biblioteca centrale.';
    await submit(MARIA, view, {
      [INPUTS.subQueue]: { [INPUTS.subQueue]: select('reti') },
      [INPUTS.reason]: { [INPUTS.reason]: text(reason) },
    });

    const retiCard = await h.fake.waitFor(() => cardOf(h, RETI_CHANNEL, number), 5000, 'the reti card');
    expect(actionIdsOf(retiCard)).toContain(ACTIONS.claim);
    const helpdeskCard = await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('Reti e Wi-Fi'));
    expect(messageText(helpdeskCard)).toContain('spostato in Reti e Wi-Fi');
    expect(actionIdsOf(helpdeskCard)).toEqual([]);
    await h.fake.waitFor(
      () => h.fake.thread(RETI_CHANNEL, retiCard.ts).find((m) => messageText(m).includes(reason)),
      5000,
      'the reason in the reti thread',
    );
    expect((await ticket(number)).queue.key).toBe('reti');
    await outboxSettled(h);
    for (const message of dmOf(h, STUDENT)) {
      expect(messageText(message)).not.toContain('Reti e Wi-Fi');
      expect(messageText(message)).not.toContain(reason);
    }

    // The customer still sees the first-level queue, and not the internal reason.
    const lookup = await h.slack.command({ text: number, userId: STUDENT, channelId: 'C0GENERAL1' });
    expect(lookup.status).toBe(200);
    const shown = messageText(lookup.json());
    expect(shown).toContain(`Ticket#${number}`);
    expect(shown).toContain('Helpdesk informatico');
    expect(shown).not.toContain('Reti e Wi-Fi');
    expect(shown).not.toContain(reason);
  });

  it('in reti, luca claims and sends the ticket back: the helpdesk card is active again', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    await escalateInSlack(h, MARIA, number, 'reti', 'Access point guasto?', RETI_CHANNEL);
    await pressOnCard(h, LUCA, RETI_CHANNEL, number, ACTIONS.claim);
    await waitForCard(h, RETI_CHANNEL, number, (t) => t.includes('<@U0LUCA0001>'));
    expect((await ticket(number)).owner?.slackUserId).toBe(LUCA);

    const view = await openFormOnCard(h, LUCA, RETI_CHANNEL, number, ACTIONS.more, `send_back:${number}`);
    expect(view.callback_id).toBe(VIEWS.sendBack);
    expect(messageText(view.blocks)).toContain('Helpdesk informatico');
    await submit(LUCA, view, {
      [INPUTS.reason]: { [INPUTS.reason]: text('La rete funziona: è un problema di account.') },
    });

    const helpdeskCard = await waitForCard(h, HELPDESK_CHANNEL, number, (t) => !t.includes('spostato in'));
    await h.fake.waitFor(
      () =>
        h.fake
          .thread(HELPDESK_CHANNEL, helpdeskCard.ts)
          .find((m) => messageText(m).includes('problema di account')),
      5000,
      'the reason in the helpdesk thread',
    );
    expect(actionIdsOf(helpdeskCard)).toEqual(
      expect.arrayContaining([ACTIONS.claim, ACTIONS.reply, ACTIONS.escalate, ACTIONS.more]),
    );
    const retiCard = await waitForCard(h, RETI_CHANNEL, number, (t) => t.includes('spostato in'));
    expect(actionIdsOf(retiCard)).toEqual([]);
    expect(
      h.fake.messages(HELPDESK_CHANNEL).filter((m) => !m.thread_ts || m.thread_ts === m.ts),
    ).toHaveLength(1);
    expect((await ticket(number)).queue.key).toBe('helpdesk');
  });
});

describe('the More menu', () => {
  it('assign: the chosen operator becomes owner and is told by DM', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.more, `assign:${number}`);
    expect(view.callback_id).toBe(VIEWS.assign);
    expect(JSON.stringify(view.blocks)).toContain('users_select');
    await submit(MARIA, view, {
      [INPUTS.user]: { [INPUTS.user]: { type: 'users_select', selected_user: ANNA } },
    });

    await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('*Operatore*\n<@U0ANNA0001>'));
    expect((await ticket(number)).owner?.slackUserId).toBe(ANNA);
    const notice = await waitForMessageWith(h, h.fake.dmChannelOf(ANNA), `Ticket#${number}`);
    expect(messageText(notice)).toMatch(/assegnato|assigned/);
  });

  it('responsible: the card names the responsible, who is told by DM', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const view = await openFormOnCard(
      h,
      MARIA,
      HELPDESK_CHANNEL,
      number,
      ACTIONS.more,
      `responsible:${number}`,
    );
    expect(view.callback_id).toBe(VIEWS.responsible);
    await submit(MARIA, view, {
      [INPUTS.user]: { [INPUTS.user]: { type: 'users_select', selected_user: GIULIA } },
    });
    await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('*Responsabile*\n<@U0GIULIA01>'));
    expect((await ticket(number)).responsible?.slackUserId).toBe(GIULIA);
    // Giulia also asked for a DM about every new ticket: the notice is the one about being made responsible.
    await h.fake.waitFor(() =>
      h.fake
        .messages(h.fake.dmChannelOf(GIULIA))
        .find(
          (m) =>
            messageText(m).includes(`Ticket#${number}`) && /responsabile|responsible/i.test(messageText(m)),
        ),
    );
  });

  it('priority: the card shows the new priority', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.more, `priority:${number}`);
    expect(view.callback_id).toBe(VIEWS.priority);
    expect(optionValues(view.blocks, INPUTS.priority)).toEqual(expect.arrayContaining(['1', '3', '5']));
    await submit(MARIA, view, { [INPUTS.priority]: { [INPUTS.priority]: select('5') } });
    await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('*Priorità*\n5 '));
    expect((await ticket(number)).ticket.priority).toBe(5);
  });

  it('pending: the wall-clock time is read in Europe/Rome, the card shows it and the customer is told', async () => {
    // The desk's clock at 10:00 in Rome, a winter day (UTC+1); before the real time, so the outbox is due.
    h.clock.set(new Date('2026-11-29T09:00:00Z'));
    const number = await openTicketInSlack(h, STUDENT);
    await h.fake.waitFor(() => dmOf(h, STUDENT)[0]);
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.more, `pending:${number}`);
    expect(view.callback_id).toBe(VIEWS.pending);
    // Proposed: tomorrow at the same wall-clock time in Rome.
    const blocks = JSON.stringify(view.blocks);
    expect(blocks).toContain('"initial_date":"2026-11-30"');
    expect(blocks).toContain('"initial_time":"10:00"');

    await submit(MARIA, view, {
      [INPUTS.pendingState]: { [INPUTS.pendingState]: radio('pending_reminder') },
      [INPUTS.pendingDate]: { [INPUTS.pendingDate]: { type: 'datepicker', selected_date: '2026-12-01' } },
      [INPUTS.pendingTime]: { [INPUTS.pendingTime]: { type: 'timepicker', selected_time: '09:00' } },
    });

    const details = (await ticket(number)).ticket;
    expect(details.state).toBe('pending_reminder');
    expect(details.pendingUntil?.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    const card = await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('in attesa (promemoria)'));
    expect(messageText(card)).toContain('01/12/2026 09:00');
    await waitForMessageWith(h, h.fake.dmChannelOf(STUDENT), 'We are waiting for your answer');
  });

  it('close with a message: the customer gets the message and the closed notice; the card offers no work', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    await pressOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.claim);
    await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('<@U0MARIA001>'));
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.close);
    expect(view.callback_id).toBe(VIEWS.close);
    const goodbye = 'Account sbloccato, ora dovrebbe funzionare.';
    await submit(MARIA, view, {
      [INPUTS.closeState]: { [INPUTS.closeState]: radio('closed_successful') },
      [INPUTS.message]: { [INPUTS.message]: text(goodbye) },
    });

    const dm = h.fake.dmChannelOf(STUDENT);
    await waitForMessageWith(h, dm, goodbye);
    await waitForMessageWith(h, dm, 'was closed');
    const card = await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('chiuso con successo'));
    const ids = actionIdsOf(card);
    expect(ids).not.toContain(ACTIONS.claim);
    expect(ids).not.toContain(ACTIONS.release);
    expect(ids).not.toContain(ACTIONS.reply);
    expect(ids).not.toContain(ACTIONS.close);
    expect((await ticket(number)).ticket.state).toBe('closed_successful');
  });

  it('merge by typing Ticket#<n>: the source card says where it was merged', async () => {
    const source = await openTicketInSlack(h, STUDENT, { subject: 'Wi-Fi lento' });
    const target = await openTicketInSlack(h, STUDENT, { subject: 'Eduroam non va' });
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, source, ACTIONS.more, `merge:${source}`);
    expect(view.callback_id).toBe(VIEWS.merge);
    await submit(MARIA, view, { [INPUTS.targetTicket]: { [INPUTS.targetTicket]: text(`Ticket#${target}`) } });

    await waitForCard(h, HELPDESK_CHANNEL, source, (t) => t.includes(`Unito al Ticket#${target}`));
    expect((await ticket(source)).ticket.state).toBe('merged');
    expect((await ticket(source)).links.mergedInto).toBe(target);
    expect((await ticket(target)).ticket.state).toBe('new');
  });

  it('history lists the articles and the events', async () => {
    const number = await openTicketInSlack(h, STUDENT, { description: 'Da ieri non mi connetto.' });
    const note = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.note);
    await submit(MARIA, note, { [INPUTS.body]: { [INPUTS.body]: text('Nota per i colleghi') } });
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.more, `history:${number}`);
    expect(view.callback_id).toBe(VIEWS.history);
    const shown = messageText(view.blocks);
    expect(shown).toContain('Da ieri non mi connetto.');
    expect(shown).toContain('Nota per i colleghi');
    expect(shown).toContain('Ticket creato');
    expect(shown).toContain('Nota aggiunta');
  });

  it('watch confirms privately; a second watch stops it', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    await pressMore(h, MARIA, HELPDESK_CHANNEL, number, 'watch');
    const started = await h.fake.waitFor(() =>
      h.fake.ephemerals(HELPDESK_CHANNEL).find((e) => e.user === MARIA),
    );
    expect(messageText(started)).toContain(`Ora segui il Ticket#${number}`);
    expect((await ticket(number)).watchers.map((w) => w.slackUserId)).toEqual([MARIA]);

    await pressMore(h, MARIA, HELPDESK_CHANNEL, number, 'watch');
    const stopped = await h.fake.waitFor(
      () => h.fake.ephemerals(HELPDESK_CHANNEL).filter((e) => e.user === MARIA)[1],
    );
    expect(messageText(stopped)).toContain(`Non segui più il Ticket#${number}`);
    expect((await ticket(number)).watchers).toEqual([]);
  });
});

describe('the customer’s side', () => {
  it('“It’s solved” in the DM receipt closes the ticket', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const dm = h.fake.dmChannelOf(STUDENT);
    const receipt = await h.fake.waitFor(() => dmOf(h, STUDENT)[0]);
    expect(actionIdsOf(receipt)).toContain(ACTIONS.customerSolved);
    const triggerId = h.slack.triggerId();
    const response = await h.slack.blockAction({
      userId: STUDENT,
      actionId: ACTIONS.customerSolved,
      value: number,
      channelId: dm,
      message: receipt,
      triggerId,
    });
    expect(response.status).toBe(200);

    await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('chiuso con successo'));
    expect((await ticket(number)).ticket.state).toBe('closed_successful');
    await waitForMessageWith(h, dm, 'was closed');
    expect(h.fake.ephemerals().filter((e) => e.user === STUDENT)).toEqual([]);
    expect(h.fake.viewByTrigger(triggerId)).toBeUndefined();
  });
});

describe('a closed ticket', () => {
  it('is reopened from its card by an operator, and never by its customer', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    await h.sportello.desk.closeTicket(
      { kind: 'slack', userId: slackUserIdOf(MARIA) },
      ticketNumberOf(number),
      {
        state: 'closed_successful',
      },
    );
    await h.sportello.worker?.kick();
    const claimable = () =>
      JSON.stringify(cardOf(h, HELPDESK_CHANNEL, number)?.blocks).includes(ACTIONS.claim);
    await h.fake.waitFor(() => !claimable() || undefined);
    await pressOnCard(h, STUDENT, HELPDESK_CHANNEL, number, ACTIONS.more, `reopen:${number}`);
    await h.fake.waitFor(() => h.fake.ephemerals(HELPDESK_CHANNEL).find((e) => e.user === STUDENT));
    expect((await ticket(number)).ticket.state).toBe('closed_successful');
    await pressOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.more, `reopen:${number}`);
    await h.fake.waitFor(async () => (await ticket(number)).ticket.state === 'open' || undefined);
    await h.fake.waitFor(() => claimable() || undefined);
  });
});
