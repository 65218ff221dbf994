import type { AddressInfo } from 'node:net';
import {
  App,
  type BlockAction,
  type ButtonAction,
  type Logger,
  LogLevel,
  type StaticSelectAction,
} from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient, FORM, type SlackRequests, sign } from '../../src/fake-slack/slack-requests.js';

const SECRET = 'f1a2k3e4s5i6g7n8i9n0g1s2e3c4r5e6';
const MARIA = 'U0MARIA001';
const CHANNEL = 'C0HELPDESK';

/** Slack's published example ("Verifying requests from Slack"): a slash command body, secret and signature. */
const SIGNING_VECTOR = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: 1531420618,
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
    '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
    '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
    '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

type Seen = { kind: string; [key: string]: unknown };

let fake: FakeSlack;
let app: App;
let slack: SlackRequests;
let seen: Seen[];
let logs: string[];

function capturingLogger(): Logger {
  const log =
    (level: string) =>
    (...messages: unknown[]) => {
      logs.push(`${level} ${messages.map(String).join(' ')}`);
    };
  return {
    debug: () => {},
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

beforeEach(async () => {
  seen = [];
  logs = [];
  fake = await startFakeSlack({ users: [{ id: MARIA, name: 'maria', locale: 'it-IT' }] });
  app = new App({
    token: 'xoxb-test-token',
    signingSecret: SECRET,
    // with both ids given Bolt never calls auth.test, so a fault injected there cannot turn requests into 401s
    botId: fake.botId,
    botUserId: fake.botUserId,
    logger: capturingLogger(),
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
  });

  app.command('/ticket', async ({ command, ack, respond }) => {
    seen.push({ kind: 'command', text: command.text, user: command.user_id, channel: command.channel_id });
    await ack({ response_type: 'ephemeral', text: `Ricevuto: ${command.text}` });
    await respond({ text: 'Ticket #10-1 aperto' });
  });

  app.action<BlockAction<ButtonAction>>('ticket_claim', async ({ ack, body, action, client }) => {
    await ack();
    seen.push({ kind: 'action', value: action.value, container: body.container, user: body.user.id });
    await client.chat.postMessage({
      channel: body.channel?.id ?? '',
      thread_ts: body.message?.ts,
      text: `Preso in carico da <@${body.user.id}>`,
    });
  });

  app.action<BlockAction<StaticSelectAction>>('queue_pick', async ({ ack, body, action, client }) => {
    await ack();
    seen.push({ kind: 'modal_action', container: body.container, viewId: body.view?.id });
    await client.views.update({
      view_id: body.view?.id ?? '',
      hash: body.view?.hash ?? '',
      view: {
        type: 'modal',
        callback_id: 'sportello_new_ticket_modal',
        private_metadata: action.selected_option.value,
        title: { type: 'plain_text', text: 'Nuovo ticket' },
        blocks: [],
      },
    });
  });

  app.view('sportello_new_ticket_modal', async ({ ack, view, body }) => {
    const subject = view.state.values.subject?.value?.value;
    const queue = view.state.values.queue?.pick?.selected_option?.value;
    seen.push({ kind: 'view', subject, queue, metadata: view.private_metadata, user: body.user.id });
    if (!subject) {
      await ack({ response_action: 'errors', errors: { subject: 'Scrivi un oggetto' } });
      return;
    }
    await ack();
  });

  app.shortcut('sportello_new_ticket', async ({ ack, shortcut, client }) => {
    await ack();
    seen.push({ kind: 'shortcut', type: shortcut.type });
    await client.views.open({
      trigger_id: shortcut.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'sportello_new_ticket_modal',
        title: { type: 'plain_text', text: 'Nuovo ticket' },
        blocks: [],
      },
    });
  });

  app.shortcut('sportello_ticket_from_message', async ({ ack, shortcut }) => {
    await ack();
    if (shortcut.type === 'message_action') {
      seen.push({ kind: 'message_shortcut', text: shortcut.message.text, ts: shortcut.message_ts });
    }
  });

  app.event('app_home_opened', async ({ event, client }) => {
    await client.views.publish({
      user_id: event.user,
      view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'I tuoi ticket' } }] },
    });
  });

  app.event('message', async ({ event, context }) => {
    seen.push({ kind: 'message', event, retryNum: context.retryNum, retryReason: context.retryReason });
  });

  const server = await app.start({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  slack = createSlackClient({
    url: `http://127.0.0.1:${port}`,
    signingSecret: SECRET,
    responseUrlBase: fake.responseUrlBase,
  });
});

