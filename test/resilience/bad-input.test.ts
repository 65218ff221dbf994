import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskProbe } from '../../bench/load/probe.js';
import { slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';
import { validateTitle } from '../../src/core/tickets/open-ticket.js';
import { type JsonValue, messageText } from '../../src/fake-slack/fake-slack.js';
import { FORM, JSON_CONTENT, type SlackResponse, sign } from '../../src/fake-slack/slack-requests.js';
import { ACTIONS, COMMAND, INPUTS, SHORTCUTS, VIEWS } from '../../src/views/ids.js';
import {
  type AppHarness,
  BOT_TOKEN,
  MARIA,
  SIGNING_SECRET,
  STUDENT,
  startAppHarness,
  USERS,
} from '../support/app-harness.js';
import {
  cardOf,
  HELPDESK_CHANNEL,
  type NewTicketFields,
  newTicketValues,
  outboxSettled,
} from '../support/flows.js';
import { debugLines, linesShowing, privateValues } from './support/log-privacy.js';
import { linesWithSecrets, Summary } from './support/summary.js';

const STUDENT2 = 'U0STUDENT2';
const DIDATTICA_CHANNEL = 'C0DIDATTIC';
const SYSTEM = { kind: 'system', label: 'resilience test' } as const;
const KB40 = 40 * 1024;

/** Text that tries to ping, mention, link and script its way through. */
const INJECTION =
  'Aiuto <!channel> <!here> <@U0MARIA001> <#C0HELPDESK> <https://evil.example|clicca qui> ' +
  '<script>alert(1)</script> <img src=x onerror=alert(2)> *grassetto* &amp; &lt;';
/** Right-to-left override, zero-width characters, emoji with modifiers and joiners, combining marks, NUL. */
const ODD_UNICODE =
  'Stampante \u202Eetnatsmap\u202C guasta \u200B\u200C\u200D\uFEFF 🎫👩🏽‍💻🏳️‍🌈 e\u0301\u0301 \u0000 fine';
/** Lone surrogates: not valid UTF-16 text at all. */
const LONE_SURROGATES = 'prima \uD800 poi \uDFFF dopo \uDBFF\uD800 fine';

/** What a string becomes on the way through UTF-8 (JSON, SQLite): every lone surrogate is U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const summary = new Summary('bad-input');
let h: AppHarness;
let probe: DeskProbe;
/** A helpdesk ticket of the student and a didattica ticket of the second student, cards delivered. */
let helpdesk: string;
let didattica: string;

beforeAll(async () => {
  h = await startAppHarness();
  probe = new DeskProbe(h.database.sqlite);
  helpdesk = await openTicket(STUDENT, { subject: 'Wi-Fi lento' });
  didattica = await openTicket(
    STUDENT2,
    { queue: 'didattica', subject: 'Esame non registrato' },
    DIDATTICA_CHANNEL,
  );
});

/** The log lines showing a secret, and the debug lines showing an email address or a text of the run. */
function logLeaks(): string[] {
  const logs = h?.logs ?? [];
  const emails = USERS.flatMap((user) => (user.email ? [user.email] : []));
  const shown = h ? linesShowing(debugLines(logs), privateValues(h.database.sqlite, emails)) : [];
  return [...linesWithSecrets(logs, [BOT_TOKEN, SIGNING_SECRET]), ...shown];
}

afterAll(async () => {
  summary.secrets(h?.logs.length ?? 0, logLeaks().length, debugLines(h?.logs ?? []).length);
  summary.report();
  await h?.stop();
});

/** Submits the new-ticket form as `userId` (no need to open it first) and waits for its card. */
async function openTicket(userId: string, fields: NewTicketFields, channel = HELPDESK_CHANNEL) {
  const response = await submitNewTicket(userId, fields);
  if (response.body) throw new Error(`form refused: ${response.body}`);
  const ticket = probe.latestTicketOf(userId);
  if (!ticket) throw new Error('no ticket');
  await outboxSettled(h);
  if (!cardOf(h, channel, ticket.number)) throw new Error(`no card in ${channel}`);
  return ticket.number;
}

function submitNewTicket(userId: string, fields: NewTicketFields) {
  return h.slack.viewSubmission({
    userId,
    callbackId: VIEWS.newTicket,
    privateMetadata: '{}',
    values: newTicketValues({ queue: 'helpdesk', subject: 'x', description: 'y', ...fields }),
  });
}

/** What the app changed in Slack so far, ephemeral refusals aside. */
function slackWrites(): string {
  return ['chat.postMessage', 'chat.update', 'chat.delete', 'views.open', 'views.push', 'views.update']
    .map((method) => `${method}×${h.fake.calls(method).filter((c) => !c.failed).length}`)
    .join(' ');
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 60));
  await outboxSettled(h);
}

