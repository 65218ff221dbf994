import { App, type Logger } from '@slack/bolt';
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
    : new App({ ...common, signingSecret: settings.signingSecret as string, endpoints: '/slack/events' });
  registerListeners(app, deps(app.client));
  return app;
}
