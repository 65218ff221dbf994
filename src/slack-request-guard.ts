import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { type Logger, verifySlackRequest } from '@slack/bolt';
import { SeenSignatures } from './seen-signatures.js';

/** How far a request's timestamp may be from now, either way; Bolt checks only the past. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface SlackRequestGuardOptions {
  signingSecret: string;
  /** Where Slack posts; requests to other paths go on untouched. */
  path: string;
  /** The largest body read; a larger one is refused (413) without reading the rest. */
  bodyLimit: number;
  logger: Logger;
  now?: () => number;
}

/**
 * Checks a request to Slack's path before Bolt parses anything: its body is read only up to the limit, its
 * signature and timestamp are verified over the raw bytes (Bolt's `verifySlackRequest`, plus refusing
 * timestamps in the future and copies of a request already accepted), and only then is the body looked at.
 * What passes goes on to Bolt already read (Bolt takes a buffered body as it is, and verifies it again).
 */
export function guardSlackRequests(
  next: RequestListener,
  options: SlackRequestGuardOptions,
): RequestListener {
  const { path, bodyLimit, logger } = options;
  const authenticate = authenticator(options);
  return (req, res) => {
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname !== path) {
      next(req, res);
      return;
    }
    readBody(req, res, bodyLimit, logger, (rawBody) => {
      const body = rawBody.toString('utf8');
      const contentType = req.headers['content-type'];
      // Slack's unsigned SSL check: Bolt answers it without running anything (it drops every other field).
      if (!isSslCheck(body, contentType)) {
        const refusal = authenticate(req.headers, body);
        if (refusal) {
          // Bolt's own answer and words for a request it cannot verify.
          logger.warn(`Failed to parse and verify the request data: ${refusal}`);
          res.writeHead(401).end();
          return;
        }
        if (!objectOrUnparsable(body, contentType)) {
          logger.warn('Refused a request whose body is not a JSON object (nor a form carrying one)');
          res.writeHead(400).end();
          return;
        }
      }
      next(Object.assign(req, { rawBody }) as IncomingMessage, res);
    });
  };
}

/**
 * Why a request is not an authentic, fresh, first delivery from Slack; undefined when it is.
 *
 * A copy of a request already accepted (same timestamp and signature, within the window) is refused like
 * any request that fails verification. Slack never sends one: its retries carry `X-Slack-Retry-Num` and are
 * signed again with a new timestamp (the handlers are idempotent for those). So a copy comes from whoever
 * captured the request. Answering it 200 without running it is not safe for every kind: a form's answer
 * carries its inline errors or next view, a slash command's its reply, `url_verification` its challenge, so
 * an empty 200 would tell Slack something untrue; running it again is what the attacker wants.
 */
function authenticator({ signingSecret, now = Date.now }: SlackRequestGuardOptions) {
  const seen = new SeenSignatures(MAX_CLOCK_SKEW_SECONDS);
  return (headers: IncomingHttpHeaders, body: string): string | undefined => {
    const signature = headers['x-slack-signature'];
    const timestamp = headers['x-slack-request-timestamp'];
    if (typeof signature !== 'string' || typeof timestamp !== 'string')
      return 'one x-slack-signature and one x-slack-request-timestamp header are required';
    const nowMs = now();
    const timestampSeconds = Number(timestamp);
    try {
      verifySlackRequest({
        signingSecret,
        body,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestampSeconds },
        nowMilliseconds: nowMs,
      });
    } catch (error) {
      return (error as Error).message;
    }
    const nowSeconds = Math.floor(nowMs / 1000);
    if (timestampSeconds > nowSeconds + MAX_CLOCK_SKEW_SECONDS)
      return 'x-slack-request-timestamp is more than 5 minutes in the future';
    if (!seen.firstTime(timestampSeconds, signature, nowSeconds))
      return 'a copy of a request already received (same timestamp and signature)';
    return undefined;
  };
}

/**
 * Reads the body into memory up to `limit` bytes. Past it (declared in Content-Length, or once that many
 * bytes came) the request is answered 413 and its connection closed: the rest is never read.
 */
function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  logger: Logger,
  done: (rawBody: Buffer) => void,
): void {
  const socket = req.socket;
  const refuse = () => {
    logger.warn(`Refused a request body over ${limit} bytes`);
    res.writeHead(413, { Connection: 'close' }).end(() => socket.destroy());
  };
  if (Number(req.headers['content-length']) > limit) {
    refuse();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // A client that goes away mid-body: nothing to answer.
  req.on('error', () => res.destroy());
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) {
      chunks.push(chunk);
      return;
    }
    req.off('data', onData);
    req.pause();
    refuse();
  };
  req.on('data', onData);
  req.on('end', () => {
    if (size <= limit) done(Buffer.concat(chunks));
  });
}

function isSslCheck(body: string, contentType: string | undefined): boolean {
  return isForm(contentType) && new URLSearchParams(body).get('ssl_check') === '1';
}

function isForm(contentType: string | undefined): boolean {
  return contentType?.startsWith('application/x-www-form-urlencoded') ?? false;
}

/**
 * False only for a body that parses, and to something other than an object: Slack posts JSON objects
 * (events) and forms (commands; interactivity as `payload=<JSON object>`). `null` would crash the process
 * inside Bolt; an array or a number would wait Bolt's 3 s for a 404. Unparsable bodies are Bolt's to refuse.
 */
function objectOrUnparsable(body: string, contentType: string | undefined): boolean {
  try {
    if (isForm(contentType)) {
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
