import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';
import { JSON_CONTENT, sign } from '../../src/fake-slack/slack-requests.js';
import { MARIA, STUDENT, USERS, useAppHarness } from '../support/app-harness.js';
import { cardOf, HELPDESK_CHANNEL, openTicketInSlack } from '../support/flows.js';

const h = useAppHarness();
const MB = 1024 * 1024;

afterEach(() => {
  vi.restoreAllMocks();
});

/** A JSON array of 3.7 MB: under the body limit, and slow to parse. */
function bigJsonArray(): string {
  return JSON.stringify(Array.from({ length: 430_000 }, (_, i) => i % 10_000_000).map(String));
}

/** The calls of JSON.parse so far that were given a text longer than 1 MB. */
function largeParses(parse: { mock: { calls: unknown[][] } }): number {
  return parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length > MB).length;
}

const seconds = () => Math.floor(Date.now() / 1000);

describe('the Slack receiver checks who sent a request before it parses the body', () => {
  it('answers 401 to an unsigned 3.7 MB JSON array without parsing it; signed, the same body gets 400', async () => {
    const body = bigJsonArray();
    expect(body.length).toBeGreaterThan(3.5 * MB);
    const parse = vi.spyOn(JSON, 'parse');
    const unsigned = await fetch(h.slack.url, {
      method: 'POST',
      headers: { 'Content-Type': JSON_CONTENT, 'X-Slack-Request-Timestamp': String(seconds()) },
      body,
    });
    expect(unsigned.status).toBe(401);
    const forged = await h.slack.post(body, JSON_CONTENT, {
      signature: sign('not-the-secret', seconds(), body),
    });
    expect(forged.status).toBe(401);
    expect(largeParses(parse)).toBe(0);

    const signed = await h.slack.post(body, JSON_CONTENT);
    expect(signed.status).toBe(400);
    expect(largeParses(parse)).toBe(1);
  });

  it('answers 413 to a body declared over 4 MB as soon as the headers came, and closes the connection', async () => {
    const result = await sendLargeBody(h.sportello.port ?? 0, { declared: 5 * MB, sendFirst: 64 * 1024 });
    expect(result.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(result.closed).toBe(true);
    expect((await h.slack.urlVerification('still-there')).status).toBe(200);
  });

  it('stops reading an undeclared (chunked) body at 4 MB: 413, connection closed long before its end', async () => {
    const result = await sendLargeBody(h.sportello.port ?? 0, { chunkedUpTo: 64 * MB });
    expect(result.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(result.closed).toBe(true);
    expect(result.written).toBeGreaterThan(4 * MB);
    expect(result.written).toBeLessThan(32 * MB);
    expect(h.logs.some((line) => line.includes(`Refused a request body over ${4 * MB} bytes`))).toBe(true);
  });
});

describe('the Slack receiver refuses requests that are signed but not fresh', () => {
  const command = { text: 'help', userId: STUDENT, channelId: 'C0GENERAL1' };

  it('refuses a correctly signed request dated an hour ahead (401); four minutes ahead is clock skew', async () => {
    const ahead = await h.slack.command(command, { timestamp: seconds() + 3600 });
    expect(ahead.status).toBe(401);
    expect(h.logs.some((line) => line.includes('more than 5 minutes in the future'))).toBe(true);
    const skewed = await h.slack.command(command, { timestamp: seconds() + 240 });
    expect(skewed.status).toBe(200);
  });

  it('refuses a copy of a request (same timestamp and signature) but takes Slack’s re-signed retry', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    const sent = await h.slack.messageEvent({
      channel: HELPDESK_CHANNEL,
      user: MARIA,
      text: 'Riavvio il controller',
      threadTs: card?.ts,
    });
    expect(sent.status).toBe(200);
    const notes = async () =>
      (
        await h.sportello.desk.getTicket(
          { kind: 'slack', userId: slackUserIdOf(MARIA) },
          ticketNumberOf(number),
        )
      ).articles.filter((a) => a.body === 'Riavvio il controller');
    await h.fake.waitFor(async () => (await notes()).length === 1);

    const copy = await h.slack.post(sent.rawBody, sent.contentType, { timestamp: sent.timestamp });
    expect(copy.status).toBe(401);
    expect(h.logs.some((line) => line.includes('a copy of a request already received'))).toBe(true);

    const retry = await h.slack.replay(sent, { retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    await new Promise((done) => setTimeout(done, 200));
    expect(await notes()).toHaveLength(1);
  });
});

describe('debug logging', () => {
  it('logs debug lines of the app and of Slack’s libraries, without message texts or emails', async () => {
    const text = 'Il proiettore dell’aula 3 non si accende';
    await openTicketInSlack(h, STUDENT, { subject: text });
    const debug = h.logs.filter((line) => line.includes(' DEBUG '));
    expect(debug.some((line) => line.includes("apiCall('chat.postMessage') start"))).toBe(true);
    expect(debug.some((line) => line.includes('http request body: ('))).toBe(true);
    const emails = USERS.flatMap((user) => (user.email ? [user.email] : []));
    const leaking = debug.filter((line) => [text, ...emails].some((value) => line.includes(value)));
    expect(leaking).toEqual([]);
  });
});

interface LargeBodyResult {
  /** The first line of the answer, if one came. */
  statusLine: string | undefined;
  /** Whether the server closed the connection before the whole body was sent. */
  closed: boolean;
  /** Body bytes the client got to send. */
  written: number;
}

/**
 * Sends a large body over a raw connection: either `declared` bytes in Content-Length of which only
 * `sendFirst` are sent before waiting for the answer, or a chunked body sent until the server stops it.
 */
function sendLargeBody(
  port: number,
  body: { declared: number; sendFirst: number } | { chunkedUpTo: number },
): Promise<LargeBodyResult> {
  const piece = Buffer.alloc(64 * 1024, 'a');
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let written = 0;
    let closed = false;
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error(`no answer and no close after ${written} bytes`));
    }, 15_000);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    // A reset after the answer is one way of closing.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      done({ statusLine: answer.split('\r\n')[0] || undefined, closed, written });
    });
    const head = (length: string) =>
      `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${JSON_CONTENT}\r\n${length}\r\n\r\n`;
    const writeAll = async () => {
      if ('declared' in body) {
        socket.write(head(`Content-Length: ${body.declared}`));
        socket.write(piece.subarray(0, body.sendFirst));
        written = body.sendFirst;
        return;
      }
      socket.write(head('Transfer-Encoding: chunked'));
      while (!closed && written < body.chunkedUpTo) {
        const framed = Buffer.concat([
          Buffer.from(`${piece.length.toString(16)}\r\n`),
          piece,
          Buffer.from('\r\n'),
        ]);
        if (!socket.write(framed))
          await new Promise((go) => {
            socket.once('drain', go);
            socket.once('close', go);
          });
        written += piece.length;
      }
    };
    socket.on('connect', () => void writeAll());
  });
}
