import { App, type CustomRoute, HTTPReceiver, type Logger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { BotDeps } from './bot/deps.js';
import { registerListeners } from './bot/listeners/index.js';
import { slackLibraryLogger } from './slack-library-logger.js';
import { guardSlackRequests } from './slack-request-guard.js';
import { ReconnectingSocketModeReceiver } from './slack-socket-mode.js';

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  /** Socket Mode when set; otherwise the HTTP receiver. */
  appToken?: string;
  /** The Web API base URL (Slack's by default). */
  apiUrl?: string;
  /** How long one Web API call may take before it fails (10 s by default). */
  timeoutMs?: number;
  /** Largest file people share in Slack that the desk keeps (default 10 MB); larger ones are listed as refused. */
  maxFileBytes?: number;
  /** More pages served by the HTTP receiver (the rating links' page); ignored in Socket Mode. */
  customRoutes?: CustomRoute[];
}

/** The largest file shared in Slack that the desk keeps, unless SLACK_MAX_FILE_BYTES says otherwise. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

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
  return new WebClient(settings.botToken, { ...clientOptions(settings), logger: slackLibraryLogger(logger) });
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
  const libraryLogger = slackLibraryLogger(logger);
  const common = {
    token: settings.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    logger: libraryLogger,
    // Without it Bolt sets its logger to info, and LOG_LEVEL=debug would end once the app is built.
    logLevel: logger.getLevel(),
    clientOptions: clientOptions(settings),
  };
  const receiver = settings.appToken
    ? new ReconnectingSocketModeReceiver({
        appToken: settings.appToken,
        logger,
        libraryLogger,
        clientOptions: clientOptions(settings),
      })
    : httpReceiver(settings.signingSecret as string, logger, libraryLogger, settings.customRoutes);
  const app = new App({ ...common, receiver });
  registerListeners(app, deps(app.client));
  return app;
}

/** Bolt's limit on a request body. */
const BODY_LIMIT = 4 * 1024 * 1024;
/** Where Slack sends commands, interactivity and events. */
const SLACK_PATH = '/slack/events';

/** The HTTP receiver on `/slack/events`, each request checked (size, signature, shape) before Bolt parses it. */
function httpReceiver(
  signingSecret: string,
  logger: Logger,
  libraryLogger: Logger,
  customRoutes?: CustomRoute[],
): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret,
    endpoints: SLACK_PATH,
    logger: libraryLogger,
    bodyLimit: BODY_LIMIT,
    ...(customRoutes ? { customRoutes } : {}),
  });
  receiver.requestListener = guardSlackRequests(receiver.requestListener, {
    signingSecret,
    path: SLACK_PATH,
    bodyLimit: BODY_LIMIT,
    logger,
  });
  return receiver;
}
