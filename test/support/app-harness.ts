import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { afterEach, beforeEach } from 'vitest';
import { parseQueuesConfig } from '../../src/config/queues-file.js';
import { ManualClock } from '../../src/core/clock.js';
import { slackUserIdOf } from '../../src/core/model.js';
import { createDb, type Db, type DbHandle } from '../../src/db/client.js';
import { createPgDb } from '../../src/db/pg/client.js';
import { type Tables, tablesOf } from '../../src/db/tables.js';
import { type FakeSlack, type FakeUser, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient, type SlackRequests } from '../../src/fake-slack/slack-requests.js';
import { createLogger } from '../../src/logging.js';
import type { MailInSettings } from '../../src/mail/index.js';
import { type Sportello, startSportello } from '../../src/server.js';
import { TEST_CONFIG, TEST_DATABASE } from './desk.js';
import { mailLimits } from './mail-limits.js';
import { freshPostgresDatabase } from './postgres.js';

const MAIL_IN_DEFAULTS: MailInSettings = {
  accounts: [],
  smtp: { host: '127.0.0.1', port: 0, maxClients: 20, maxRecipients: 50 },
  limits: mailLimits({ maxAttachmentBytes: 1024 * 1024, maxMessageBytes: 1024 * 1024 }),
  ownAddresses: ['sportello@ateneo.example'],
};

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-bot-token-0123456789';
export const APP_TOKEN = 'xapp-1-A0SPORTELLO-test-app-token-0123456789';

/** The people of the test desk (see TEST_CONFIG), as Slack knows them. */
export const USERS: FakeUser[] = [
  {
    id: 'U0MARIA001',
    name: 'maria',
    realName: 'Maria Rossi',
    email: 'maria.rossi@ateneo.example',
    locale: 'it-IT',
  },
  {
    id: 'U0LUCA0001',
    name: 'luca',
    realName: 'Luca Verdi',
    email: 'luca.verdi@ateneo.example',
    locale: 'it-IT',
  },
  { id: 'U0GIULIA01', name: 'giulia', realName: 'Giulia Bianchi', locale: 'it-IT' },
  { id: 'U0PAOLO001', name: 'paolo', realName: 'Paolo Ricci', locale: 'en-US' },
  { id: 'U0ANNA0001', name: 'anna', realName: 'Anna Neri', locale: 'it-IT' },
  {
    id: 'U0STUDENT1',
    name: 'student',
    realName: 'Sofia Gallo',
    email: 'sofia.gallo@studenti.example',
    locale: 'en-US',
  },
  { id: 'U0STUDENT2', name: 'student2', realName: 'Marco Conti', locale: 'it-IT' },
];

export interface AppHarness {
  fake: FakeSlack;
  slack: SlackRequests;
  sportello: Sportello;
  clock: ManualClock;
  /** The app's database, opened beside it: for what a test checks in it, with its tables. */
  db: Db;
  tables: Tables;
  /** The SQLite file itself (on PostgreSQL runs: none), for the few tests of SQLite's own ways. */
  database: DbHandle;
  /** Everything the app logged, for asserting no secret leaks. */
  logs: string[];
  /** Where customer mail is written as .eml files, when the harness runs mail in. */
  mailDir: string;
  stop(): Promise<void>;
}

/** How Slack's requests reach the app: signed HTTP requests, or envelopes down a Socket Mode link. */
export type SlackTransport = 'http' | 'socket mode';
/** Both, for the end-to-end tests that must hold whichever way Slack reaches the app. */
export const TRANSPORTS: SlackTransport[] = ['http', 'socket mode'];

/**
 * The whole app over real HTTP: a fake Slack Web API on 127.0.0.1, the app's Bolt receiver on a free port
 * of 127.0.0.1 with a fresh database file, and a client sending signed requests to it. In Socket Mode the app
 * opens the fake Slack's WebSocket link instead, and the client sends each request down it as an envelope.
 */
export interface AppHarnessOptions {
  /** Mail in: an SMTP listener on a free port of 127.0.0.1 with these settings over the defaults. */
  mailIn?: Partial<MailInSettings>;
  /** Default http. */
  transport?: SlackTransport;
  /** Customer mail through this SMTP server (a sink's URL) instead of .eml files. */
  smtpUrl?: string;
  /** The largest file shared in Slack that the desk keeps (default the app's). */
  maxFileBytes?: number;
  /** How often Slack is asked about operators' presence; default the app's (a minute). */
  presenceIntervalMs?: number;
}