/** Posts raw bytes with the headers given (nothing signed unless asked). */
async function rawPost(body: string, headers: Record<string, string>): Promise<SlackResponse> {
  const response = await fetch(h.slack.url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text, json: () => JSON.parse(text) };
}

/** Signed as Slack would sign it, at `timestamp` (seconds). */
function signedHeaders(body: string, contentType: string, timestamp = Math.floor(Date.now() / 1000)) {
  return {
    'Content-Type': contentType,
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': sign(SIGNING_SECRET, timestamp, body),
  };
}

interface RefusalCase {
  name: string;
  send: () => Promise<SlackResponse>;
  /** The refusal expected: an HTTP status, inline form errors, or a private message to this user. */
  expect: { status: number } | { formErrors: string } | { ephemeralFor: string };
}

/**
 * Sends each case and checks the refusal and that nothing changed: the database's row counts and what the
 * app wrote to Slack (private refusals aside) are the same before and after.
 */
async function refuse(group: string, cases: RefusalCase[], concurrently = false) {
  const failures: string[] = [];
  const runOne = async (c: RefusalCase) => {
    const response = await c.send();
    return { c, response };
  };
  const check = (c: RefusalCase, response: SlackResponse, ephemeralsBefore: number) => {
    const expected = c.expect;
    let ok: boolean;
    let got = `HTTP ${response.status}`;
    if ('status' in expected) {
      ok = response.status === expected.status;
    } else if ('formErrors' in expected) {
      const body = response.body
        ? (response.json() as { response_action?: string; errors?: Record<string, string> })
        : {};
      got += ` ${response.body.slice(0, 120)}`;
      ok =
        response.status === 200 &&
        body.response_action === 'errors' &&
        expected.formErrors in (body.errors ?? {});
    } else {
      const ephemerals = h.fake.ephemerals().filter((e) => e.user === expected.ephemeralFor);
      got += `, ${ephemerals.length - ephemeralsBefore} private refusal(s)`;
      ok = response.status === 200 && ephemerals.length > ephemeralsBefore;
    }
    if (!ok) failures.push(`${c.name}: expected ${JSON.stringify(expected)}, got ${got}`);
    return ok;
  };
  if (concurrently) {
    const before = { rows: probe.rowCounts(), writes: slackWrites() };
    const results = await Promise.all(cases.map(runOne));
    await settle();
    const unchanged =
      JSON.stringify(probe.rowCounts()) === JSON.stringify(before.rows) && slackWrites() === before.writes;
    if (!unchanged) failures.push(`${group}: something changed`);
    for (const { c, response } of results) summary.one(group, check(c, response, 0) && unchanged);
  } else {
    for (const c of cases) {
      const before = { rows: probe.rowCounts(), writes: slackWrites() };
      const ephemeralsBefore =
        'ephemeralFor' in c.expect
          ? h.fake.ephemerals().filter((e) => e.user === (c.expect as { ephemeralFor: string }).ephemeralFor)
              .length
          : 0;
      const { response } = await runOne(c);
      if ('ephemeralFor' in c.expect) {
        const user = c.expect.ephemeralFor;
        await h.fake
          .waitFor(
            () => h.fake.ephemerals().filter((e) => e.user === user).length > ephemeralsBefore,
            3000,
            `a refusal for ${user}`,
          )
          .catch(() => undefined);
      }
      await settle();
      const rows = probe.rowCounts();
      const unchanged =
        JSON.stringify(rows) === JSON.stringify(before.rows) && slackWrites() === before.writes;
      if (!unchanged) {
        failures.push(
          `${c.name}: changed ${JSON.stringify(before.rows)} → ${JSON.stringify(rows)}, ${before.writes} → ${slackWrites()}`,
        );
      }
      summary.one(group, check(c, response, ephemeralsBefore) && unchanged);
    }
  }
  expect(failures).toEqual([]);
}

