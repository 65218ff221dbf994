import { describe, expect, it } from 'vitest';
import { FAKE_SLACK_DEFAULTS, messageText } from '../../src/fake-slack/fake-slack.js';
import { ACTIONS, INPUTS } from '../../src/views/ids.js';
import { ANNA, MARIA, PAOLO, STUDENT, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import {
  cardOf,
  HELPDESK_CHANNEL,
  newTicketValues,
  openedView,
  openFormOnCard,
  outboxSettled,
  ticketNumberIn,
} from '../support/flows.js';

/** The helpdesk takes requests in #richieste-it; the rest is the test desk as it is. */
const REQUESTS = 'C0RICHIEST';
const BIBLIOTECA = 'C0BIBLIOTE';
const DIDATTICA = 'C0DIDATTIC';
const GENERAL = 'C0GENERAL1';
const BOT = FAKE_SLACK_DEFAULTS.botUserId;
const INTAKE_CONFIG = `${TEST_CONFIG.replace(
  '    email: helpdesk@ateneo.example\n',
  `    email: helpdesk@ateneo.example\n    intake_channels: [${REQUESTS}]\n`,
)}intake:
  grouping_window_seconds: 120
`;

const h = useAppHarness(INTAKE_CONFIG);
const admin = { kind: 'slack', userId: ANNA } as const;
const settle = () => new Promise((resolve) => setTimeout(resolve, 250));

/** How many tickets the desk holds. */
async function ticketCount() {
  return (await h.db.select({ id: h.tables.tickets.id }).from(h.tables.tickets)).length;
}

/** The desk's receipt in the thread of the message at `ts`: the ticket number the author is told. */
async function receiptIn(channel: string, ts: string) {
  const receipt = await h.fake.waitFor(
    () => h.fake.thread(channel, ts).find((m) => m.user === BOT && messageText(m).includes('Ticket#')),
    5000,
    `a receipt in the thread of ${ts}`,
  );
  return ticketNumberIn(messageText(receipt));
}

/** `user` writes `text` in `channel` (in the thread of `threadTs`): Slack keeps it and sends the event. */
async function say(channel: string, user: string, text: string, threadTs?: string) {
  const message = h.fake.addMessage(channel, { user, text, ...(threadTs && { thread_ts: threadTs }) });
  return h.slack.messageEvent({ channel, user, text, ts: message.ts, ...(threadTs && { threadTs }) });
}

const receiptsIn = (channel: string, ts: string) =>
  h.fake.thread(channel, ts).filter((m) => m.user === BOT && messageText(m).includes('Ticket#'));

describe('the ticket emoji', () => {
  it("opens a ticket for the message's author in the channel's queue, with its text, files and a link, answered in its thread", async () => {
    const message = h.fake.addMessage(BIBLIOTECA, {
      user: STUDENT,
      text: 'Il catalogo non mostra i miei prestiti',
      files: [{ id: 'F0SCREEN01', name: 'prestiti.png', mimetype: 'image/png', size: 2048 }],
    });
    await h.slack.reactionAdded({
      user: PAOLO,
      reaction: 'ticket',
      channel: BIBLIOTECA,
      ts: message.ts,
      itemUser: STUDENT,
    });
    const number = await receiptIn(BIBLIOTECA, message.ts);
    const ticket = await h.sportello.desk.getTicket(admin, number);
    expect(ticket.customer.slackUserId).toBe(STUDENT);
    expect(ticket.queue.key).toBe('biblioteca');
    expect(ticket.ticket.title).toBe('Il catalogo non mostra i miei prestiti');
    const [request] = ticket.articles;
    expect(request?.body).toContain('Il catalogo non mostra i miei prestiti');
    expect(request?.body).toContain(`/archives/${BIBLIOTECA}/p${message.ts.replace('.', '')}`);
    expect(request?.attachments.map((a) => a.filename)).toEqual(['prestiti.png']);
    await outboxSettled(h);
    expect(cardOf(h, BIBLIOTECA, number)).toBeTruthy();
  });

  it('a second reaction, by anyone, and a Slack retry open nothing new', async () => {
    const message = h.fake.addMessage(BIBLIOTECA, { user: STUDENT, text: 'La tessera è scaduta' });
    const first = await h.slack.reactionAdded({
      user: PAOLO,
      reaction: 'ticket',
      channel: BIBLIOTECA,
      ts: message.ts,
    });
    await receiptIn(BIBLIOTECA, message.ts);
    await h.slack.replay(first, { retryNum: 1, retryReason: 'http_timeout' });
    await h.slack.reactionAdded({ user: ANNA, reaction: 'ticket', channel: BIBLIOTECA, ts: message.ts });
    await h.slack.reactionAdded({ user: STUDENT, reaction: 'ticket', channel: BIBLIOTECA, ts: message.ts });
    await settle();
    await outboxSettled(h);
    expect(await ticketCount()).toBe(1);
    expect(receiptsIn(BIBLIOTECA, message.ts)).toHaveLength(1);
  });

  it("another emoji, a bot's message, a join message or the app's own reaction open nothing", async () => {
    const person = h.fake.addMessage(BIBLIOTECA, { user: STUDENT, text: 'Orari di sabato?' });
    await h.slack.reactionAdded({ user: PAOLO, reaction: 'eyes', channel: BIBLIOTECA, ts: person.ts });
    await h.slack.reactionAdded({ user: BOT, reaction: 'ticket', channel: BIBLIOTECA, ts: person.ts });
    const bot = h.fake.addMessage(BIBLIOTECA, {
      user: 'U0OTHERBOT',
      bot_id: 'B0OTHER001',
      text: 'Build failed',
    });
    await h.slack.reactionAdded({ user: PAOLO, reaction: 'ticket', channel: BIBLIOTECA, ts: bot.ts });
    const join = h.fake.addMessage(BIBLIOTECA, {
      user: STUDENT,
      subtype: 'channel_join',
      text: '<@U0STUDENT1> has joined the channel',
    });
    await h.slack.reactionAdded({ user: PAOLO, reaction: 'ticket', channel: BIBLIOTECA, ts: join.ts });
    await settle();
    expect(await ticketCount()).toBe(0);
  });

  it("in a channel of no queue offers whoever reacted the form, prefilled; the ticket is the author's", async () => {
    const message = h.fake.addMessage(GENERAL, {
      user: STUDENT,
      text: 'Qualcuno sa come si stampa in aula 3?',
    });
    await h.slack.reactionAdded({ user: MARIA, reaction: 'ticket', channel: GENERAL, ts: message.ts });
    const offer = await h.fake.waitFor(() => h.fake.ephemerals(GENERAL).find((e) => e.user === MARIA));
    const triggerId = h.slack.triggerId();
    const button = JSON.stringify(offer.blocks).match(/"value":"([^"]+)"/)?.[1] ?? '';
    await h.slack.blockAction({
      userId: MARIA,
      actionId: ACTIONS.intakeForm,
      value: button,
      channelId: GENERAL,
      messageTs: offer.message_ts,
      isEphemeral: true,
      triggerId,
    });
    const view = await openedView(h, triggerId);
    expect(JSON.stringify(view.blocks)).toContain('Qualcuno sa come si stampa in aula 3?');
    const submitted = await h.slack.viewSubmission({
      userId: MARIA,
      view,
      values: newTicketValues({
        queue: 'helpdesk',
        subject: 'Stampa in aula 3',
        description: 'Qualcuno sa come si stampa in aula 3?',
        customer: STUDENT,
      }),
    });
    expect(submitted.body).toBeFalsy();
    const number = await receiptIn(GENERAL, message.ts);
    const ticket = await h.sportello.desk.getTicket(admin, number);
    expect([ticket.customer.slackUserId, ticket.queue.key]).toEqual([STUDENT, 'helpdesk']);
  });
});