export async function startAppHarness(
  configText = TEST_CONFIG,
  options: AppHarnessOptions = {},
): Promise<AppHarness> {
  const fake = await startFakeSlack({ users: USERS });
  const dir = mkdtempSync(join(tmpdir(), 'sportello-app-'));
  // The desk's clock starts at the real time: outbox retries are scheduled on the real clock.
  const clock = new ManualClock(new Date());
  const logs: string[] = [];
  const socketMode = options.transport === 'socket mode';
  const logger = createLogger({
    level: LogLevel.DEBUG,
    secrets: [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN],
    sink: (line) => logs.push(line),
  });
  const postgres =
    TEST_DATABASE === 'postgres' ? { url: await freshPostgresDatabase(), poolSize: 4 } : undefined;
  const sportello = await startSportello({
    databasePath: join(dir, 'sportello.db'),
    postgres,
    config: parseQueuesConfig(configText, 'test.yml'),
    clock,
    logger,
    slack: {
      botToken: BOT_TOKEN,
      ...(socketMode ? { appToken: APP_TOKEN } : { signingSecret: SIGNING_SECRET }),
      apiUrl: fake.apiUrl,
      ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
      port: 0,
      host: '127.0.0.1',
    },
    intervalMs: 100,
    ...(options.presenceIntervalMs ? { presenceIntervalMs: options.presenceIntervalMs } : {}),
    delivery: { baseBackoffMs: 200, maxAttempts: 5 },
    ...(options.mailIn || options.smtpUrl
      ? {
          mail: {
            from: 'Sportello <sportello@ateneo.example>',
            mailDir: join(dir, 'mail'),
            ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}),
          },
        }
      : {}),
    ...(options.mailIn ? { mailIn: { ...MAIL_IN_DEFAULTS, ...options.mailIn } } : {}),
  });
  const slack = createSlackClient({
    ...(socketMode
      ? { socketMode: fake.socketMode }
      : { url: `http://127.0.0.1:${sportello.port}`, signingSecret: SIGNING_SECRET }),
    responseUrlBase: fake.responseUrlBase,
  });
  const beside = postgres ? createPgDb(postgres.url, 2) : createDb(join(dir, 'sportello.db'));
  const db = 'current' in beside ? beside.current() : beside.db;
  return {
    fake,
    slack,
    sportello,
    db,
    tables: tablesOf(db),
    get database(): DbHandle {
      if ('current' in beside) throw new Error('this test reads SQLite itself: it runs on SQLite only');
      return beside;
    },
    clock,
    logs,
    mailDir: join(dir, 'mail'),
    async stop() {
      await sportello.stop();
      await beside.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
      // Like the fake's Web API, the link refuses what Slack would: a test over it fails on a wrong ack.
      const problems = fake.socketMode.problems();
      if (problems.length > 0) throw new Error(`Socket Mode link:\n${problems.join('\n')}`);
    },
  };
}

/**
 * A fresh app for each test of the calling file: started before each test, stopped after it. The object
 * returned stands for the app of the test running now (each property is read from it when used).
 */
export function useAppHarness(configText = TEST_CONFIG, options: AppHarnessOptions = {}): AppHarness {
  let current: AppHarness | undefined;
  beforeEach(async () => {
    current = await startAppHarness(configText, options);
  });
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  return new Proxy({} as AppHarness, {
    get(_target, property) {
      if (!current) throw new Error('the app harness is only there while a test runs');
      return Reflect.get(current, property, current);
    },
  });
}

/** The Slack user ids of the test desk's people (see TEST_CONFIG and USERS). */
export const STUDENT = slackUserIdOf('U0STUDENT1');
export const MARIA = slackUserIdOf('U0MARIA001');
export const LUCA = slackUserIdOf('U0LUCA0001');
export const GIULIA = slackUserIdOf('U0GIULIA01');
export const PAOLO = slackUserIdOf('U0PAOLO001');
export const ANNA = slackUserIdOf('U0ANNA0001');
