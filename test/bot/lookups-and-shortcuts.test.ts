import { describe, expect, it } from 'vitest';
import { slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import { MARIA, PAOLO, STUDENT, useAppHarness } from '../support/app-harness.js';
import {
  cardOf,
  HELPDESK_CHANNEL,
  newTicketValues,
  openedView,
  openTicketInSlack,
} from '../support/flows.js';

const h = useAppHarness();

async function ticketCommand(userId: string, text: string) {
  const response = await h.slack.command({ text, userId, channelId: 'C0GENERAL1' });
  expect(response.status).toBe(200);
  return response.body ? messageText(response.json()) : '';
}

describe('/ticket lookups', () => {
  it('/ticket <number> shows staff everything and the customer only their visible part', async () => {
    const number = await openTicketInSlack(h, STUDENT, { subject: 'VPN lenta' });
    await h.sportello.desk.addArticle(
      { kind: 'slack', userId: slackUserIdOf(MARIA) },
      ticketNumberOf(number),
      {
        kind: 'note',
        channel: 'internal',
        body: 'nota riservata',
      },
    );
    expect(await ticketCommand(MARIA, number)).toContain('nota riservata');
    const customerView = await ticketCommand(STUDENT, `Ticket#${number}`);
    expect(customerView).toContain('VPN lenta');
    expect(customerView).not.toContain('nota riservata');
    const refused = await ticketCommand('U0STUDENT2', number);
    expect(refused).not.toContain('VPN lenta');
  });

  it('/ticket mine, /ticket search and /ticket help', async () => {
    const number = await openTicketInSlack(h, STUDENT, { subject: 'Stampante del terzo piano' });
    expect(await ticketCommand(STUDENT, 'mine')).toContain(number);
    expect(await ticketCommand(MARIA, 'search stampante')).toContain(number);
    expect(await ticketCommand(PAOLO, 'search stampante')).not.toContain(number);
    expect(await ticketCommand(STUDENT, 'search stampante')).not.toContain(number);
    expect(await ticketCommand(STUDENT, 'help')).toContain('/ticket');
  });
});

describe('shortcuts', () => {
  it('"New ticket" opens the form', async () => {
    const triggerId = h.slack.triggerId();
    await h.slack.globalShortcut({ userId: STUDENT, callbackId: 'sportello_new_ticket', triggerId });
    const view = await openedView(h, triggerId);
    expect(view.callback_id).toBe('sportello_new_ticket_modal');
  });

  it("an operator opening a ticket from someone else's message makes that person the customer", async () => {
    const message = h.fake.addMessage('C0GENERAL1', {
      user: STUDENT,
      text: 'Il proiettore in aula 5 non si accende',
    });
    const triggerId = h.slack.triggerId();
    await h.slack.messageShortcut({
      userId: MARIA,
      callbackId: 'sportello_ticket_from_message',
      channelId: 'C0GENERAL1',
      message,
      triggerId,
    });
    const view = await openedView(h, triggerId);
    expect(JSON.stringify(view.blocks)).toContain('Il proiettore in aula 5');
    expect(JSON.stringify(view.blocks)).toContain('https://fake.slack.test/archives/C0GENERAL1/p');
    await h.slack.viewSubmission({
      userId: MARIA,
      view,
      values: newTicketValues({
        queue: 'helpdesk',
        subject: 'Proiettore aula 5',
        description: 'Il proiettore in aula 5 non si accende',
      }),
    });
    const card = await h.fake.waitFor(() => h.fake.messages(HELPDESK_CHANNEL)[0]);
    const number = messageText(card).match(/Ticket#(\d+)/)?.[1] as string;
    const details = await h.sportello.desk.getTicket(
      { kind: 'slack', userId: slackUserIdOf(MARIA) },
      ticketNumberOf(number),
    );
    expect(details.customer.slackUserId).toBe(STUDENT);
    await h.fake.waitFor(() =>
      h.fake.messages(h.fake.dmChannelOf(STUDENT)).find((m) => messageText(m).includes(number)),
    );
  });

  it('"Send to customer" on a message in the ticket thread opens the reply form with it', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    const message = h.fake.addMessage(HELPDESK_CHANNEL, {
      user: MARIA,
      text: 'Prova a dimenticare la rete e riconnetterti',
      thread_ts: card?.ts,
    });
    const triggerId = h.slack.triggerId();
    await h.slack.messageShortcut({
      userId: MARIA,
      callbackId: 'sportello_send_to_customer',
      channelId: HELPDESK_CHANNEL,
      message,
      triggerId,
    });
    const view = await openedView(h, triggerId);
    expect(view.callback_id).toBe('sportello_reply_modal');
    expect(JSON.stringify(view.blocks)).toContain('Prova a dimenticare la rete');
  });
});

describe('App Home', () => {
  it('shows a customer their open requests and an operator their queues', async () => {
    const number = await openTicketInSlack(h, STUDENT, { subject: 'Password scaduta' });
    await h.slack.appHomeOpened(STUDENT);
    const home = await h.fake.waitFor(() => h.fake.homeView(STUDENT));
    expect(messageText(home)).toContain('Password scaduta');
    await h.slack.appHomeOpened(MARIA);
    const operatorHome = await h.fake.waitFor(() => h.fake.homeView(MARIA));
    expect(messageText(operatorHome)).toContain('Helpdesk informatico');
    expect(messageText(operatorHome)).toContain(number);
  });
});

describe('when Slack fails', () => {
  it('a rate-limited card post is retried after Retry-After and arrives exactly once', async () => {
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const triggerId = h.slack.triggerId();
    await h.slack.command({ text: '', userId: STUDENT, channelId: 'C0GENERAL1', triggerId });
    const view = await openedView(h, triggerId);
    await h.slack.viewSubmission({
      userId: STUDENT,
      view,
      values: newTicketValues({ queue: 'helpdesk', subject: 'Wi-Fi' }),
    });
    const card = await h.fake.waitFor(() => h.fake.messages(HELPDESK_CHANNEL)[0], 8000);
    expect(messageText(card)).toContain('Wi-Fi');
    await h.fake.waitFor(() => h.fake.messages(h.fake.dmChannelOf(STUDENT))[0], 8000);
    expect(h.fake.messages(HELPDESK_CHANNEL)).toHaveLength(1);
    expect(h.fake.messages(h.fake.dmChannelOf(STUDENT))).toHaveLength(1);
  });
});

describe('when a delivery cannot succeed', () => {
  it('gives it up at once and tells the admin channel', async () => {
    h.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    const triggerId = h.slack.triggerId();
    await h.slack.command({ text: '', userId: STUDENT, channelId: 'C0GENERAL1', triggerId });
    const view = await openedView(h, triggerId);
    await h.slack.viewSubmission({
      userId: STUDENT,
      view,
      values: newTicketValues({ queue: 'helpdesk', subject: 'Wi-Fi' }),
    });
    const alert = await h.fake.waitFor(() => h.fake.messages('C0ADMIN001')[0]);
    expect(messageText(alert)).toMatch(/card\.sync.*channel_not_found/s);
    await h.fake.waitFor(() => h.fake.messages(h.fake.dmChannelOf(STUDENT))[0]);
  });
});