describe('requests that are not from Slack', () => {
  it('are refused with 401 and change nothing', async () => {
    const body = new URLSearchParams({
      command: COMMAND,
      text: '',
      user_id: STUDENT,
      channel_id: 'C0GENERAL1',
    }).toString();
    const now = Math.floor(Date.now() / 1000);
    await refuse('wrong signature, stale or missing headers: 401', [
      {
        name: 'wrong signature',
        send: () =>
          h.slack.command(
            { text: '', userId: STUDENT, channelId: 'C0GENERAL1' },
            { signature: `v0=${'0'.repeat(64)}` },
          ),
        expect: { status: 401 },
      },
      {
        name: 'signed with another secret',
        send: () =>
          rawPost(body, {
            ...signedHeaders(body, FORM),
            'X-Slack-Signature': sign('not-the-secret', now, body),
          }),
        expect: { status: 401 },
      },
      {
        name: 'body changed after signing',
        send: () => rawPost(`${body}&x=1`, signedHeaders(body, FORM, now)),
        expect: { status: 401 },
      },
      {
        name: 'timestamp 6 minutes old',
        send: () => rawPost(body, signedHeaders(body, FORM, now - 360)),
        expect: { status: 401 },
      },
      {
        name: 'timestamp not a number',
        send: () => rawPost(body, { ...signedHeaders(body, FORM), 'X-Slack-Request-Timestamp': 'yesterday' }),
        expect: { status: 401 },
      },
      {
        name: 'no signature header',
        send: () => rawPost(body, { 'Content-Type': FORM, 'X-Slack-Request-Timestamp': String(now) }),
        expect: { status: 401 },
      },
      {
        name: 'no timestamp header',
        send: () =>
          rawPost(body, { 'Content-Type': FORM, 'X-Slack-Signature': sign(SIGNING_SECRET, now, body) }),
        expect: { status: 401 },
      },
      {
        name: 'no Slack headers at all',
        send: () => rawPost(body, { 'Content-Type': FORM }),
        expect: { status: 401 },
      },
      {
        name: 'event signed with a v1 scheme',
        send: () =>
          rawPost('{"type":"event_callback"}', {
            ...signedHeaders('{"type":"event_callback"}', JSON_CONTENT),
            'X-Slack-Signature': sign(SIGNING_SECRET, now, '{"type":"event_callback"}').replace('v0=', 'v1='),
          }),
        expect: { status: 401 },
      },
    ]);
  });
});