afterEach(async () => {
  await app.stop();
  await fake.close();
});

describe('signing', () => {
  it("reproduces Slack's signing test vector", () => {
    expect(sign(SIGNING_VECTOR.secret, SIGNING_VECTOR.timestamp, SIGNING_VECTOR.body)).toBe(
      SIGNING_VECTOR.signature,
    );
    expect(sign(SIGNING_VECTOR.secret, String(SIGNING_VECTOR.timestamp), SIGNING_VECTOR.body)).toBe(
      SIGNING_VECTOR.signature,
    );
  });
});

describe('signed requests into a real Bolt HTTP receiver', () => {
  it('delivers a slash command; ack() is the HTTP response and respond() posts to the response_url', async () => {
    const text = 'stampante rotta & fuori uso / 3° piano + aula "B"';
    const sent = await slack.command({ text, userId: MARIA, channelId: CHANNEL });
    expect(sent.status).toBe(200);
    expect(sent.json()).toEqual({ response_type: 'ephemeral', text: `Ricevuto: ${text}` });
    expect(seen).toEqual([{ kind: 'command', text, user: MARIA, channel: CHANNEL }]);
    expect(sent.rawBody).toContain('command=%2Fticket');
    expect(sent.payload.trigger_id).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
    expect(sent.payload.response_url.startsWith(fake.responseUrlBase)).toBe(true);

    const [response] = await fake.waitFor(() => fake.responses().length > 0 && fake.responses());
    expect(response).toMatchObject({ url: sent.payload.response_url, body: { text: 'Ticket #10-1 aperto' } });
  });

  it('delivers a button click on a message; the listener calls the fake Web API', async () => {
    const card = await app.client.chat.postMessage({ channel: CHANNEL, text: 'Ticket #10-1' });
    const sent = await slack.blockAction({
      userId: MARIA,
      actionId: 'ticket_claim',
      value: '10-1',
      channelId: CHANNEL,
      message: fake.message(CHANNEL, card.ts ?? '') ?? { ts: card.ts ?? '' },
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toBe('');
    const reply = await fake.waitForCall('chat.postMessage', (args) => args.thread_ts === card.ts);
    expect(reply.args.text).toBe(`Preso in carico da <@${MARIA}>`);
    expect(fake.thread(CHANNEL, card.ts ?? '').map((m) => m.text)).toEqual(['Ticket #10-1', reply.args.text]);
    expect(seen[0]).toMatchObject({
      kind: 'action',
      value: '10-1',
      user: MARIA,
      container: { type: 'message', message_ts: card.ts, channel_id: CHANNEL },
    });
  });

  it('delivers an action inside a modal with the view, so the listener can views.update it', async () => {
    const opened = await app.client.views.open({
      trigger_id: slack.triggerId(),
      view: { type: 'modal', title: { type: 'plain_text', text: 'Nuovo ticket' }, blocks: [] },
    });
    const view = fake.view(opened.view?.id ?? '');
    if (!view) throw new Error('modal not stored');
    const sent = await slack.blockAction({
      userId: MARIA,
      actionId: 'queue_pick',
      selectedOption: { value: 'reti', text: 'Reti e Wi-Fi' },
      view,
    });
    expect(sent.status).toBe(200);
    expect(sent.payload).toMatchObject({ container: { type: 'view', view_id: view.id } });
    expect(sent.payload.response_url).toBeUndefined();
    await fake.waitForCall('views.update');
    expect(fake.view(view.id)).toMatchObject({
      private_metadata: 'reti',
      callback_id: 'sportello_new_ticket_modal',
    });
    expect(seen[0]).toMatchObject({ kind: 'modal_action', viewId: view.id });
  });

  it('builds payloads with the fields Slack sends', async () => {
    const command = await slack.command({ text: 'x', userId: MARIA, channelId: CHANNEL });
    expect(Object.keys(command.payload)).toEqual(
      expect.arrayContaining([
        'token',
        'team_id',
        'team_domain',
        'channel_id',
        'channel_name',
        'user_id',
        'user_name',
        'command',
        'text',
        'response_url',
        'trigger_id',
      ]),
    );
    const action = await slack.blockAction({
      userId: MARIA,
      actionId: 'ticket_claim',
      value: '10-1',
      channelId: CHANNEL,
      messageTs: '1764493200.000100',
    });
    expect(Object.keys(action.payload)).toEqual(
      expect.arrayContaining([
        'type',
        'user',
        'api_app_id',
        'token',
        'container',
        'trigger_id',
        'team',
        'channel',
        'message',
        'response_url',
        'actions',
      ]),
    );
    expect(action.payload.user).toEqual({
      id: MARIA,
      username: 'u0maria001',
      name: 'u0maria001',
      team_id: fake.teamId,
    });
    expect(action.payload.actions).toEqual([
      expect.objectContaining({
        action_id: 'ticket_claim',
        value: '10-1',
        type: 'button',
        block_id: expect.any(String),
      }),
    ]);
    expect(action.rawBody.startsWith('payload=%7B%22type%22%3A%22block_actions%22')).toBe(true);
    const home = await slack.appHomeOpened(MARIA);
    expect(home.payload).toMatchObject({
      type: 'event_callback',
      team_id: fake.teamId,
      api_app_id: fake.appId,
      event: { type: 'app_home_opened', user: MARIA, channel: fake.dmChannelOf(MARIA), tab: 'home' },
      authorizations: [{ team_id: fake.teamId, user_id: fake.botUserId, is_bot: true }],
    });
    expect(home.payload.event_id).toMatch(/^Ev[0-9A-Z]+$/);
    expect((await slack.appHomeOpened(MARIA)).payload.event_id).not.toBe(home.payload.event_id);
  });

  it('delivers a view submission; ack() with response_action errors comes back as the HTTP body', async () => {
    const values = {
      subject: { value: { type: 'plain_text_input', value: '' } },
      queue: { pick: { type: 'static_select', selected_option: { value: 'helpdesk', text: 'Helpdesk' } } },
    };
    const refused = await slack.viewSubmission({
      userId: MARIA,
      callbackId: 'sportello_new_ticket_modal',
      privateMetadata: '{"from":"shortcut"}',
      values,
    });
    expect(refused.status).toBe(200);
    expect(refused.json()).toEqual({ response_action: 'errors', errors: { subject: 'Scrivi un oggetto' } });
    expect(seen[0]).toEqual({
      kind: 'view',
      subject: '',
      queue: 'helpdesk',
      metadata: '{"from":"shortcut"}',
      user: MARIA,
    });

    const accepted = await slack.viewSubmission({
      userId: MARIA,
      callbackId: 'sportello_new_ticket_modal',
      values: { ...values, subject: { value: { type: 'plain_text_input', value: 'Wi-Fi giù' } } },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toBe('');
  });

  it('delivers shortcuts; a global one opens a modal with its trigger_id', async () => {
    const global = await slack.globalShortcut({ userId: MARIA, callbackId: 'sportello_new_ticket' });
    expect(global.status).toBe(200);
    const triggerId = String(global.payload.trigger_id);
    const modal = await fake.waitFor(() => fake.viewByTrigger(triggerId));
    expect(modal.callback_id).toBe('sportello_new_ticket_modal');

    const fromMessage = await slack.messageShortcut({
      userId: MARIA,
      callbackId: 'sportello_ticket_from_message',
      channelId: CHANNEL,
      message: { ts: '1764493200.000100', user: 'U0JOHN0001', text: 'Non funziona la stampante' },
    });
    expect(fromMessage.status).toBe(200);
    expect(seen).toContainEqual({
      kind: 'message_shortcut',
      text: 'Non funziona la stampante',
      ts: '1764493200.000100',
    });
  });

  it('delivers events: app_home_opened publishes the Home tab; thread replies carry thread_ts', async () => {
    const opened = await slack.appHomeOpened(MARIA);
    expect(opened.status).toBe(200);
    const home = await fake.waitFor(() => fake.homeView(MARIA));
    expect(home.type).toBe('home');

    const reply = await slack.messageEvent({
      channel: CHANNEL,
      user: MARIA,
      text: 'Ancora rotta',
      threadTs: '1764493200.000100',
      parentUserId: fake.botUserId,
    });
    expect(reply.status).toBe(200);
    const message = await fake.waitFor(() => seen.find((s) => s.kind === 'message'));
    expect(message.event).toMatchObject({
      type: 'message',
      channel: CHANNEL,
      channel_type: 'channel',
      user: MARIA,
      text: 'Ancora rotta',
      ts: reply.ts,
      thread_ts: '1764493200.000100',
      parent_user_id: fake.botUserId,
    });
  });

  it("passes Slack's retry headers to the listener context", async () => {
    const first = await slack.messageEvent({ channel: fake.dmChannelOf(MARIA), user: MARIA, text: 'ciao' });
    const retry = await slack.replay(first, { retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    expect(retry.payload.event_id).toBe(first.payload.event_id);
    await fake.waitFor(() => seen.length === 2);
    expect(seen.map((s) => [s.retryNum, s.retryReason])).toEqual([
      [undefined, undefined],
      [1, 'http_timeout'],
    ]);
    expect(seen[0]?.event).toMatchObject({ channel_type: 'im' });
  });

  it('shapes edits and deletions as message_changed / message_deleted', async () => {
    await slack.messageEvent({
      channel: CHANNEL,
      user: MARIA,
      ts: '1764493200.000100',
      subtype: 'message_changed',
      text: 'Stampante rotta (3° piano)',
      previousText: 'Stampante rotta',
    });
    await slack.messageEvent({
      channel: CHANNEL,
      user: MARIA,
      ts: '1764493200.000100',
      subtype: 'message_deleted',
    });
    await fake.waitFor(() => seen.length === 2);
    expect(seen[0]?.event).toMatchObject({
      subtype: 'message_changed',
      message: { ts: '1764493200.000100', text: 'Stampante rotta (3° piano)', edited: { user: MARIA } },
      previous_message: { ts: '1764493200.000100', text: 'Stampante rotta' },
    });
    expect(seen[1]?.event).toMatchObject({ subtype: 'message_deleted', deleted_ts: '1764493200.000100' });
  });

  it("ignores the bot's own messages (Bolt's ignoreSelf)", async () => {
    await slack.messageEvent({ channel: CHANNEL, user: fake.botUserId, botId: fake.botId, text: 'echo' });
    await slack.messageEvent({ channel: CHANNEL, user: MARIA, text: 'from a human' });
    await fake.waitFor(() => seen.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.map((s) => (s.event as { text?: string }).text)).toEqual(['from a human']);
  });

  it('refuses a bad signature and a stale timestamp with 401, before any listener runs', async () => {
    const body = new URLSearchParams({
      command: '/ticket',
      text: 'x',
      user_id: MARIA,
      channel_id: CHANNEL,
    }).toString();
    const forged = await slack.post(body, FORM, { signature: sign('another-secret', nowSeconds(), body) });
    expect(forged.status).toBe(401);
    const stale = await slack.command(
      { text: 'x', userId: MARIA, channelId: CHANNEL },
      { timestamp: nowSeconds() - 301 },
    );
    expect(stale.status).toBe(401);
    const garbled = await slack.post(body, FORM, { signature: 'v1=abc' });
    expect(garbled.status).toBe(401);
    expect(seen).toEqual([]);
    expect(logs.some((l) => l.includes('signature mismatch'))).toBe(true);
    expect(logs.some((l) => l.includes('stale'))).toBe(true);

    // within five minutes is fine; Bolt does not refuse timestamps from the future
    const recent = await slack.command(
      { text: 'x', userId: MARIA, channelId: CHANNEL },
      { timestamp: nowSeconds() - 240 },
    );
    expect(recent.status).toBe(200);
    const future = await slack.command(
      { text: 'x', userId: MARIA, channelId: CHANNEL },
      { timestamp: nowSeconds() + 3600 },
    );
    expect(future.status).toBe(200);
  });

  it('answers the url_verification challenge', async () => {
    const response = await slack.urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('needs the exact form content type: Bolt reads "; charset=utf-8" bodies as JSON and answers 400', async () => {
    const sent = await slack.command({ text: 'x', userId: MARIA, channelId: CHANNEL });
    const withCharset = await slack.post(sent.rawBody, `${FORM}; charset=utf-8`);
    expect(withCharset.status).toBe(400);
  });
});
