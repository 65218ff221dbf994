import type { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type FakeSlack, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient } from '../../src/fake-slack/slack-requests.js';
import { fakeSlackClient } from '../support/fake-slack-client.js';

const APP_TOKEN = 'xapp-1-A0SPORTELLO-test';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let fake: FakeSlack;
let sockets: WebSocket[];

beforeEach(async () => {
  fake = await startFakeSlack();
  sockets = [];
});
afterEach(async () => {
  for (const socket of sockets) socket.terminate();
  await fake.close();
});

function web(token: string): WebClient {
  return fakeSlackClient(fake, token);
}

async function linkUrl(): Promise<string> {
  const opened = await web(APP_TOKEN).apps.connections.open();
  return opened.url ?? '';
}

/** A client of the link that keeps every message Slack sent it. */
function connect(url: string): {
  socket: WebSocket;
  messages: Record<string, unknown>[];
  opened: Promise<void>;
} {
  const socket = new WebSocket(url);
  sockets.push(socket);
  const messages: Record<string, unknown>[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, messages, opened };
}

/** The next envelope Slack sends down the link. */
function nextEnvelope(socket: WebSocket): Promise<{ envelope_id: string; [key: string]: unknown }> {
  return new Promise((resolve) =>
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (typeof message.envelope_id === 'string') resolve(message);
    }),
  );
}

describe('fake Slack: apps.connections.open', () => {
  it('hands an app-level token a one-time ws:// link on 127.0.0.1', async () => {
    const url = new URL(await linkUrl());
    expect(url.protocol).toBe('ws:');
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toBe('/link/');
    expect(url.searchParams.get('ticket')).toMatch(UUID);
    expect(fake.lastCall('apps.connections.open')?.token).toBe(APP_TOKEN);
  });

  it('refuses a bot token, and an app-level token refuses every other method, as Slack does', async () => {
    await expect(web('xoxb-bot').apps.connections.open()).rejects.toMatchObject({
      data: { ok: false, error: 'not_allowed_token_type' },
    });
    await expect(web(APP_TOKEN).auth.test()).rejects.toMatchObject({
      data: { ok: false, error: 'not_allowed_token_type' },
    });
  });
});