describe('signed bodies that are not what Slack sends', () => {
  it('are refused with 400 (413 when too large) and change nothing', async () => {
    const post = (body: string, type: string) => () => h.slack.post(body, type);
    await refuse('malformed or truncated bodies: 400', [
      {
        name: 'JSON cut short',
        send: post('{"type":"event_callback","event":{"type":"mess', JSON_CONTENT),
        expect: { status: 400 },
      },
      {
        name: 'interactivity payload cut short',
        send: post('payload=%7B%22type%22%3A%22block_actions%22%2C%22us', FORM),
        expect: { status: 400 },
      },
      { name: 'JSON null', send: post('null', JSON_CONTENT), expect: { status: 400 } },
      {
        name: 'JSON array',
        send: post('[{"type":"event_callback"}]', JSON_CONTENT),
        expect: { status: 400 },
      },
      { name: 'JSON number', send: post('42', JSON_CONTENT), expect: { status: 400 } },
      { name: 'payload=null', send: post('payload=null', FORM), expect: { status: 400 } },
      {
        name: 'payload is an array',
        send: post(`payload=${encodeURIComponent('[1,2]')}`, FORM),
        expect: { status: 400 },
      },
      { name: 'empty JSON body', send: post('', JSON_CONTENT), expect: { status: 400 } },
      {
        name: 'a form sent as JSON',
        send: post('command=%2Fticket&text=', JSON_CONTENT),
        expect: { status: 400 },
      },
      {
        name: 'body over 4 MB',
        send: post(`{"type":"event_callback","x":"${'a'.repeat(4 * 1024 * 1024)}"}`, JSON_CONTENT),
        expect: { status: 413 },
      },
    ]);
  });

  it('with ids nobody listens to, are not acted on (Bolt answers 404 after its 3 s)', async () => {
    const payload = (p: Record<string, JsonValue>) => `payload=${encodeURIComponent(JSON.stringify(p))}`;
    await refuse(
      'unknown command, callback and action ids: 404',
      [
        {
          name: 'unknown command',
          send: () =>
            h.slack.command({ command: '/biglietto', text: '', userId: STUDENT, channelId: 'C0GENERAL1' }),
          expect: { status: 404 },
        },
        {
          name: 'unknown form callback id',
          send: () =>
            h.slack.viewSubmission({ userId: MARIA, callbackId: 'sportello_drop_tables', values: {} }),
          expect: { status: 404 },
        },
        {
          name: 'unknown button action id',
          send: () =>
            h.slack.blockAction({
              userId: MARIA,
              actionId: 'ticket_delete',
              value: helpdesk,
              channelId: HELPDESK_CHANNEL,
              messageTs: '1764493200.000100',
            }),
          expect: { status: 404 },
        },
        {
          name: 'unknown shortcut',
          send: () => h.slack.globalShortcut({ userId: STUDENT, callbackId: 'sportello_admin' }),
          expect: { status: 404 },
        },
        {
          name: 'interaction of an unknown type',
          send: () => h.slack.post(payload({ type: 'dialog_submission', user: { id: STUDENT } }), FORM),
          expect: { status: 404 },
        },
      ],
      true,
    );
    await refuse('unknown events: acknowledged, ignored', [
      {
        name: 'an event type the app does not handle',
        send: () => h.slack.event({ type: 'reaction_added', user: STUDENT, reaction: 'fire' }),
        expect: { status: 200 },
      },
      {
        name: 'a message event without channel or user',
        send: () => h.slack.event({ type: 'message', text: 'hi' }),
        expect: { status: 200 },
      },
      {
        name: 'a message in a thread the app does not know',
        send: () =>
          h.slack.messageEvent({
            channel: HELPDESK_CHANNEL,
            user: MARIA,
            text: 'x',
            threadTs: '1764493200.000999',
          }),
        expect: { status: 200 },
      },
    ]);
  });
});

