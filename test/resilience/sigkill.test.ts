import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDeliveries } from '../../bench/load/checks.js';
import { type LoadDesk, loadDesk } from '../../bench/load/desk.js';
import { type JournalEntry, poll, runLifecycles, Sender } from '../../bench/load/driver.js';
import { DeskProbe } from '../../bench/load/probe.js';
import { type FakeSlack, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient } from '../../src/fake-slack/slack-requests.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startCaptureServer } from './support/capture-server.js';
import { ChildApp, freePort } from './support/child-app.js';
import { debugLines, linesShowing, privateValues } from './support/log-privacy.js';
import { linesWithSecrets, Summary } from './support/summary.js';

const SIGNING_SECRET = 'kill-signing-secret-7c1d93b2ef';
const BOT_TOKEN = 'xoxb-kill-bot-token-2a6e0f9d41';
const PEOPLE = 12;

const summary = new Summary('sigkill');
let dir: string;
let desk: LoadDesk;
let fake: FakeSlack;
let sink: SmtpSink;
let capture: Awaited<ReturnType<typeof startCaptureServer>>;
let app: ChildApp;
let probe: DeskProbe;
let port: number;
let smtpPassword: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-kill-'));
  desk = loadDesk(PEOPLE);
  fake = await startFakeSlack({ users: desk.users });
  sink = await startSmtpSink();
  smtpPassword = new URL(sink.url()).password;
  capture = await startCaptureServer();
  port = await freePort();
  const configPath = join(dir, 'sportello.yml');
  writeFileSync(configPath, desk.configText);
  app = new ChildApp({
    DATABASE_PATH: join(dir, 'sportello.db'),
    SPORTELLO_CONFIG: configPath,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
    SCHEDULER_INTERVAL_SECONDS: '1',
    OUTBOX_LEASE_SECONDS: '2',
    SMTP_URL: sink.url(),
    MAIL_FROM: 'Sportello <sportello@ateneo.example>',
    LOG_LEVEL: 'debug',
  });
  await app.start();
  probe = new DeskProbe(new Database(join(dir, 'sportello.db')));
}, 30_000);

/** The lines the app printed showing a secret, and its debug lines showing an email address or a text. */
function logLeaks(): string[] {
  const output = app?.output ?? [];
  const emails = desk?.users.flatMap((user) => (user.email ? [user.email] : [])) ?? [];
  const shown = probe ? linesShowing(debugLines(output), privateValues(probe.sqlite, emails)) : [];
  return [...linesWithSecrets(output, [BOT_TOKEN, SIGNING_SECRET, smtpPassword]), ...shown];
}