describe('a mention', () => {
  it("in a queue's channel opens a ticket there with the text after the mention", async () => {
    const sent = await h.slack.appMention({
      user: STUDENT,
      channel: DIDATTICA,
      text: `<@${BOT}> non trovo il mio libretto online`,
    });
    const number = await receiptIn(DIDATTICA, sent.ts);
    const ticket = await h.sportello.desk.getTicket(admin, number);
    expect([ticket.queue.key, ticket.ticket.title]).toEqual([
      'didattica',
      'non trovo il mio libretto online',
    ]);
  });

  it('in another channel asks its author which queue, privately, and opens the ticket there', async () => {
    const text = `<@${BOT}> il proiettore dell'aula magna non si accende`;
    const message = h.fake.addMessage(GENERAL, { user: STUDENT, text });
    const sent = await h.slack.appMention({ user: STUDENT, channel: GENERAL, text, ts: message.ts });
    const question = await h.fake.waitFor(() => h.fake.ephemerals(GENERAL).find((e) => e.user === STUDENT));
    // Slack's retry of the mention asks nothing more.
    await h.slack.replay(sent, { retryNum: 1, retryReason: 'http_timeout' });
    await settle();
    expect(h.fake.ephemerals(GENERAL).filter((e) => e.user === STUDENT)).toHaveLength(1);
    const buttons = [
      ...JSON.stringify(question.blocks).matchAll(/"action_id":"(intake_queue_\d+)".*?"value":"([^"]+)"/g),
    ];
    const helpdesk = buttons.find(([, , value]) => value?.startsWith('helpdesk|'));
    expect(buttons.length).toBeGreaterThan(1);
    await h.slack.blockAction({
      userId: STUDENT,
      actionId: helpdesk?.[1] ?? '',
      value: helpdesk?.[2] ?? '',
      channelId: GENERAL,
      messageTs: question.message_ts,
      isEphemeral: true,
    });
    const number = await receiptIn(GENERAL, message.ts);
    expect((await h.sportello.desk.getTicket(admin, number)).queue.key).toBe('helpdesk');
  });

  it('by another bot or by the app itself opens nothing and asks nothing', async () => {
    await h.slack.appMention({
      user: 'U0OTHERBOT',
      botId: 'B0OTHER001',
      channel: DIDATTICA,
      text: `<@${BOT}> build failed`,
    });
    await h.slack.appMention({
      user: BOT,
      botId: FAKE_SLACK_DEFAULTS.botId,
      channel: GENERAL,
      text: `<@${BOT}> Ticket#1`,
    });
    await settle();
    await outboxSettled(h);
    expect(await ticketCount()).toBe(0);
    expect(h.fake.ephemerals(GENERAL)).toEqual([]);
    expect(h.fake.ephemerals(DIDATTICA)).toEqual([]);
  });
});