describe('forged values', () => {
  it('are refused privately or on the form, and change nothing', async () => {
    const card = () => {
      const found = cardOf(h, HELPDESK_CHANNEL, helpdesk);
      if (!found) throw new Error('no card');
      return found;
    };
    const press =
      (actionId: string, value: string | undefined, userId = MARIA) =>
      () =>
        h.slack.blockAction({
          userId,
          actionId,
          channelId: HELPDESK_CHANNEL,
          message: card(),
          ...(actionId === ACTIONS.more
            ? { type: 'static_select', selectedOption: { value: value ?? '', text: 'x' } }
            : value === undefined
              ? {}
              : { value }),
        });
    const receipt = h.fake
      .messages(h.fake.dmChannelOf(STUDENT))
      .find((m) => !m.thread_ts || m.thread_ts === m.ts);
    if (!receipt) throw new Error('no receipt');
    const reply = (metadata: string) => () =>
      h.slack.viewSubmission({
        userId: MARIA,
        callbackId: VIEWS.reply,
        privateMetadata: metadata,
        values: { [INPUTS.body]: { [INPUTS.body]: { type: 'plain_text_input', value: 'Risposta' } } },
      });
    await refuse('forged action values and form metadata', [
      {
        name: "Claim carrying another queue's ticket",
        send: press(ACTIONS.claim, didattica),
        expect: { ephemeralFor: MARIA },
      },
      {
        name: 'Claim without a value',
        send: press(ACTIONS.claim, undefined),
        expect: { ephemeralFor: MARIA },
      },
      { name: 'Claim with an empty value', send: press(ACTIONS.claim, ''), expect: { ephemeralFor: MARIA } },
      {
        name: 'Claim with a non-numeric value',
        send: press(ACTIONS.claim, 'ventisei'),
        expect: { ephemeralFor: MARIA },
      },
      {
        name: 'Claim with a number and markup',
        send: press(ACTIONS.claim, `${helpdesk}<!channel>`),
        expect: { ephemeralFor: MARIA },
      },
      {
        name: 'Claim with a 40 KB value',
        send: press(ACTIONS.claim, '9'.repeat(KB40)),
        expect: { ephemeralFor: MARIA },
      },
      {
        name: 'Close with a negative number',
        send: press(ACTIONS.close, '-2026113010000016'),
        expect: { ephemeralFor: MARIA },
      },
      {
        name: 'More with an unknown action',
        send: press(ACTIONS.more, `delete:${helpdesk}`),
        expect: { ephemeralFor: MARIA },
      },
      {
        name: "More → priority of another queue's ticket",
        send: press(ACTIONS.more, `priority:${didattica}`),
        expect: { ephemeralFor: MARIA },
      },
      {
        name: 'Claim by a customer',
        send: press(ACTIONS.claim, helpdesk, slackUserIdOf(STUDENT2)),
        expect: { ephemeralFor: STUDENT2 },
      },
      {
        name: "It's solved on someone else's ticket",
        send: () =>
          h.slack.blockAction({
            userId: STUDENT2,
            actionId: ACTIONS.customerSolved,
            value: helpdesk,
            channelId: h.fake.dmChannelOf(STUDENT2),
            message: receipt,
          }),
        expect: { ephemeralFor: STUDENT2 },
      },
      {
        name: "Reply form carrying another queue's ticket",
        send: reply(JSON.stringify({ ticketNumber: didattica })),
        expect: { formErrors: INPUTS.body },
      },
      {
        name: 'Reply form with a non-numeric ticket',
        send: reply(JSON.stringify({ ticketNumber: 'abc' })),
        expect: { formErrors: INPUTS.body },
      },
      { name: 'Reply form with no ticket', send: reply('{}'), expect: { formErrors: INPUTS.body } },
      {
        name: 'Reply form with 40 KB of metadata',
        send: reply(JSON.stringify({ ticketNumber: helpdesk, x: 'x'.repeat(KB40) }).slice(0, KB40)),
        expect: { formErrors: INPUTS.body },
      },
      {
        name: 'new ticket in an unknown queue',
        send: () => submitNewTicket(STUDENT, { queue: 'segreto' }),
        expect: { formErrors: INPUTS.subject },
      },
      {
        name: 'new ticket in a queue closed to customers',
        send: () => submitNewTicket(STUDENT, { queue: 'sistemi' }),
        expect: { formErrors: INPUTS.subject },
      },
      {
        name: 'new ticket with priority 9',
        send: () => submitNewTicket(STUDENT, { priority: '9' }),
        expect: { formErrors: INPUTS.priority },
      },
      {
        name: 'new ticket for the bot, named by an operator',
        send: () => submitNewTicket(MARIA, { customer: 'U0SPORTBOT' }),
        expect: { formErrors: INPUTS.customer },
      },
      {
        name: 'new ticket with a 40 KB subject',
        send: () => submitNewTicket(STUDENT, { subject: 's'.repeat(KB40) }),
        expect: { formErrors: INPUTS.subject },
      },
      {
        name: 'new ticket with a blank subject',
        send: () => submitNewTicket(STUDENT, { subject: ' \n\t\u00A0 ' }),
        expect: { formErrors: INPUTS.subject },
      },
    ]);
  });
});

