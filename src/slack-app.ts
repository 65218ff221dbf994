import type { IncomingMessage, RequestListener } from 'node:http';
import { App, type CustomRoute, HTTPReceiver, type Logger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { BotDeps } from './bot/deps.js';
import { registerListeners } from './bot/listeners/index.js';

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  /** Socket Mode when set; otherwise the HTTP receiver. */
  appToken?: string;
  /** The Web API base URL (Slack's by default). */
  apiUrl?: string;
  /** How long one Web API call may take before it fails (10 s by default). */
  timeoutMs?: number;
  /** More pages served by the HTTP receiver (the rating links' page); ignored in Socket Mode. */
  customRoutes?: CustomRoute[];
}

/**
 * The Web API client: no automatic retries and rate limits raised as errors, because the outbox worker
 * schedules retries itself and a listener must answer within Slack's three seconds.
 */
function clientOptions(settings: SlackSettings) {
  return {
    slackApiUrl: settings.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: settings.timeoutMs ?? 10_000,
  };
}

export function createWebClient(settings: SlackSettings, logger: Logger): WebClient {
  return new WebClient(settings.botToken, { ...clientOptions(settings), logger });
}

/** Who the bot is, asked once at start: a clear stop when the token is wrong, and no per-request lookups. */
export async function botIdentity(
  client: WebClient,
): Promise<{ botId: string; botUserId: string; teamId: string }> {
  const auth = await client.auth.test();
  if (!auth.bot_id || !auth.user_id)
    throw new Error('SLACK_BOT_TOKEN is not a bot token (auth.test has no bot_id).');
  return { botId: auth.bot_id, botUserId: auth.user_id, teamId: auth.team_id ?? '' };
}

/** The Bolt app with every listener registered; `/slack/events` takes commands, interactivity and events. */
export function createSlackApp(
  settings: SlackSettings,
  identity: { botId: string; botUserId: string },
  logger: Logger,
  deps: (client: WebClient) => BotDeps,
): App {
  const common = {
    token: settings.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    logger,
    clientOptions: clientOptions(settings),
  };
  const app = settings.appToken
    ? new App({ ...common, socketMode: true, appToken: settings.appToken })
    : new App({
        ...common,
        receiver: httpReceiver(settings.signingSecret as string, logger, settings.customRoutes),
      });
  registerListeners(app, deps(app.client));
  return app;
}

/** Bolt's limit on a request body. */
const BODY_LIMIT = 4 * 1024 * 1024;
/** Where Slack sends commands, interactivity and events. */
const SLACK_PATH = '/slack/events';

/** The HTTP receiver on `/slack/events`, refusing bodies that are not what Slack sends. */
function httpReceiver(signingSecret: string, logger: Logger, customRoutes?: CustomRoute[]): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret,
    endpoints: SLACK_PATH,
    logger,
    ...(customRoutes ? { customRoutes } : {}),
  });
  receiver.requestListener = refuseNonObjectBodies(receiver.requestListener, logger);
  return receiver;
}

/**
 * Slack posts JSON objects (events) and forms (commands; interactivity as `payload=<JSON object>`) to
 * `/slack/events`. A body that parses to something else (`null` above all: Bolt reads a property of it and
 * the process crashes; an array or a number: Bolt waits 3 s, then answers 404) is refused with 400 before
 * Bolt sees it. Everything else goes on to Bolt as it came, already read (Bolt takes a buffered body as it
 * is), to be verified and parsed there. Other paths are left alone.
 */
function refuseNonObjectBodies(next: RequestListener, logger: Logger): RequestListener {
  return (req, res) => {
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname !== SLACK_PATH) {
      next(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    // A client that goes away mid-body: nothing to answer.
    req.on('error', () => res.destroy());
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > BODY_LIMIT) {
        res.writeHead(413).end();
        return;
      }
      const rawBody = Buffer.concat(chunks);
      if (!objectOrUnparsable(rawBody.toString('utf8'), req.headers['content-type'])) {
        logger.warn('Refused a request whose body is not a JSON object (nor a form carrying one)');
        res.writeHead(400).end();
        return;
      }
      next(Object.assign(req, { rawBody }) as IncomingMessage, res);
    });
  };
}

/** False only for a body that parses, and to something other than an object. */
function objectOrUnparsable(body: string, contentType: string | undefined): boolean {
  try {
    if (contentType?.startsWith('application/x-www-form-urlencoded')) {
      const payload = new URLSearchParams(body).get('payload');
      return payload === null || isObject(JSON.parse(payload));
    }
    return isObject(JSON.parse(body));
  } catch {
    return true;
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
