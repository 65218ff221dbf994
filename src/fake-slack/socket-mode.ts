/**
 * The Socket Mode side of the fake Slack: the WebSocket "link" that `apps.connections.open` hands out, on the
 * fake's own port. Each link URL carries a one-time ticket; a connection made with it gets Slack's `hello`,
 * then the envelopes a test sends (`events_api`, `interactive`, `slash_commands`), which the app must
 * acknowledge by `envelope_id`. `refresh()` sends the `disconnect` Slack sends every few hours (and closes the
 * link soon after, as Slack does), after which the app must ask `apps.connections.open` for a new one.
 *
 * What the app gets wrong is kept in `problems()`: an ack for no envelope or for one already acknowledged, an
 * ack later than Slack's 3 seconds, a response payload where the envelope takes none, anything but an ack,
 * a connection without a fresh ticket. Shapes are those of Slack's Socket Mode documentation.
 */

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { JsonObject } from './fake-slack.js';

export type EnvelopeType = 'events_api' | 'interactive' | 'slash_commands';

/** What Slack sends down the link for one request, and what became of it. */
export type SentEnvelope = {
  envelope_id: string;
  type: EnvelopeType;
  payload: JsonObject;
  accepts_response_payload: boolean;
  /** Events only: how many times Slack sent this event before, and why. */
  retry_attempt?: number;
  retry_reason?: string;
  /** The connection it went down (1 = the first one the app opened). */
  connection: number;
  sentAt: number;
  ack?: { payload: JsonObject; at: number; connection: number };
};

export type AcknowledgedEnvelope = SentEnvelope & { ack: NonNullable<SentEnvelope['ack']> };

export type DisconnectReason = 'refresh_requested' | 'warning' | 'link_disabled';

export type SocketModeConnection = {
  id: number;
  openedAt: number;
  /** Set once the connection is gone, whoever closed it. */
  closedAt?: number;
  /** Set once Slack told it to go (`disconnect`). */
  disconnectReason?: DisconnectReason;
};

export type SendOptions = {
  /** Events API retries: Slack's `retry_attempt` and `retry_reason`. */
  retryAttempt?: number;
  retryReason?: string;
  /** How long to wait for a connection to send on and then for the ack; default 10 s. */
  timeoutMs?: number;
};

/** Slack's deadline for an acknowledgement. */
const ACK_DEADLINE_MS = 3000;
/** After `disconnect`, Slack closes a link the app has not closed itself. */
const REFRESH_GRACE_MS = 10_000;
const LINK_PATH = '/link/';

type Link = SocketModeConnection & { socket: WebSocket; closeTimer?: NodeJS.Timeout };

export class FakeSocketMode {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly port: () => number;
  private readonly appId: string;
  private readonly tickets = new Set<string>();
  private readonly links: Link[] = [];
  private readonly sent = new Map<string, SentEnvelope>();
  private readonly waiting = new Map<string, (envelope: AcknowledgedEnvelope) => void>();
  private problemLog: string[] = [];
  /** Whose turn it is among the open connections. */
  private turn = 0;

