import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDeliveries } from '../../bench/load/checks.js';
import { type LoadDesk, loadDesk } from '../../bench/load/desk.js';
import { poll, runLifecycles, Sender } from '../../bench/load/driver.js';
import { type FakeSlack, type Fault, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient } from '../../src/fake-slack/slack-requests.js';
import { type OwnPostgres, startOwnPostgres } from '../support/own-postgres.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { balancedRequests } from './support/balancer.js';
import { startCaptureServer } from './support/capture-server.js';
import { ChildApp, freePort } from './support/child-app.js';
import { PgMirrorProbe } from './support/pg-mirror.js';
import { linesWithSecrets, Summary } from './support/summary.js';

const SIGNING_SECRET = 'replicas-signing-secret-4e8a1c7d30';
const BOT_TOKEN = 'xoxb-replicas-bot-token-9b3f52e6a1';
const PEOPLE = 10;
const LIFECYCLES = 30;
// No hangs: each would cost the app's Slack client its full timeout (10 s) in a child process.
const FAULTS: Fault[] = [{ status: 429, retryAfter: 1 }, { status: 500 }];

const summary = new Summary('replicas');
let dir: string;
let postgres: OwnPostgres;
let desk: LoadDesk;
let fake: FakeSlack;
let sink: SmtpSink;
let capture: Awaited<ReturnType<typeof startCaptureServer>>;
let apps: ChildApp[] = [];
let ports: number[] = [];
let probe: PgMirrorProbe;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-replicas-pg-'));
  postgres = await startOwnPostgres('replicas-pg');

  desk = loadDesk(PEOPLE);
  fake = await startFakeSlack({ users: desk.users });
  sink = await startSmtpSink();
  capture = await startCaptureServer();
  const configPath = join(dir, 'sportello.yml');
  writeFileSync(configPath, desk.configText);
  ports = [await freePort(), await freePort()];
  apps = ports.map(
    (port, index) =>
      new ChildApp({
        DATABASE_URL: postgres.deskUrl,
        DATABASE_POOL_SIZE: '4',
        SPORTELLO_CONFIG: configPath,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        SCHEDULER_INTERVAL_SECONDS: '1',
        OUTBOX_LEASE_SECONDS: '3',
        SMTP_URL: sink.url(),
        MAIL_FROM: 'Sportello <sportello@ateneo.example>',
        MAIL_DIR: join(dir, `mail-${index}`),
      }),
  );
  // Together, on the empty database: they migrate it once between them.
  await Promise.all(apps.map((app) => app.start(undefined, 90_000)));
  probe = PgMirrorProbe.create(postgres.deskUrl);
}, 150_000);

afterAll(async () => {
  const output = apps.flatMap((app) => app.output);
  summary.secrets(output.length, linesWithSecrets(output, [BOT_TOKEN, SIGNING_SECRET]).length);
  summary.report();
  for (const app of apps) await app.kill();
  await probe?.close();
  await fake?.close();
  await sink?.stop();
  await capture?.close();
  await postgres?.dispose();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('two app processes on one PostgreSQL database, under the faults load', () => {
  it('one killed with -9 and the database restarted mid-load: nothing acknowledged lost, nothing doubled, every card right', async () => {
    const [survivor, victim] = apps as [ChildApp, ChildApp];
    fake.setFaultRate(0.1, FAULTS, 20261206);
    await sink.stop();
    const smtpBack = new Promise<void>((done) => setTimeout(() => void sink.start().then(done), 3_000));

    const client = (url: string) =>
      createSlackClient({ url, signingSecret: SIGNING_SECRET, responseUrlBase: fake.responseUrlBase });
    const balancer = balancedRequests(ports.map((port) => client(`http://127.0.0.1:${port}`)));
    const sender = new Sender(balancer, { builder: client(capture.url) });
    const load = runLifecycles(
      { sender, fake, probe, desk },
      {
        people: PEOPLE,
        lifecycles: LIFECYCLES,
        stepTimeoutMs: 45_000,
        viewWaitMs: 3_000,
        maxPresses: 8,
        resubmits: 3,
        rampUpMs: 1_000,
      },
    );

    // A few lifecycles in, with deliveries waiting: one process dies, then the database restarts.
    const busy = await poll(
      () => probe.count('tickets', "state = 'closed_successful'") >= 3 && probe.pendingDeliveries() > 0,
      90_000,
    );
    expect(busy, 'the load never got going').toBe(true);
    // Bolt acknowledges an event (and a button) before the app handles it: killed in between, it is gone,
    // Slack does not send it again (sigkill.test.ts replays those). So the balancer first stops sending the
    // process new requests and lets it finish those it has; then kill -9 hits its deliveries, leases and
    // scheduled jobs in flight.
    balancer.takeOut(1);
    await poll(() => balancer.inFlight(1) === 0, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await victim.kill();
    await poll(() => probe.count('tickets', "state = 'closed_successful'") >= 8, 90_000);
    await postgres.stopServer();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await postgres.startServer();
    // The killed process comes back, as its supervisor restarts it, and takes its share again.
    await victim.start(undefined, 90_000);
    balancer.putBack(1);

    const run = await load;
    await smtpBack;
    const drained = await fake.waitFor(
      async () => {
        await probe.caughtUp();
        return probe.pendingDeliveries() === 0;
      },
      60_000,
      'the outbox drained',
    );
    fake.clearFaults();
    await probe.refresh();
    const check = await checkDeliveries({
      probe,
      fake,
      desk,
      sink,
      acknowledgedTitles: run.acknowledgedTitles,
    });

    summary.add({
      group: `${LIFECYCLES} lifecycles, ${PEOPLE} people, 2 processes, 10% of Slack calls failing, SMTP down 3 s, one kill -9, one PostgreSQL restart`,
      tried: LIFECYCLES,
      passed: run.completed,
      lost: check.lost,
      note: `${balancer.resent} requests sent again to the other process`,
    });
    summary.add({
      group: 'tickets, articles, cards, thread posts, DMs, mails exactly once; cards agree with the database',
      tried: check.tickets,
      passed: check.tickets - check.disagreeing,
      lost: check.lost,
      note:
        `${check.tickets} tickets, ${check.cards} cards, ${check.threadPosts} thread posts, ` +
        `${check.customerDms + check.operatorDms} DMs, ${check.mails} mails (${check.mailsResent} sent again); ` +
        `${check.duplicated} duplicated`,
    });

    expect(run.failures).toEqual([]);
    expect(run.completed).toBe(LIFECYCLES);
    expect(drained).toBe(true);
    expect(check.problems).toEqual([]);
    expect(check.lost).toBe(0);
    expect(check.duplicated).toBe(0);
    expect(check.disagreeing).toBe(0);
    expect(survivor.running, 'the surviving process died').toBe(true);
    expect(survivor.output.join('\n')).not.toMatch(/Sportello could not start|uncaught/i);
  }, 400_000);
});
