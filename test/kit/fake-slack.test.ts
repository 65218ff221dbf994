import {
  ErrorCode,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  type WebClient,
} from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, messageText, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { fakeSlackClient } from '../support/fake-slack-client.js';

const MARIA = {
  id: 'U0MARIA001',
  name: 'maria',
  realName: 'Maria Rossi',
  email: 'maria@ateneo.example',
  locale: 'it-IT',
};
const JOHN = {
  id: 'U0JOHN0001',
  name: 'john',
  realName: 'John Smith',
  tz: 'America/New_York',
  locale: 'en-US',
};
const CHANNEL = 'C0HELPDESK';

let fake: FakeSlack;
let web: WebClient;

/** WebClient logs Slack's `response_metadata.messages` ("[ERROR] ...") at error level: keep them out of the output. */
function client(token = 'xoxb-test-token', extra: { timeout?: number } = {}): WebClient {
  return fakeSlackClient(fake, token, { rejectRateLimitedCalls: true, ...extra });
}

/** The error a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

beforeEach(async () => {
  fake = await startFakeSlack({ users: [MARIA, JOHN] });
  web = client();
});
afterEach(async () => {
  await fake.close();
});

describe('fake Slack Web API, through the real WebClient', () => {
  it('answers auth.test with the bot identity and records the call with its token', async () => {
    const result = await web.auth.test();
    expect(result).toMatchObject({
      ok: true,
      user_id: fake.botUserId,
      team_id: fake.teamId,
      bot_id: fake.botId,
    });
    expect(fake.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    expect(fake.calls()).toEqual([
      expect.objectContaining({ method: 'auth.test', token: 'xoxb-test-token', failed: false, args: {} }),
    ]);
  });

  it('posts to a channel, updates, and keeps a thread readable through conversations.replies', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*#10-1* Stampante rotta' } }];
    const parent = await web.chat.postMessage({ channel: CHANNEL, text: 'Ticket #10-1', blocks });
    expect(parent.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(parent.channel).toBe(CHANNEL);
    expect(parent.message?.blocks).toEqual(blocks);

    const first = await web.chat.postMessage({
      channel: CHANNEL,
      thread_ts: parent.ts,
      text: 'Preso in carico',
    });
    const second = await web.chat.postMessage({ channel: CHANNEL, thread_ts: parent.ts, text: 'Risolto' });
    expect(Number(first.ts)).toBeGreaterThan(Number(parent.ts));
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));

    await web.chat.update({ channel: CHANNEL, ts: parent.ts ?? '', text: 'Ticket #10-1 (chiuso)' });
    const [stored] = fake.messages(CHANNEL);
    expect(stored).toMatchObject({ ts: parent.ts, text: 'Ticket #10-1 (chiuso)', blocks, reply_count: 2 });
    expect(messageText(stored)).toContain('Stampante rotta');

    const replies = await web.conversations.replies({ channel: CHANNEL, ts: parent.ts ?? '' });
    expect(replies.messages?.map((m) => m.text)).toEqual([
      'Ticket #10-1 (chiuso)',
      'Preso in carico',
      'Risolto',
    ]);
    expect(replies.messages?.[1]).toMatchObject({ thread_ts: parent.ts, parent_user_id: fake.botUserId });

    const history = await web.conversations.history({ channel: CHANNEL });
    expect(history.messages?.map((m) => m.ts)).toEqual([parent.ts]);

    // the recorded args are decoded: blocks arrive as a JSON string in the form body
    expect(fake.lastCall('chat.postMessage')?.args).toMatchObject({ channel: CHANNEL, text: 'Risolto' });
    expect(fake.calls('chat.postMessage')[0]?.args.blocks).toEqual(blocks);
  });

  it('refuses to update a message that does not exist, without changing anything', async () => {
    const error = await rejection(web.chat.update({ channel: CHANNEL, ts: '1700000000.000100', text: 'x' }));
    expect(error).toBeInstanceOf(WebAPIPlatformError);
    expect((error as WebAPIPlatformError).data.error).toBe('message_not_found');
    expect(fake.lastCall('chat.update')).toMatchObject({ failed: true, error: 'message_not_found' });
    expect(fake.messages(CHANNEL)).toEqual([]);
  });

  it('delivers a message to a user id into the DM channel conversations.open returns', async () => {
    const posted = await web.chat.postMessage({ channel: MARIA.id, text: 'Il tuo ticket è stato aperto' });
    const dm = fake.dmChannelOf(MARIA.id);
    expect(dm).toMatch(/^D/);
    expect(posted.channel).toBe(dm);
    const opened = await web.conversations.open({ users: MARIA.id });
    expect(opened.channel?.id).toBe(dm);
    expect(fake.messages(dm).map((m) => m.text)).toEqual(['Il tuo ticket è stato aperto']);
    const info = await web.conversations.info({ channel: dm });
    expect(info.channel).toMatchObject({ id: dm, is_im: true, user: MARIA.id });
  });

  it('stores modals opened with a trigger and the latest Home tab per user', async () => {
    const modal = {
      type: 'modal' as const,
      callback_id: 'sportello_new_ticket_modal',
      private_metadata: '{"queue":"helpdesk"}',
      title: { type: 'plain_text' as const, text: 'Nuovo ticket' },
      submit: { type: 'plain_text' as const, text: 'Apri' },
      blocks: [
        {
          type: 'input',
          block_id: 'subject',
          label: { type: 'plain_text' as const, text: 'Oggetto' },
          element: { type: 'plain_text_input' as const, action_id: 'value' },
        },
      ],
    };
    const opened = await web.views.open({ trigger_id: '12345.98765.abcd2358fdea', view: modal });
    expect(opened.view?.id).toMatch(/^V/);
    expect(fake.viewByTrigger('12345.98765.abcd2358fdea')).toMatchObject({
      id: opened.view?.id,
      callback_id: 'sportello_new_ticket_modal',
      private_metadata: '{"queue":"helpdesk"}',
    });

    // a trigger opens one view only; views.open needs one
    const reused = await rejection(web.views.open({ trigger_id: '12345.98765.abcd2358fdea', view: modal }));
    expect((reused as WebAPIPlatformError).data.error).toBe('exchanged_trigger_id');
    const missing = await rejection(web.apiCall('views.open', { view: modal }));
    expect((missing as WebAPIPlatformError).data.error).toBe('invalid_arguments');

    const updated = await web.views.update({
      view_id: opened.view?.id ?? '',
      hash: opened.view?.hash ?? '',
      view: { ...modal, private_metadata: 'step 2' },
    });
    expect(fake.view(opened.view?.id ?? '')?.private_metadata).toBe('step 2');
    const stale = await rejection(
      web.views.update({ view_id: opened.view?.id ?? '', hash: opened.view?.hash ?? '', view: modal }),
    );
    expect((stale as WebAPIPlatformError).data.error).toBe('hash_conflict');
    expect(updated.view?.hash).not.toBe(opened.view?.hash);

    const home = {
      type: 'home' as const,
      blocks: [{ type: 'section', text: { type: 'mrkdwn' as const, text: 'v1' } }],
    };
    const first = await web.views.publish({ user_id: MARIA.id, view: home });
    await web.views.publish({ user_id: MARIA.id, view: { ...home, blocks: [{ type: 'divider' }] } });
    expect(fake.homeView(MARIA.id)).toMatchObject({
      id: first.view?.id,
      type: 'home',
      blocks: [{ type: 'divider' }],
    });
    expect(fake.homeView(JOHN.id)).toBeUndefined();
  });

  it('rejects modals over Slack limits like Slack does', async () => {
    const error = await rejection(
      web.views.open({
        trigger_id: '1.2.abc',
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: 'A title far longer than allowed' },
          blocks: [],
        },
      }),
    );
    expect((error as WebAPIPlatformError).data).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: { messages: [expect.stringContaining('/view/title/text')] },
    });
    expect(fake.views()).toEqual([]);
  });

  it('describes users like users.info, with the locale only when asked', async () => {
    const plain = await web.users.info({ user: MARIA.id });
    expect(plain.user).toMatchObject({
      id: MARIA.id,
      name: 'maria',
      real_name: 'Maria Rossi',
      tz: 'Europe/Rome',
      profile: { email: 'maria@ateneo.example', display_name: 'maria' },
      is_bot: false,
    });
    expect(plain.user?.locale).toBeUndefined();
    const withLocale = await web.users.info({ user: MARIA.id, include_locale: true });
    expect(withLocale.user?.locale).toBe('it-IT');
    const john = await web.users.info({ user: JOHN.id, include_locale: true });
    expect(john.user).toMatchObject({ locale: 'en-US', tz: 'America/New_York' });
    expect([-18000, -14400]).toContain(john.user?.tz_offset);

    const byEmail = await web.users.lookupByEmail({ email: 'MARIA@ateneo.example' });
    expect(byEmail.user?.id).toBe(MARIA.id);
    const unknown = await rejection(web.users.lookupByEmail({ email: 'nobody@ateneo.example' }));
    expect((unknown as WebAPIPlatformError).data.error).toBe('users_not_found');
    const noUser = await rejection(web.users.info({ user: 'U0NOBODY01' }));
    expect((noUser as WebAPIPlatformError).data.error).toBe('user_not_found');
  });

  it('answers conversations.members from setMembers, paginated', async () => {
    fake.setMembers(CHANNEL, [MARIA.id, JOHN.id, 'U0LUCA0001']);
    const page = await web.conversations.members({ channel: CHANNEL, limit: 2 });
    expect(page.members).toEqual([MARIA.id, JOHN.id]);
    const rest = await web.conversations.members({
      channel: CHANNEL,
      cursor: page.response_metadata?.next_cursor ?? '',
    });
    expect(rest.members).toEqual(['U0LUCA0001']);
    expect(rest.response_metadata?.next_cursor).toBe('');
  });

  it('records ephemerals, reactions, deletions and permalinks', async () => {
    const posted = await web.chat.postMessage({ channel: CHANNEL, text: 'card' });
    const ts = posted.ts ?? '';
    const ephemeral = await web.chat.postEphemeral({ channel: CHANNEL, user: MARIA.id, text: 'Solo per te' });
    expect(ephemeral.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.ephemerals(CHANNEL)).toEqual([
      expect.objectContaining({ user: MARIA.id, text: 'Solo per te' }),
    ]);

    await web.reactions.add({ channel: CHANNEL, timestamp: ts, name: 'white_check_mark' });
    expect(fake.message(CHANNEL, ts)?.reactions).toEqual([
      { name: 'white_check_mark', users: [fake.botUserId], count: 1 },
    ]);
    const again = await rejection(
      web.reactions.add({ channel: CHANNEL, timestamp: ts, name: 'white_check_mark' }),
    );
    expect((again as WebAPIPlatformError).data.error).toBe('already_reacted');

    const link = await web.chat.getPermalink({ channel: CHANNEL, message_ts: ts });
    expect(link.permalink).toBe(`https://fake.slack.test/archives/${CHANNEL}/p${ts.replace('.', '')}`);

    await web.chat.delete({ channel: CHANNEL, ts });
    expect(fake.messages(CHANNEL)).toEqual([]);
  });

  it('surfaces a 429 as a rate-limited error carrying Retry-After, and changes nothing', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const error = await rejection(web.chat.postMessage({ channel: CHANNEL, text: 'hello' }));
    expect(error).toBeInstanceOf(WebAPIRateLimitedError);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    expect(fake.messages(CHANNEL)).toEqual([]);
    expect(fake.lastCall('chat.postMessage')).toMatchObject({
      failed: true,
      error: 'ratelimited',
      fault: { status: 429, retryAfter: 7 },
    });
    // the fault was used up
    await web.chat.postMessage({ channel: CHANNEL, text: 'hello' });
    expect(fake.messages(CHANNEL)).toHaveLength(1);
  });

  it('surfaces a 500 as an HTTP error', async () => {
    fake.failNext('*', { status: 500 });
    const error = await rejection(web.chat.postMessage({ channel: CHANNEL, text: 'hello' }));
    expect(error).toBeInstanceOf(WebAPIHTTPError);
    expect(error).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
  });

  it('fails the next N calls of a method with a platform error, then recovers', async () => {
    fake.failNext('conversations.info', { error: 'channel_not_found' }, 2);
    for (let i = 0; i < 2; i += 1) {
      const error = await rejection(web.conversations.info({ channel: CHANNEL }));
      expect((error as WebAPIPlatformError).data.error).toBe('channel_not_found');
    }
    await web.auth.test(); // other methods are not affected
    const info = await web.conversations.info({ channel: CHANNEL });
    expect(info.channel?.id).toBe(CHANNEL);
    expect(fake.calls().map((c) => [c.method, c.failed])).toEqual([
      ['conversations.info', true],
      ['conversations.info', true],
      ['auth.test', false],
      ['conversations.info', false],
    ]);
  });

  it('hangs a call until it times out on the client side, and close() ends hanging requests', async () => {
    fake.failNext('chat.postMessage', { hang: true }, 2);
    const impatient = client('xoxb-test-token', { timeout: 100 });
    const timedOut = await rejection(impatient.chat.postMessage({ channel: CHANNEL, text: 'hello' }));
    expect(timedOut).toBeInstanceOf(WebAPIRequestError);
    expect(fake.lastCall('chat.postMessage')).toMatchObject({ failed: true, error: 'hang' });

    const pending = rejection(web.chat.postMessage({ channel: CHANNEL, text: 'hello' }));
    await fake.waitFor(() => fake.calls('chat.postMessage').length === 2);
    await fake.close();
    expect(await pending).toBeInstanceOf(WebAPIRequestError);
    expect(fake.messages(CHANNEL)).toEqual([]);
  });

  it('fails a seeded, repeatable share of calls with setFaultRate', async () => {
    async function run(seed: number): Promise<boolean[]> {
      fake.reset();
      fake.setFaultRate(0.3, [{ error: 'internal_error' }, { status: 500 }], seed);
      const outcomes: boolean[] = [];
      for (let i = 0; i < 40; i += 1) {
        outcomes.push(
          await web.chat.postMessage({ channel: CHANNEL, text: `m${i}` }).then(
            () => true,
            () => false,
          ),
        );
      }
      return outcomes;
    }
    const first = await run(42);
    const failures = first.filter((ok) => !ok).length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(25);
    expect(fake.messages(CHANNEL)).toHaveLength(40 - failures);
    expect(
      fake
        .calls()
        .filter((c) => c.failed)
        .map((c) => c.error),
    ).toEqual(expect.arrayContaining(['internal_error', 'http_500']));
    expect(await run(42)).toEqual(first);
    expect(await run(7)).not.toEqual(first);

    fake.setFaultRate(1, [{ error: 'fatal_error' }], 1, { methods: ['views.publish'] });
    await web.auth.test();
    expect(fake.lastCall('auth.test')?.failed).toBe(false);
  });

  it('waits for calls, and times out naming the calls it saw', async () => {
    const later = fake.waitForCall('chat.postMessage', (args) => args.text === 'second');
    await web.chat.postMessage({ channel: CHANNEL, text: 'first' });
    setTimeout(() => void web.chat.postMessage({ channel: CHANNEL, text: 'second' }), 30);
    expect((await later).args).toMatchObject({ channel: CHANNEL, text: 'second' });

    fake.failNext('views.publish', { status: 429, retryAfter: 1 });
    await rejection(web.views.publish({ user_id: MARIA.id, view: { type: 'home', blocks: [] } }));
    const error = await rejection(fake.waitForCall('views.open', undefined, 100));
    expect(String(error)).toMatch(/a views\.open call timed out after 100 ms/);
    expect(String(error)).toContain('chat.postMessage ×2, views.publish (failed: ratelimited)');

    const viaPredicate = await rejection(
      fake.waitFor(
        () => {
          throw new Error('not yet: no DM');
        },
        50,
        'a DM to Maria',
      ),
    );
    expect(String(viaPredicate)).toMatch(/a DM to Maria timed out after 50 ms; last error: not yet: no DM/);
  });

  it('speaks Slack auth errors and unknown methods, and accepts JSON bodies', async () => {
    const raw = (method: string, init: RequestInit) =>
      fetch(`${fake.apiUrl}${method}`, { method: 'POST', ...init }).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    expect(await raw('auth.test', {})).toEqual({ status: 200, body: { ok: false, error: 'not_authed' } });
    expect(await raw('auth.test', { headers: { Authorization: 'Bearer nope' } })).toEqual({
      status: 200,
      body: { ok: false, error: 'invalid_auth' },
    });
    const json = await raw('chat.postMessage', {
      headers: { Authorization: 'Bearer xoxb-1', 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: CHANNEL, text: 'via json', blocks: [{ type: 'divider' }] }),
    });
    expect(json.body).toMatchObject({ ok: true, channel: CHANNEL });
    expect(fake.messages(CHANNEL)[0]).toMatchObject({ text: 'via json', blocks: [{ type: 'divider' }] });

    const unknown = await rejection(web.apiCall('files.uploadV2.fake'));
    expect((unknown as WebAPIPlatformError).data.error).toBe('unknown_method');
    expect(fake.lastCall('files.uploadV2.fake')).toMatchObject({ failed: true, error: 'unknown_method' });
  });

  it('reset() forgets what happened but keeps the workspace', async () => {
    fake.setMembers(CHANNEL, [MARIA.id]);
    await web.chat.postMessage({ channel: CHANNEL, text: 'x' });
    fake.failNext('*', { status: 500 }, 5);
    fake.reset();
    expect(fake.calls()).toEqual([]);
    expect(fake.messages(CHANNEL)).toEqual([]);
    const members = await web.conversations.members({ channel: CHANNEL });
    expect(members.members).toEqual([MARIA.id]);
  });
});