/** Every Web API write since `from`, with what it carried. */
function writesSince(from: number) {
  return h.fake
    .calls()
    .slice(from)
    .filter((c) => !c.failed && ['chat.postMessage', 'chat.update', 'views.open'].includes(c.method));
}

/** Block Kit limits: each text object ≤ 3000 characters, a message's text ≤ 40 000. */
function withinLimits(args: Record<string, JsonValue>): boolean {
  if (typeof args.text === 'string' && args.text.length > 40_000) return false;
  const tooLong = (value: JsonValue | undefined): boolean => {
    if (Array.isArray(value)) return value.some(tooLong);
    if (value === null || typeof value !== 'object') return false;
    if (typeof value.text === 'string' && value.type !== undefined && value.text.length > 3000) return true;
    return Object.values(value).some(tooLong);
  };
  return !tooLong(args.blocks) && !tooLong(args.view);
}

interface SafeCase {
  name: string;
  /** Does it and returns what must be stored whole (and how to find it). */
  run: () => Promise<{ stored: () => Promise<string | undefined>; expected: string; shownIn: string[] }>;
}

/**
 * Runs each case and checks the safe result: the text is stored whole in the database (as UTF-8 can hold it),
 * everything posted to Slack is within Block Kit's limits, injected markup shows escaped, and every delivery
 * arrived (nothing given up or left pending).
 */