describe('fake Slack: the Socket Mode link', () => {
  it("greets a connection with Slack's hello and refuses its ticket a second time", async () => {
    const url = await linkUrl();
    const first = connect(url);
    await first.opened;
    await fake.waitFor(() => first.messages.length > 0);
    expect(first.messages[0]).toEqual({
      type: 'hello',
      num_connections: 1,
      debug_info: expect.objectContaining({ approximate_connection_time: expect.any(Number) }),
      connection_info: { app_id: fake.appId },
    });
    await expect(connect(url).opened).rejects.toThrow(/401/);
    expect(fake.socketMode.problems()).toEqual([
      'a WebSocket connection to /link/ without a fresh ticket from apps.connections.open',
    ]);
  });

  it("sends envelopes in Slack's shape and resolves with the ack found by its envelope_id", async () => {
    const { socket, opened } = connect(await linkUrl());
    await opened;
    const commandEnvelope = nextEnvelope(socket);
    const command = fake.socketMode.send('slash_commands', { command: '/ticket', text: 'help' });
    const sentCommand = await commandEnvelope;
    expect(sentCommand).toEqual({
      envelope_id: expect.stringMatching(UUID),
      payload: { command: '/ticket', text: 'help' },
      type: 'slash_commands',
      accepts_response_payload: true,
    });
    socket.send(JSON.stringify({ envelope_id: sentCommand.envelope_id, payload: { text: 'Aiuto' } }));
    expect((await command).ack).toEqual({
      payload: { text: 'Aiuto' },
      at: expect.any(Number),
      connection: 1,
    });

    const eventEnvelope = nextEnvelope(socket);
    const event = fake.socketMode.send(
      'events_api',
      { type: 'event_callback' },
      { retryAttempt: 1, retryReason: 'timeout' },
    );
    const sentEvent = await eventEnvelope;
    expect(sentEvent).toMatchObject({
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 1,
      retry_reason: 'timeout',
    });
    socket.send(JSON.stringify({ envelope_id: sentEvent.envelope_id }));
    expect((await event).ack.payload).toEqual({});
    expect(fake.socketMode.problems()).toEqual([]);
  });

  it('keeps what Slack would not take: an ack for no envelope, a second ack, a payload on an event, not JSON', async () => {
    const { socket, opened } = connect(await linkUrl());
    await opened;
    const envelope = nextEnvelope(socket);
    const event = fake.socketMode.send('events_api', { type: 'event_callback' });
    const { envelope_id } = await envelope;
    socket.send(JSON.stringify({ envelope_id, payload: { text: 'no' } }));
    await event;
    socket.send(JSON.stringify({ envelope_id }));
    socket.send(JSON.stringify({ envelope_id: 'not-an-envelope' }));
    socket.send('hello?');
    await fake.waitFor(() => fake.socketMode.problems().length === 4);
    expect(fake.socketMode.problems()).toEqual([
      `connection #1: a response payload for events_api envelope ${envelope_id}, which takes none`,
      `connection #1: a second ack for envelope ${envelope_id}`,
      'connection #1: an ack for no envelope sent: not-an-envelope',
      'connection #1: a message that is not JSON: hello?',
    ]);
  });

  it('refresh sends disconnect (refresh_requested), closes a link the app keeps open, and holds envelopes for the next link', async () => {
    const first = connect(await linkUrl());
    await first.opened;
    const closed = new Promise<void>((resolve) => first.socket.once('close', () => resolve()));
    fake.socketMode.refresh('refresh_requested', 50);
    await fake.waitFor(() => first.messages.some((m) => m.type === 'disconnect'));
    expect(first.messages.at(-1)).toEqual({
      type: 'disconnect',
      reason: 'refresh_requested',
      debug_info: { host: expect.any(String) },
    });
    expect(fake.socketMode.openConnections()).toBe(0);
    const held = fake.socketMode.send('interactive', { type: 'block_actions' });
    await closed;

    const second = connect(await linkUrl());
    const envelope = await nextEnvelope(second.socket);
    second.socket.send(JSON.stringify({ envelope_id: envelope.envelope_id }));
    expect((await held).connection).toBe(2);
    expect(fake.socketMode.connections()).toEqual([
      expect.objectContaining({ id: 1, disconnectReason: 'refresh_requested', closedAt: expect.any(Number) }),
      expect.objectContaining({ id: 2 }),
    ]);
  });
});

describe('Slack requests down the link', () => {
  it('go as envelopes of their kind (retries counted), and answer with the ack payload', async () => {
    const { socket, opened } = connect(await linkUrl());
    await opened;
    const received: {
      envelope_id: string;
      type: string;
      retry_attempt?: number;
      payload: { type?: string };
    }[] = [];
    socket.on('message', (data) => {
      const envelope = JSON.parse(data.toString());
      if (typeof envelope.envelope_id !== 'string') return;
      received.push(envelope);
      const payload = envelope.type === 'slash_commands' ? { text: 'Fatto' } : {};
      socket.send(JSON.stringify({ envelope_id: envelope.envelope_id, payload }));
    });
    const slack = createSlackClient({ socketMode: fake.socketMode });

    const command = await slack.command({ text: 'help', userId: 'U0MARIA001', channelId: 'C0GENERAL1' });
    expect(command.status).toBe(200);
    expect(command.json()).toEqual({ text: 'Fatto' });
    const shortcut = await slack.globalShortcut({ userId: 'U0MARIA001', callbackId: 'new_ticket' });
    expect(shortcut.body).toBe('');
    const event = await slack.appHomeOpened('U0MARIA001');
    await slack.replay(event, { retryNum: 1, retryReason: 'timeout' });

    expect(
      received.map((envelope) => [envelope.type, envelope.payload.type, envelope.retry_attempt]),
    ).toEqual([
      ['slash_commands', undefined, undefined],
      ['interactive', 'shortcut', undefined],
      ['events_api', 'event_callback', 0],
      ['events_api', 'event_callback', 1],
    ]);
    await expect(slack.urlVerification()).rejects.toThrow(/event callbacks only/);
    expect(fake.socketMode.problems()).toEqual([]);
  });
});
