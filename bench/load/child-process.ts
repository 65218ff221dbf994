import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type FakeSlack, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient, type SlackRequests } from '../../src/fake-slack/slack-requests.js';
import { ChildApp, freePort } from '../../test/resilience/support/child-app.js';
import { type SmtpSink, startSmtpSink } from '../../test/support/smtp-sink.js';
import { type LoadDesk, loadDesk } from './desk.js';
import { LOAD_BOT_TOKEN, LOAD_SIGNING_SECRET } from './in-process.js';
import { PgDeskProbe } from './pg-probe.js';
import { DeskProbe, type LoadProbe } from './probe.js';
import { groupCpuMs, groupPeakRssKb } from './proc.js';

export interface ChildProcessApp {
  desk: LoadDesk;
  fake: FakeSlack;
  /** Signed requests into the first app. */
  slack: SlackRequests;
  /** Signed requests into each app, in the order of `apps`. */
  replicas: SlackRequests[];
  probe: LoadProbe;
  sink: SmtpSink | undefined;
  apps: ChildApp[];
  /** Peak resident set size of each app's processes (tsx and the app), MB. */
  peakRssMb(): number[];
  /** CPU milliseconds each app's processes used so far. */
  cpuMs(): number[];
  /** The PostgreSQL server processes of the probe's connections (none on SQLite). */
  probePids(): Promise<number[]>;
  stop(): Promise<void>;
}

/**
 * The app as `npm start` runs it, in processes of its own (so they have the cores to themselves), against the
 * fake Slack and the SMTP sink of this process: one, or `replicas` on one database (a PostgreSQL one at
 * `postgresUrl`, or one SQLite file), as behind a load balancer. The people read the database through a
 * connection of their own.
 */
export async function startChildProcessApp(options: {
  people: number;
  smtp?: boolean;
  replicas?: number;
  postgresUrl?: string;
}): Promise<ChildProcessApp> {
  const desk = loadDesk(options.people);
  const fake = await startFakeSlack({ users: desk.users });
  const sink = options.smtp ? await startSmtpSink() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'sportello-load-'));
  const configPath = join(dir, 'sportello.yml');
  writeFileSync(configPath, desk.configText);
  const sqlitePath = join(dir, 'sportello.db');
  const database: Record<string, string> = options.postgresUrl
    ? { DATABASE_URL: options.postgresUrl }
    : { DATABASE_PATH: sqlitePath };
  const ports = await Promise.all(Array.from({ length: options.replicas ?? 1 }, () => freePort()));
  const apps = ports.map(
    (port, index) =>
      new ChildApp({
        ...database,
        SPORTELLO_CONFIG: configPath,
        SLACK_BOT_TOKEN: LOAD_BOT_TOKEN,
        SLACK_SIGNING_SECRET: LOAD_SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        SCHEDULER_INTERVAL_SECONDS: '1',
        MAIL_FROM: 'Sportello <sportello@ateneo.example>',
        MAIL_DIR: join(dir, `mail-${index}`),
        // info: the ready line ("scheduler running") is an info line.
        LOG_LEVEL: 'info',
        ...(sink ? { SMTP_URL: sink.url() } : {}),
      }),
  );
  try {
    // Together, as a load balancer's replicas start (they migrate a fresh database once between them); slow
    // on a busy machine, where tsx compiles the app first.
    await Promise.all(apps.map((app) => app.start(/scheduler running/, 90_000)));
  } catch (error) {
    await Promise.all(apps.map((app) => app.kill()));
    await fake.close();
    await sink?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const pgProbe = options.postgresUrl ? new PgDeskProbe(options.postgresUrl) : undefined;
  const sqliteProbe = pgProbe ? undefined : new DeskProbe(new Database(sqlitePath));
  const replicas = ports.map((port) =>
    createSlackClient({
      url: `http://127.0.0.1:${port}`,
      signingSecret: LOAD_SIGNING_SECRET,
      responseUrlBase: fake.responseUrlBase,
    }),
  );
  return {
    desk,
    fake,
    slack: replicas[0] as SlackRequests,
    replicas,
    probe: (pgProbe ?? sqliteProbe) as LoadProbe,
    sink,
    apps,
    peakRssMb: () => apps.map((app) => groupPeakRssKb(app.pid) / 1024),
    cpuMs: () => apps.map((app) => groupCpuMs(app.pid)),
    probePids: async () => (pgProbe ? pgProbe.backendPids() : []),
    async stop() {
      await Promise.all(apps.map((app) => app.stop()));
      await pgProbe?.close();
      sqliteProbe?.sqlite.close();
      await fake.close();
      await sink?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
