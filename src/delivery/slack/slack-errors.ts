import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError } from '@slack/web-api';
import { DeliveryError } from '../outbox-worker.js';

/** Slack answers that no retry can change: the message is given up at once (and an admin told). */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'cannot_dm_bot',
  'user_disabled',
  'invalid_blocks',
  'msg_too_long',
  'no_text',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'missing_scope',
]);

/** Turns a Web API failure into what the outbox worker needs: when to retry, or not at all. */
export function toDeliveryError(method: string, error: unknown): DeliveryError {
  if (error instanceof WebAPIRateLimitedError) {
    return new DeliveryError(`${method}: rate limited`, { retryAfterMs: error.retryAfter * 1000 });
  }
  if (error instanceof WebAPIPlatformError) {
    return new DeliveryError(`${method}: ${error.data.error}`, {
      permanent: PERMANENT.has(error.data.error),
    });
  }
  if (error instanceof WebAPIHTTPError) return new DeliveryError(`${method}: HTTP ${error.statusCode}`);
  return new DeliveryError(`${method}: ${error instanceof Error ? error.message : String(error)}`);
}

/** Calls the Web API, translating any failure for the outbox worker. */
export async function slackCall<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toDeliveryError(method, error);
  }
}
