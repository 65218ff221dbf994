import type { App, Logger, Receiver } from '@slack/bolt';
import { SocketModeReceiver } from '@slack/bolt';
import {
  type AppsConnectionsOpenResponse,
  WebAPIRateLimitedError,
  type WebClientOptions,
} from '@slack/web-api';

/** A lost link is reopened at once; a failed attempt waits this long, doubling up to the longest wait. */
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 60_000;

export interface SocketModeSettings {
  appToken: string;
  /** The app's logger, for what the desk itself says about the link. */
  logger: Logger;
  /** The logger handed to the Slack libraries. */
  libraryLogger: Logger;
  /** The Web API client's options for `apps.connections.open` (base URL, timeout, no retries of its own). */
  clientOptions: WebClientOptions;
}

/**
 * Bolt's Socket Mode receiver, except that the desk reopens the link to Slack, not the Socket Mode client.
 *
 * Slack refreshes the link every few hours (a `disconnect` message), and a lost network does the same. The
 * client's own reconnect gives up on the first HTTP error of `apps.connections.open` (a 500, a timeout) by
 * rejecting a promise nobody can catch, and the process exits. So the client's automatic reconnect is turned
 * off (a public option) and this receiver, told by the client's public `disconnected` event, opens a new link
 * itself: at once, then with exponential backoff (at least Slack's Retry-After when rate limited), for as
 * long as the app runs. Meanwhile the rest of the desk (scheduler, mail, outbox) goes on as before.
 */
export class ReconnectingSocketModeReceiver implements Receiver {
  private readonly receiver: SocketModeReceiver;
  private readonly logger: Logger;
  private running = false;
  /** The reconnect loop while it runs; `stop()` waits for it. */
  private reconnecting: Promise<void> | undefined;
  /** Ends the current wait between two attempts early (when stopping). */
  private endWait: (() => void) | undefined;

  constructor(settings: SocketModeSettings) {
    this.logger = settings.logger;
    this.receiver = new SocketModeReceiver({
      appToken: settings.appToken,
      logger: settings.libraryLogger,
      autoReconnectEnabled: false,
      installerOptions: { clientOptions: settings.clientOptions },
    });
    this.receiver.client.on('disconnected', () => {
      if (!this.running || this.reconnecting !== undefined) return;
      this.logger.info(
        'Socket Mode: the link to Slack closed (Slack refreshes it every few hours); opening a new one',
      );
      this.reconnecting = this.reconnect().finally(() => {
        this.reconnecting = undefined;
      });
    });
  }

  init(app: App): void {
    this.receiver.init(app);
  }

  /** Opens the first link; failing that, the app does not start (a refused token says so at once). */
  async start(): Promise<AppsConnectionsOpenResponse> {
    const opened = await this.receiver.start();
    this.running = true;
    return opened;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.endWait?.();
    await this.reconnecting;
    const closed = new Promise<void>((resolve) => this.receiver.client.once('disconnected', () => resolve()));
    await this.receiver.stop();
    await closed;
  }

  private async reconnect(): Promise<void> {
    let delayMs = 0;
    for (let attempt = 1; this.running; attempt++) {
      if (delayMs > 0) await this.wait(delayMs);
      if (!this.running) return;
      try {
        await this.receiver.client.start();
        this.logger.info(
          `Socket Mode: connected to Slack again${attempt > 1 ? ` (attempt ${attempt})` : ''}`,
        );
        return;
      } catch (error) {
        delayMs = nextDelayMs(delayMs, error);
        this.logger.warn(
          `Socket Mode: reconnecting to Slack failed (${describe(error)}); next attempt in ${delayMs / 1000} s`,
        );
      }
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.endWait?.(), ms);
      this.endWait = () => {
        clearTimeout(timer);
        this.endWait = undefined;
        resolve();
      };
    });
  }
}

function nextDelayMs(previousMs: number, error: unknown): number {
  const backoffMs = previousMs === 0 ? FIRST_RETRY_MS : Math.min(previousMs * 2, LONGEST_RETRY_MS);
  const retryAfterMs = error instanceof WebAPIRateLimitedError ? error.retryAfter * 1000 : 0;
  return Math.max(backoffMs, retryAfterMs);
}

/** The client rejects with nothing when the link closes before Slack's `hello`. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return error === undefined ? 'the link closed before Slack said hello' : String(error);
}