afterAll(async () => {
  await app?.stop();
  summary.secrets(app?.output.length ?? 0, logLeaks().length, debugLines(app?.output ?? []).length);
  probe?.sqlite.close();
  await fake?.close();
  await sink?.stop();
  await capture?.close();
  summary.report();
  rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 in the middle of a load run', () => {
  it('loses nothing acknowledged and duplicates nothing replayed', async () => {
    const target = createSlackClient({
      url: `http://127.0.0.1:${port}`,
      signingSecret: SIGNING_SECRET,
      responseUrlBase: fake.responseUrlBase,
    });
    const builder = createSlackClient({
      url: capture.url,
      signingSecret: SIGNING_SECRET,
      responseUrlBase: fake.responseUrlBase,
    });
    const sender = new Sender(target, { builder, journal: true });
    const stop = new AbortController();
    const load = runLifecycles(
      { sender, fake, probe, desk },
      {
        people: PEOPLE,
        lifecycles: 500,
        signal: stop.signal,
        stepTimeoutMs: 10_000,
        viewWaitMs: 2_000,
        rampUpMs: 1_000,
      },
    );

    // Kill while requests are in flight and deliveries are waiting, a few lifecycles in.
    const ready = await poll(() => {
      const closed = probe.count('tickets', "state = 'closed_successful'");
      const inFlight = sender.journal.some((e) => e.answeredAt === undefined && e.error === undefined);
      return closed >= PEOPLE && inFlight && probe.pendingDeliveries() > 0;
    }, 30_000);
    expect(ready, 'the load never reached the point to kill at').toBe(true);
    // No one starts a new step from now on; what is in flight dies with the app.
    stop.abort();
    await app.kill();
    const run = await load;

    await app.start();
    // Slack retries what got no answer, and people press again: everyone's last requests before the kill.
    const replayed = sender.journal.filter(
      (e, i, all) =>
        e.answeredAt === undefined || all.slice(i + 1).filter((l) => l.person === e.person).length < 3,
    );
    const statuses: number[] = [];
    for (const entry of replayed) {
      statuses.push((await target.replay(entry.built, { retryNum: 1, retryReason: 'http_timeout' })).status);
    }
    const acknowledgedForms = replayed.filter((e) => e.kind === 'view_submission' && e.status === 200).length;
    const events = replayed.filter((e) => e.kind === 'event').length;
    const drained = await poll(() => probe.pendingDeliveries() === 0, 30_000);

    const acknowledged = sender.journal.filter(
      (e) => e.label === 'new_ticket' && e.status === 200 && e.answeredAt !== undefined,
    );
    const titles = acknowledged.map((e) => titleOf(e));
    const check = await checkDeliveries({ probe, fake, desk, sink, acknowledgedTitles: titles });
    const unanswered = sender.journal.filter((e) => e.answeredAt === undefined).length;
    const answered = statuses.every((status) => status === 200);
    summary.add({
      group: `kill -9 after ${run.completed} lifecycles, restart, replay with X-Slack-Retry-Num`,
      tried: 1,
      passed:
        drained && answered && check.lost === 0 && check.duplicated === 0 && check.disagreeing === 0 ? 1 : 0,
      lost: check.lost,
      note:
        `${unanswered} request(s) unanswered at the kill; ${replayed.length} replayed (${acknowledgedForms} ` +
        `acknowledged forms, ${events} events); ${check.tickets} tickets, ${check.cards} cards, ` +
        `${check.customerDms + check.operatorDms} DMs, ${check.mails} mails (${check.mailsResent} sent again ` +
        `with the same Message-ID); ${check.duplicated} duplicated`,
    });
    expect(acknowledgedForms, 'no acknowledged form was replayed').toBeGreaterThan(0);
    expect(answered, `replays answered ${statuses.join(' ')}`).toBe(true);
    expect(drained, 'the outbox was not drained after the restart').toBe(true);
    expect(check.problems).toEqual([]);
    expect(check.lost).toBe(0);
    expect(check.duplicated).toBe(0);
    expect(check.disagreeing).toBe(0);
  }, 90_000);

  it('stays up after a signed request whose body is JSON null', async () => {
    const target = createSlackClient({ url: `http://127.0.0.1:${port}`, signingSecret: SIGNING_SECRET });
    const answer = await Promise.race([
      target.post('null', 'application/json').then((r) => r.status),
      new Promise<string>((done) => setTimeout(() => done('no answer'), 4_000)),
    ]);
    await new Promise((done) => setTimeout(done, 300));
    const alive = app.running;
    const next = alive ? (await target.urlVerification('still-there')).status : 0;
    summary.one(
      'signed JSON null body',
      alive && next === 200,
      `answer: ${answer}; app ${alive ? 'up' : 'DOWN'}`,
    );
    expect(alive, 'the app died').toBe(true);
    expect(next).toBe(200);
  });
});

describe('the log of both runs, at LOG_LEVEL=debug', () => {
  it('has debug lines, Slack’s libraries’ too, and no secret, email address or text of the run in them', () => {
    const debug = debugLines(app.output);
    expect(debug.some((line) => line.includes("apiCall('chat.postMessage') start"))).toBe(true);
    expect(debug.some((line) => line.includes('http request result: ('))).toBe(true);
    expect(logLeaks()).toEqual([]);
  });
});

/** The subject a new-ticket form carried. */
function titleOf(entry: JournalEntry): string {
  const payload = entry.built.payload as {
    view?: { state?: { values?: Record<string, Record<string, { value?: string }>> } };
  };
  return payload.view?.state?.values?.subject?.subject?.value ?? '';
}