describe("the app's DM", () => {
  it('a message outside any ticket thread asks which queue, then opens the ticket; replies in its thread follow up', async () => {
    const dm = h.fake.dmChannelOf(STUDENT);
    const message = h.fake.addMessage(dm, { user: STUDENT, text: 'Non riesco ad accedere alla posta' });
    const sent = await h.slack.messageEvent({
      channel: dm,
      user: STUDENT,
      text: 'Non riesco ad accedere alla posta',
      ts: message.ts,
    });
    const questions = () =>
      h.fake
        .thread(dm, message.ts)
        .filter((m) => m.user === BOT && JSON.stringify(m.blocks).includes('intake_queue_'));
    const question = await h.fake.waitFor(() => questions()[0]);
    // Slack's retry of the message asks nothing more.
    await h.slack.replay(sent, { retryNum: 1, retryReason: 'http_timeout' });
    await settle();
    expect(questions()).toHaveLength(1);
    const [, actionId, value] =
      JSON.stringify(question.blocks).match(
        /"action_id":"(intake_queue_\d+)".*?"value":"(helpdesk\|[^"]+)"/,
      ) ?? [];
    await h.slack.blockAction({
      userId: STUDENT,
      actionId: actionId ?? '',
      value,
      channelId: dm,
      message: question,
    });
    const number = await receiptIn(dm, message.ts);
    await h.slack.messageEvent({ channel: dm, user: STUDENT, text: 'Uso Thunderbird', threadTs: message.ts });
    await h.fake.waitFor(async () =>
      (await h.sportello.desk.getTicket(admin, number)).articles.find((a) => a.body === 'Uso Thunderbird'),
    );
    // Pressing again, or the message again from Slack, opens nothing new.
    await h.slack.blockAction({
      userId: STUDENT,
      actionId: actionId ?? '',
      value,
      channelId: dm,
      message: question,
    });
    await settle();
    expect(await ticketCount()).toBe(1);
  });

  it('a queue button changed to a queue not open to its author is refused in words and opens nothing', async () => {
    const dm = h.fake.dmChannelOf(STUDENT);
    const text = 'Mi serve un accesso ai server di calcolo';
    const message = h.fake.addMessage(dm, { user: STUDENT, text });
    await h.slack.messageEvent({ channel: dm, user: STUDENT, text, ts: message.ts });
    const question = await h.fake.waitFor(() =>
      h.fake
        .thread(dm, message.ts)
        .find((m) => m.user === BOT && JSON.stringify(m.blocks).includes('intake_queue_')),
    );
    // sistemi is not open to customers: the button never offers it, a forged value names it.
    await h.slack.blockAction({
      userId: STUDENT,
      actionId: 'intake_queue_0',
      value: `sistemi|${dm}|${message.ts}`,
      channelId: dm,
      message: question,
    });
    const refusal = await h.fake.waitFor(() =>
      [...h.fake.ephemerals(dm), ...h.fake.messages(dm)].find((m) =>
        messageText(m).includes('You are not allowed to open tickets'),
      ),
    );
    expect(messageText(refusal)).toContain('Sistemi');
    await settle();
    expect(await ticketCount()).toBe(0);
  });

  it('closing words open nothing', async () => {
    const dm = h.fake.dmChannelOf(STUDENT);
    for (const text of ['grazie!', 'Ok, thanks 🙏'])
      await h.slack.messageEvent({ channel: dm, user: STUDENT, text });
    await settle();
    expect(h.fake.messages(dm).filter((m) => m.user === BOT)).toHaveLength(0);
    expect(await ticketCount()).toBe(0);
  });
});

