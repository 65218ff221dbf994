import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { parseQueuesConfig } from '../../src/config/queues-file.js';
import { systemClock } from '../../src/core/clock.js';
import { createDb } from '../../src/db/client.js';
import { type FakeSlack, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient, type SlackRequests } from '../../src/fake-slack/slack-requests.js';
import { createLogger } from '../../src/logging.js';
import { type Sportello, type SportelloOptions, startSportello } from '../../src/server.js';
import { type SmtpSink, startSmtpSink } from '../../test/support/smtp-sink.js';
import { type LoadDesk, loadDesk } from './desk.js';
import { DeskProbe } from './probe.js';

export const LOAD_SIGNING_SECRET = 'load-signing-secret-5f2b9c1e7a';
export const LOAD_BOT_TOKEN = 'xoxb-load-bot-token-8d41f0a6c3';

export interface InProcessOptions {
  people: number;
  /** A local SMTP server for customer mail; without it mails are written as .eml files. */
  smtp?: boolean;
  /** Web API timeout of the app's client (a hanging Slack costs this much per call). */
  slackTimeoutMs?: number;
  delivery?: SportelloOptions['delivery'];
  intervalMs?: number;
  logLevel?: LogLevel;
  /** Also write each log line to stderr. */
  echoLogs?: boolean;
}

export interface InProcessApp {
  desk: LoadDesk;
  fake: FakeSlack;
  sportello: Sportello;
  /** Signed requests into the app's receiver. */
  slack: SlackRequests;
  probe: DeskProbe;
  sink: SmtpSink | undefined;
  /** Every line the app logged. */
  logs: string[];
  /** The secrets the app was given: none may appear in `logs`. */
  secrets: string[];
  dir: string;
  stop(): Promise<void>;
}

/**
 * The whole app in this process, as `npm start` runs it in HTTP mode: a fresh database in a temp folder, the
 * load desk's queues, the Bolt receiver on a free port of 127.0.0.1, the Web API pointed at an in-process fake
 * Slack, and customer mail through a local SMTP sink.
 */
export async function startInProcessApp(options: InProcessOptions): Promise<InProcessApp> {
  const desk = loadDesk(options.people);
  const fake = await startFakeSlack({ users: desk.users });
  const sink = options.smtp ? await startSmtpSink() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'sportello-load-'));
  const logs: string[] = [];
  const smtpUrl = sink?.url();
  const secrets = [LOAD_BOT_TOKEN, LOAD_SIGNING_SECRET, ...(sink ? [new URL(sink.url()).password] : [])];
  const logger = createLogger({
    level: options.logLevel ?? LogLevel.INFO,
    secrets,
    sink: (line) => {
      logs.push(line);
      if (options.echoLogs) process.stderr.write(line);
    },
  });
  const sportello = await startSportello({
    databasePath: join(dir, 'sportello.db'),
    config: parseQueuesConfig(desk.configText, 'load.yml'),
    clock: systemClock,
    logger,
    slack: {
      botToken: LOAD_BOT_TOKEN,
      signingSecret: LOAD_SIGNING_SECRET,
      apiUrl: fake.apiUrl,
      port: 0,
      host: '127.0.0.1',
      timeoutMs: options.slackTimeoutMs,
    },
    intervalMs: options.intervalMs ?? 200,
    delivery: options.delivery ?? { baseBackoffMs: 100, maxAttempts: 10 },
    mail: { smtpUrl, from: 'Sportello <sportello@ateneo.example>', mailDir: join(dir, 'mail') },
  });
  // The app's database, opened beside it for the probe's checks.
  const database = createDb(join(dir, 'sportello.db'));
  const slack = createSlackClient({
    url: `http://127.0.0.1:${sportello.port}`,
    signingSecret: LOAD_SIGNING_SECRET,
    responseUrlBase: fake.responseUrlBase,
  });
  return {
    desk,
    fake,
    sportello,
    slack,
    probe: new DeskProbe(database.sqlite),
    sink,
    logs,
    secrets,
    dir,
    async stop() {
      await sportello.stop();
      database.close();
      await fake.close();
      await sink?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