  constructor(server: Server, link: { port: () => number; appId: string }) {
    this.port = link.port;
    this.appId = link.appId;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.onUpgrade(req, socket, head),
    );
  }

  /** A fresh link URL with a one-time ticket: what `apps.connections.open` answers. */
  newLinkUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `ws://127.0.0.1:${this.port()}${LINK_PATH}?ticket=${ticket}&app_id=${this.appId}`;
  }

  /** Every connection the app opened, oldest first. */
  connections(): SocketModeConnection[] {
    return this.links.map(({ socket: _socket, closeTimer: _timer, ...connection }) => ({ ...connection }));
  }

  /** Connections open now that Slack has not told to go. */
  openConnections(): number {
    return this.links.filter((link) => usable(link)).length;
  }

  /** Resolves once the app has opened its `count`-th connection and that one is still open. */
  async waitForConnection(count = 1, timeoutMs = 10_000): Promise<SocketModeConnection> {
    const link = await until(
      () => {
        const candidate = this.links[count - 1];
        return candidate && usable(candidate) ? candidate : undefined;
      },
      timeoutMs,
      `Socket Mode connection #${count}`,
    );
    return { id: link.id, openedAt: link.openedAt };
  }

  /**
   * Sends one envelope down a usable connection (waiting for one, as Slack holds requests while the app
   * reconnects) and resolves once the app acknowledged it. Like Slack, which spreads an app's envelopes over
   * its open connections (up to 10, from one process or several), it takes them in turn.
   */
  async send(
    type: EnvelopeType,
    payload: JsonObject,
    options: SendOptions = {},
  ): Promise<AcknowledgedEnvelope> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const link = await until(
      () => {
        const open = this.links.filter((candidate) => usable(candidate));
        return open[this.turn++ % Math.max(open.length, 1)];
      },
      timeoutMs,
      'an open Socket Mode connection',
    );
    const envelope = {
      envelope_id: randomUUID(),
      payload,
      type,
      // Slack takes a response payload from commands and interactivity (a modal's errors), never from events.
      accepts_response_payload: type !== 'events_api',
      ...(type === 'events_api' && {
        retry_attempt: options.retryAttempt ?? 0,
        retry_reason: options.retryReason ?? '',
      }),
    };
    this.sent.set(envelope.envelope_id, { ...envelope, connection: link.id, sentAt: Date.now() });
    const acknowledged = new Promise<AcknowledgedEnvelope>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelope.envelope_id);
        reject(new Error(`no ack for ${type} envelope ${envelope.envelope_id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(envelope.envelope_id, (done) => {
        clearTimeout(timer);
        resolve(done);
      });
    });
    link.socket.send(JSON.stringify(envelope));
    return acknowledged;
  }

  /**
   * Slack's routine connection refresh: `disconnect` down every open connection; a link the app has not
   * closed after a grace period is closed by Slack.
   */
  refresh(reason: DisconnectReason = 'refresh_requested', graceMs = REFRESH_GRACE_MS): void {
    for (const link of this.links.filter((candidate) => usable(candidate))) {
      link.disconnectReason = reason;
      link.socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } }));
      link.closeTimer = setTimeout(() => link.socket.terminate(), graceMs);
    }
  }

  /** The network drops every open connection at once: no `disconnect`, no close frame. */
  drop(): void {
    for (const link of this.links.filter((candidate) => candidate.closedAt === undefined)) {
      link.closedAt = Date.now();
      link.socket.terminate();
    }
  }

  /** Every envelope sent, with its ack when there was one. */
  envelopes(): SentEnvelope[] {
    return structuredClone([...this.sent.values()]);
  }

  /** What the app did that Slack would not take (see the module's comment); empty when all was well. */
  problems(): string[] {
    return [...this.problemLog];
  }

  /** Closes every connection; the fake Slack's `close()` calls it before closing its HTTP server. */
  async close(): Promise<void> {
    for (const link of this.links) {
      clearTimeout(link.closeTimer);
      link.socket.terminate();
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket');
    if (url.pathname !== LINK_PATH || ticket === null || !this.tickets.delete(ticket)) {
      this.problemLog.push(
        `a WebSocket connection to ${url.pathname} without a fresh ticket from apps.connections.open`,
      );
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  private onConnection(socket: WebSocket): void {
    const link: Link = { id: this.links.length + 1, openedAt: Date.now(), socket };
    this.links.push(link);
    socket.on('message', (data, isBinary) => this.onMessage(link, data, isBinary));
    socket.on('error', (error) => this.problemLog.push(`connection #${link.id}: ${error.message}`));
    socket.on('close', () => {
      link.closedAt = Date.now();
      clearTimeout(link.closeTimer);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.openConnections(),
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: this.appId },
      }),
    );
  }

  /** The app only ever sends acks: `{"envelope_id": "…", "payload": {…}}`, the payload optional. */
  private onMessage(link: Link, data: RawData, isBinary: boolean): void {
    const problem = (what: string) => this.problemLog.push(`connection #${link.id}: ${what}`);
    if (isBinary) return void problem('a binary message');
    const text = data.toString();
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return void problem(`a message that is not JSON: ${text.slice(0, 200)}`);
    }
    if (!isJsonObject(message) || typeof message.envelope_id !== 'string') {
      return void problem(`a message that is not an ack: ${text.slice(0, 200)}`);
    }
    const envelope = this.sent.get(message.envelope_id);
    if (!envelope) return void problem(`an ack for no envelope sent: ${message.envelope_id}`);
    if (envelope.ack) return void problem(`a second ack for envelope ${envelope.envelope_id}`);
    const payload = message.payload ?? {};
    if (!isJsonObject(payload))
      return void problem(`an ack whose payload is not an object: ${text.slice(0, 200)}`);
    if (!envelope.accepts_response_payload && Object.keys(payload).length > 0) {
      problem(`a response payload for ${envelope.type} envelope ${envelope.envelope_id}, which takes none`);
    }
    const at = Date.now();
    if (at - envelope.sentAt > ACK_DEADLINE_MS) {
      problem(
        `the ack for ${envelope.type} envelope ${envelope.envelope_id} came after ${at - envelope.sentAt} ms`,
      );
    }
    const acknowledged = { ...envelope, ack: { payload, at, connection: link.id } };
    this.sent.set(envelope.envelope_id, acknowledged);
    this.waiting.get(envelope.envelope_id)?.(structuredClone(acknowledged));
    this.waiting.delete(envelope.envelope_id);
  }
}

/** Open, and not told to go. */
function usable(link: Link): boolean {
  return link.closedAt === undefined && link.disconnectReason === undefined;
}

function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Polls `find` every 10 ms until it gives something. */
async function until<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