describe('a request channel', () => {
  it('turns a top-level message into a ticket of its queue, answered in its thread', async () => {
    const sent = await say(REQUESTS, STUDENT, 'La stampante del secondo piano è in errore');
    const number = await receiptIn(REQUESTS, sent.ts);
    const ticket = await h.sportello.desk.getTicket(admin, number);
    expect([ticket.queue.key, ticket.customer.slackUserId]).toEqual(['helpdesk', STUDENT]);
    await outboxSettled(h);
    expect(cardOf(h, HELPDESK_CHANNEL, number)).toBeTruthy();
  });

  it.each([
    ['a closing word', 'grazie'],
    ['closing words together', 'ok thanks'],
    ['with punctuation and emoji', 'Grazie mille, a presto! 🙏'],
    ['emoji only', '👍 :pray:'],
  ])('opens nothing for %s ("%s")', async (_rule, text) => {
    await h.slack.messageEvent({ channel: REQUESTS, user: STUDENT, text });
    await settle();
    expect(await ticketCount()).toBe(0);
    expect(h.fake.messages(REQUESTS).filter((m) => m.user === BOT)).toHaveLength(0);
  });

  it('a closing word that also asks something is a request', async () => {
    const sent = await say(REQUESTS, STUDENT, 'grazie, ma il wifi in biblioteca non va ancora');
    await receiptIn(REQUESTS, sent.ts);
  });

  it("the same person's messages within the grouping window join their ticket; later, or someone else's, open new ones", async () => {
    // The desk's time goes back, not forward: deliveries wait for the real time the desk says it is.
    const now = h.clock.now().getTime();
    const at = (secondsAgo: number) => h.clock.set(new Date(now - secondsAgo * 1000));
    at(300);
    const first = await say(REQUESTS, STUDENT, 'Il PC dell’aula 5 non parte');
    const number = await receiptIn(REQUESTS, first.ts);
    at(210);
    const second = await say(REQUESTS, STUDENT, 'Fa tre bip all’accensione');
    await h.fake.waitFor(async () =>
      (await h.sportello.desk.getTicket(admin, number)).articles.find((a) => a.body.startsWith('Fa tre bip')),
    );
    const other = await say(REQUESTS, 'U0STUDENT2', 'Anche il proiettore');
    const otherNumber = await receiptIn(REQUESTS, other.ts);
    expect(otherNumber).not.toBe(number);
    at(0);
    const later = await say(REQUESTS, STUDENT, 'Ora non va la rete');
    const laterNumber = await receiptIn(REQUESTS, later.ts);
    expect(laterNumber).not.toBe(number);
    await outboxSettled(h);
    expect(await ticketCount()).toBe(3);
    expect(receiptsIn(REQUESTS, second.ts)).toHaveLength(0);
  });

  it('Slack retries, bots, the app itself and non-person messages open nothing more', async () => {
    const sent = await say(REQUESTS, STUDENT, 'Scanner guasto');
    await receiptIn(REQUESTS, sent.ts);
    await h.slack.replay(sent, { retryNum: 1, retryReason: 'http_timeout' });
    await h.slack.messageEvent({
      channel: REQUESTS,
      botId: 'B0OTHER001',
      user: 'U0OTHERBOT',
      text: 'Build failed',
    });
    await h.slack.messageEvent({
      channel: REQUESTS,
      botId: FAKE_SLACK_DEFAULTS.botId,
      user: BOT,
      text: 'Ticket#1',
    });
    await h.slack.messageEvent({
      channel: REQUESTS,
      user: 'U0STUDENT2',
      subtype: 'channel_join',
      text: 'joined',
    });
    await settle();
    await outboxSettled(h);
    expect(await ticketCount()).toBe(1);
  });

  it("the conversation goes on in the thread: the customer's replies follow up, operators' replies come back there, notes do not", async () => {
    const sent = await say(REQUESTS, STUDENT, 'Password scaduta');
    const number = await receiptIn(REQUESTS, sent.ts);
    await say(REQUESTS, STUDENT, 'Il mio utente è sgallo', sent.ts);
    await h.fake.waitFor(async () =>
      (await h.sportello.desk.getTicket(admin, number)).articles.find(
        (a) => a.body === 'Il mio utente è sgallo',
      ),
    );
    await outboxSettled(h);
    const reply = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.reply);
    const answer = 'Ti ho mandato un link per reimpostarla.';
    await h.slack.viewSubmission({
      userId: MARIA,
      view: reply,
      values: { [INPUTS.body]: { [INPUTS.body]: { type: 'plain_text_input', value: answer } } },
    });
    await h.fake.waitFor(() => h.fake.thread(REQUESTS, sent.ts).find((m) => messageText(m).includes(answer)));
    const note = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.note);
    await h.slack.viewSubmission({
      userId: MARIA,
      view: note,
      values: {
        [INPUTS.body]: { [INPUTS.body]: { type: 'plain_text_input', value: 'Account sbloccato a mano' } },
      },
    });
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    await h.fake.waitFor(() =>
      h.fake
        .thread(HELPDESK_CHANNEL, card?.ts ?? '')
        .find((m) => messageText(m).includes('Account sbloccato')),
    );
    await outboxSettled(h);
    expect(messageText(h.fake.thread(REQUESTS, sent.ts))).not.toContain('Account sbloccato');
    expect(h.fake.messages(h.fake.dmChannelOf(STUDENT))).toHaveLength(0);
  });
});
