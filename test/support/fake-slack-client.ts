import { type Logger, LogLevel, WebClient, type WebClientOptions } from '@slack/web-api';
import type { FakeSlack } from '../../src/fake-slack/fake-slack.js';

/** Slack's own logger interface, saying nothing: a kit test asserts on what the fake saw, not on logs. */
const SILENT: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

/** A Web API client talking to `fake`, with `token`, trying each call once. */
export function fakeSlackClient(fake: FakeSlack, token = 'xoxb-test-token', options: WebClientOptions = {}) {
  return new WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logger: SILENT,
    ...options,
  });
}