async function safely(group: string, cases: SafeCase[]) {
  const failures: string[] = [];
  for (const c of cases) {
    const from = h.fake.calls().length;
    const failedBefore = probe.count('outbox', "status = 'failed'");
    let ok = true;
    const fail = (why: string) => {
      ok = false;
      failures.push(`${c.name}: ${why}`);
    };
    try {
      const { stored, expected, shownIn } = await c.run();
      await settle();
      const kept = await stored();
      if (kept !== expected)
        fail(
          `stored ${JSON.stringify(kept?.slice(0, 80))}… (${kept?.length}), expected ${expected.length} chars`,
        );
      const writes = writesSince(from);
      if (writes.length === 0) fail('nothing reached Slack');
      for (const write of writes)
        if (!withinLimits(write.args)) fail(`${write.method} over Block Kit limits`);
      const shown = writes
        .filter((w) => shownIn.includes(String(w.args.channel ?? '')))
        .map((w) => messageText(w.args))
        .join('\n');
      for (const raw of [
        '<!channel>',
        '<!here>',
        '<@U0MARIA001>',
        '<#C0HELPDESK>',
        '<https://evil',
        '<script>',
        '<img',
      ]) {
        if (shown.includes(raw)) fail(`Slack shows ${raw} unescaped`);
      }
      if (probe.count('outbox', "status = 'failed'") > failedBefore) fail('a delivery was given up');
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    summary.one(group, ok);
  }
  expect(failures).toEqual([]);
}

/** The newest ticket of `userId`: its title and first article, as stored. */
function newest(userId: string) {
  const ticket = probe.latestTicketOf(userId);
  if (!ticket) return undefined;
  return h.sportello.desk.getTicket(SYSTEM, ticketNumberOf(ticket.number));
}

/** A ticket opened with `description`, whose stored request must be `description` as UTF-8 holds it. */
function openWith(userId: string, fields: NewTicketFields) {
  return async () => {
    const response = await submitNewTicket(userId, fields);
    if (response.body) throw new Error(`form refused: ${response.body.slice(0, 200)}`);
    return {
      stored: async () => (await newest(userId))?.articles[0]?.body,
      expected: wellFormed(fields.description ?? ''),
      shownIn: [HELPDESK_CHANNEL, h.fake.dmChannelOf(userId)],
    };
  };
}

/** The student writes `text` in their DM thread of the helpdesk ticket. */
function customerWrites(text: string) {
  return async () => {
    const dm = h.fake.dmChannelOf(STUDENT);
    const receipt = h.fake
      .messages(dm)
      .find((m) => messageText(m).includes(helpdesk) && (!m.thread_ts || m.thread_ts === m.ts));
    if (!receipt) throw new Error('no receipt');
    const sent = await h.slack.messageEvent({ channel: dm, user: STUDENT, text, threadTs: receipt.ts });
    await h.fake.waitFor(() => probe.hasArticleFor(dm, sent.ts), 3000, 'the message stored');
    return {
      stored: async () =>
        (await h.sportello.desk.getTicket(SYSTEM, ticketNumberOf(helpdesk))).articles.find(
          (a) => a.slackTs === sent.ts,
        )?.body,
      expected: wellFormed(text),
      shownIn: [HELPDESK_CHANNEL],
    };
  };
}

/** Maria replies `text` from the card of the helpdesk ticket. */
function operatorReplies(text: string) {
  return async () => {
    const response = await h.slack.viewSubmission({
      userId: MARIA,
      callbackId: VIEWS.reply,
      privateMetadata: JSON.stringify({ ticketNumber: helpdesk, channelId: HELPDESK_CHANNEL }),
      values: { [INPUTS.body]: { [INPUTS.body]: { type: 'plain_text_input', value: text } } },
    });
    if (response.body) throw new Error(`form refused: ${response.body.slice(0, 200)}`);
    return {
      stored: async () =>
        (await h.sportello.desk.getTicket(SYSTEM, ticketNumberOf(helpdesk))).articles
          .filter((a) => a.senderType === 'agent')
          .at(-1)?.body,
      expected: wellFormed(text),
      shownIn: [HELPDESK_CHANNEL, h.fake.dmChannelOf(STUDENT)],
    };
  };
}

describe('text that is long, tries markup, or is odd Unicode', () => {
  it('is stored whole and shown escaped and capped', async () => {
    const long = `${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(800)}`.slice(0, KB40);
    await safely('40 KB fields: stored whole, capped in Slack', [
      {
        name: '40 KB description',
        run: openWith(STUDENT2, { subject: 'Descrizione lunga', description: long }),
      },
      { name: '40 KB reply', run: operatorReplies(long) },
      { name: '40 KB message in the DM thread', run: customerWrites(long) },
    ]);
    await safely('mrkdwn and HTML injection: escaped', [
      {
        name: 'injection in subject and description',
        run: openWith(STUDENT2, { subject: INJECTION.slice(0, 200), description: INJECTION }),
      },
      { name: 'injection in a reply', run: operatorReplies(INJECTION) },
      { name: 'injection in a DM thread message', run: customerWrites(INJECTION) },
    ]);
    await safely('odd Unicode: RTL override, zero-width, emoji, NUL, lone surrogates', [
      {
        name: 'RTL, zero-width, emoji, NUL in the description',
        run: openWith(STUDENT2, { subject: ODD_UNICODE, description: ODD_UNICODE }),
      },
      {
        name: 'lone surrogates in the description',
        run: openWith(STUDENT2, { subject: LONE_SURROGATES, description: LONE_SURROGATES }),
      },
      { name: 'odd Unicode in a reply', run: operatorReplies(`${ODD_UNICODE} ${LONE_SURROGATES}`) },
      {
        name: 'odd Unicode in a DM thread message',
        run: customerWrites(`${ODD_UNICODE} ${LONE_SURROGATES}`),
      },
    ]);
    // Titles are kept as typed, only their whitespace folded; lone surrogates become U+FFFD like all text.
    const titles = probe.sqlite.prepare('select title from tickets').all() as { title: string }[];
    for (const subject of [ODD_UNICODE, LONE_SURROGATES, INJECTION.slice(0, 200)]) {
      expect(titles.map((t) => t.title)).toContain(wellFormed(validateTitle(subject)));
    }
  });

  it('reaches the customer by mail with HTML escaped', async () => {
    const from = h.fake.calls().length;
    const response = await submitNewTicket(STUDENT, {
      subject: 'Posta <script>',
      description: INJECTION,
      notifyVia: 'both',
    });
    expect(response.body).toBe('');
    await settle();
    const mailDir = join(dirname(h.database.sqlite.name), 'mail');
    const found = await h.fake.waitFor(
      () => {
        const files = readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
        return files.length > 0 ? files : undefined;
      },
      5000,
      'a mail',
    );
    const mails = await Promise.all(found.map((f) => simpleParser(readFileSync(join(mailDir, f)))));
    // The HTML part must not carry the markup; the plain-text part shows it as the text it is.
    const html = mails.map((m) => m.html || '').join('\n');
    const ok = html.includes('&lt;script&gt;') && !html.includes('<script>') && !html.includes('<img src=x');
    summary.one('mrkdwn and HTML injection: escaped', ok, 'and in the mail');
    expect(writesSince(from).length).toBeGreaterThan(0);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
  });

  it('as a command, opens the form or says why not, and changes nothing', async () => {
    const cases = [
      { name: '/ticket with 40 KB of text', text: 'x'.repeat(KB40) },
      { name: '/ticket with markup', text: INJECTION },
      { name: '/ticket with odd Unicode', text: `${ODD_UNICODE} ${LONE_SURROGATES}` },
      {
        name: '/ticket search with SQL and FTS syntax',
        text: `search "a" OR b* NEAR(c) '; drop table tickets; --`,
      },
      { name: '/ticket with a number that is not a ticket', text: '2026113010000099' },
    ];
    const failures: string[] = [];
    for (const c of cases) {
      const before = probe.rowCounts();
      const from = h.fake.calls().length;
      const triggerId = h.slack.triggerId();
      const response = await h.slack.command({
        text: c.text,
        userId: STUDENT,
        channelId: 'C0GENERAL1',
        triggerId,
      });
      await settle();
      const answered =
        response.status === 200 &&
        (response.body !== '' ||
          h.fake.viewByTrigger(triggerId) !== undefined ||
          h.fake.ephemerals().some((e) => e.user === STUDENT));
      const limits = writesSince(from).every((w) => withinLimits(w.args));
      const unchanged = JSON.stringify(probe.rowCounts()) === JSON.stringify(before);
      if (!answered || !limits || !unchanged)
        failures.push(`${c.name}: answered ${answered}, limits ${limits}, unchanged ${unchanged}`);
      summary.one('commands with odd text: answered, nothing changed', answered && limits && unchanged);
    }
    expect(failures).toEqual([]);
  });

  it('as a shortcut on a message, refuses what it cannot use', async () => {
    const before = probe.rowCounts();
    const response = await h.slack.messageShortcut({
      userId: MARIA,
      callbackId: SHORTCUTS.sendToCustomer,
      channelId: 'C0RANDOM01',
      message: { ts: '1764493200.000100', user: MARIA, text: INJECTION },
    });
    await settle();
    const refused = await h.fake
      .waitFor(() => h.fake.ephemerals().find((e) => e.user === MARIA && e.channel === 'C0RANDOM01'), 3000)
      .then(() => true)
      .catch(() => false);
    const ok =
      response.status === 200 && refused && JSON.stringify(probe.rowCounts()) === JSON.stringify(before);
    summary.one('forged action values and form metadata', ok, 'and a shortcut outside any ticket');
    expect(ok).toBe(true);
  });
});

describe('the log of the whole run (at debug level)', () => {
  it('has debug lines, Slack’s libraries’ too, and no secret, email address or text of the run in them', () => {
    const debug = debugLines(h.logs);
    expect(debug.some((line) => line.includes("apiCall('chat.postMessage') start"))).toBe(true);
    expect(debug.some((line) => line.includes('http request result: ('))).toBe(true);
    expect(logLeaks()).toEqual([]);
  });
});
