import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { App, Logger } from '@slack/bolt';
import { intakeSettings } from './bot/intake/settings.js';
import { pollSlackPresence } from './bot/presence-poll.js';
import { UserDirectory } from './bot/user-directory.js';
import type { QueuesConfig } from './config/queues-file.js';
import { type HelpDesk, openHelpDesk } from './core/help-desk.js';
import { type Clock, systemClock } from './core/model.js';
import { emailDelivery } from './delivery/email/index.js';
import { createMailTransport } from './delivery/email/transport.js';
import { OutboxWorker } from './delivery/outbox-worker.js';
import { alertAdmins } from './delivery/slack/alert-admins.js';
import { slackDelivery } from './delivery/slack/index.js';
import { localeOf } from './i18n/index.js';
import { type MailIn, type MailInSettings, startMailIn } from './mail/index.js';
import { formatSyncReport } from './present/sync-report.js';
import { periodic } from './services/periodic.js';
import {
  botIdentity,
  createSlackApp,
  createWebClient,
  DEFAULT_MAX_FILE_BYTES,
  type SlackSettings,
} from './slack-app.js';
import { healthRoute } from './web/health-route.js';
import { type HealthServer, startHealthServer } from './web/health-server.js';
import { createRateLinks } from './web/rate-links.js';
import { rateRoute } from './web/rate-route.js';

/** How many batches of due jobs one scheduler tick works at most; the next tick goes on with the rest. */
const SCHEDULER_BATCHES_PER_TICK = 20;
/** Handled Slack interactions are forgotten hourly. */
const HOUSEKEEPING_INTERVAL_MS = 3_600_000;
/** How often Slack is asked about the presence of operators of queues that skip those it shows away. */
const PRESENCE_INTERVAL_MS = 60_000;
/** Often enough that a search rarely has more than a few seconds of writes to index first. */
const SEARCH_INDEX_INTERVAL_MS = 5_000;

export interface SportelloOptions {
  /** The SQLite file; beside it, the default mail folder. */
  databasePath: string;
  /**
   * A PostgreSQL database instead of the SQLite file, shared by any number of replicas: its URL
   * (postgres://…) and how many connections this process keeps open to it at most.
   */
  postgres?: { url: string; poolSize: number } | undefined;
  config: QueuesConfig;
  clock: Clock;
  logger: Logger;
  /** Absent: the core runs (scheduler, outbox kept for later) but nothing talks to Slack. */
  slack?: SlackSettings & { port: number; host?: string };
  /** How often due pending tickets and the outbox are looked at. */
  intervalMs: number;
  /** How often Slack is asked about operators' presence (`skip_slack_away` queues); default a minute. */
  presenceIntervalMs?: number;
  /**
   * Delivery retries: first delay (doubling each attempt, up to the longest), attempts before giving up; how
   * long a delivery holds its outbox row (a row held by a process that died is delivered again after that).
   */
  delivery?: { baseBackoffMs?: number; maxBackoffMs?: number; maxAttempts?: number; leaseMs?: number };
  /**
   * Customer mail: through `smtpUrl` when set (STARTTLS required beyond loopback unless `allowPlaintext`),
   * else written as .eml files into `mailDir`. Absent: sender `Sportello <sportello@localhost>` and .eml files
   * in a `mail` folder beside the database.
   */
  mail?: { smtpUrl?: string; allowPlaintext?: boolean; from: string; mailDir: string };
  /** Mail in: the IMAP mailboxes read and the SMTP listener. Absent: no mail is taken in. */
  mailIn?: MailInSettings;
  /**
   * The app's public address (HTTP mode): closing mails then carry one-click rating links, answered at
   * `<publicUrl>/rate` by the same receiver as Slack's requests.
   */
  publicUrl?: string;
}

export interface Sportello {
  desk: HelpDesk;
  worker: OutboxWorker | null;
  /** Delivers the email lane; runs with or without Slack. */
  mailWorker: OutboxWorker;
  /** The IMAP readers and SMTP listener, when mail in is configured. */
  mailIn: MailIn | null;
  /**
   * The app's HTTP port: Slack's requests and the health check with the HTTP receiver, the health check alone
   * in Socket Mode.
   */
  port: number | null;
  stop(): Promise<void>;
}

/**
 * Starts the desk: migrated database, synced queues, the scheduler and, with Slack settings, the Bolt app
 * and the outbox worker that delivers cards and notifications.
 */
export async function startSportello(options: SportelloOptions): Promise<Sportello> {
  const { config, clock, logger } = options;
  const database = await openHelpDesk({
    database: options.postgres ?? { path: options.databasePath },
    clock,
    systemId: config.systemId,
    timeZone: config.timeZone,
  });
  logger.info(`database ${database.description} migrated`);
  const { desk } = database;
  logger.info(`configuration: ${formatSyncReport(await desk.syncQueuesConfig(config))}`);
  const view = { locale: localeOf(config.defaultLanguage, 'it'), timeZone: config.timeZone };
  // Rating links need a page to land on: the HTTP receiver's, signed with a key from the signing secret.
  const rateLinks =
    options.publicUrl && options.slack?.signingSecret && !options.slack.appToken
      ? createRateLinks(options.publicUrl, options.slack.signingSecret)
      : undefined;

  // One transport for the process (a pooled SMTP connection, or the .eml folder) and its own worker.
  const mail = options.mail ?? defaultMail(options.databasePath);
  const transport = createMailTransport({
    smtpUrl: mail.smtpUrl,
    allowPlaintext: mail.allowPlaintext,
    mailDir: mail.mailDir,
    logger,
  });
  const mailWorker = new OutboxWorker({
    desk,
    clock: systemClock,
    handle: emailDelivery({ desk, transport, from: mail.from, view, logger, rateUrl: rateLinks?.url }),
    logger,
    lanes: ['email'],
    ...options.delivery,
  });

  let worker: OutboxWorker | null = null;
  let app: App | null = null;
  let port: number | null = null;
  let presence: (() => Promise<void>) | null = null;
  const presenceIntervalMs = options.presenceIntervalMs ?? PRESENCE_INTERVAL_MS;
  let health: HealthServer | null = null;
  if (options.slack) {
    const client = createWebClient(options.slack, logger);
    const identity = await botIdentity(client);
    const people = new UserDirectory(client, view.locale, (message) => logger.warn(message));
    const delivery = slackDelivery({ desk, client, logger, view, people });
    presence = async () => {
      try {
        await pollSlackPresence(desk, client, logger, presenceIntervalMs);
      } catch (error) {
        logger.error('presence poll failed', error);
      }
    };
    // Retries wait in real time, whatever clock the desk's rules run on.
    worker = new OutboxWorker({
      desk,
      clock: systemClock,
      handle: delivery,
      logger,
      lanes: ['slack'],
      onGiveUp: (row, error) =>
        void alertAdmins(client, config.adminChannel, desk, view.locale, row, error, logger),
      ...options.delivery,
    });
    const slackWorker = worker;
    const deliverNow = () => {
      slackWorker.kick();
      mailWorker.kick();
    };
    // Beside Slack's requests, the HTTP receiver answers the load balancer's health check and rating links.
    const customRoutes = [
      healthRoute(desk),
      ...(rateLinks ? [rateRoute(desk, rateLinks, view.locale, deliverNow)] : []),
    ];
    const settings = { ...options.slack, customRoutes };
    app = createSlackApp(settings, identity, logger, (appClient) => ({
      desk,
      deliverNow,
      view,
      intake: intakeSettings(config),
      users: new UserDirectory(appClient, view.locale, (message) => logger.warn(message)),
      files: {
        botToken: settings.botToken,
        maxBytes: settings.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
        warn: (message) => logger.warn(message),
      },
    }));
    const started = await app.start({ port: options.slack.port, host: options.slack.host });
    if (!options.slack.appToken) port = ((started as unknown as Server).address() as AddressInfo).port;
    else {
      health = await startHealthServer(desk, options.slack.port, options.slack.host);
      port = health.port;
    }
    worker.start(options.intervalMs);
    logger.info(
      options.slack.appToken
        ? `Slack app running in Socket Mode; health check on ${options.slack.host ?? ''}:${port}/healthz`
        : `Slack app listening on ${options.slack.host ?? ''}:${port}/slack/events`,
    );
  }

  mailWorker.start(options.intervalMs);
  logger.info(`mail: ${transport.describe()}`);

  // A mail that became a ticket or an article owes deliveries (the card, the "received" notice): now.
  let mailIn: MailIn | null = null;
  if (options.mailIn) {
    try {
      mailIn = await startMailIn(desk, options.mailIn, logger, () => {
        worker?.kick();
        mailWorker.kick();
      });
    } catch (error) {
      // E.g. the SMTP port is taken: stop what already runs, then say why.
      await health?.close();
      await app?.stop();
      await worker?.stop();
      await mailWorker.stop();
      transport.close();
      await database.close();
      throw error;
    }
  }

  // The scheduler: SLA warnings and breaches, pending reminders and auto closes, claim timeouts. Jobs that
  // fell due while the app was down fire at the first run; a backlog is worked in batches.
  const tick = async () => {
    try {
      const fired = new Map<string, number>();
      for (let batch = 0; batch < SCHEDULER_BATCHES_PER_TICK; batch++) {
        const run = await desk.runDueJobs();
        for (const [kind, count] of Object.entries(run.byKind)) {
          if (count > 0) fired.set(kind, (fired.get(kind) ?? 0) + count);
        }
        for (const failure of run.failed) {
          logger.error(
            `scheduler: ${failure.kind} job ${failure.jobId} of ticket ${failure.ticketId} failed`,
            failure.error,
          );
        }
        if (!run.more || run.fired + run.dropped === 0) break;
      }
      if (fired.size > 0) {
        logger.info(`scheduler: ${[...fired].map(([kind, count]) => `${count} ${kind}`).join(', ')}`);
        worker?.kick();
        mailWorker.kick();
      }
    } catch (error) {
      logger.error('scheduler run failed', error);
    }
  };
  // Full-text indexing of what was written since the last run (a search also catches up by itself).
  const indexing = async () => {
    try {
      await desk.indexSearchText();
    } catch (error) {
      logger.error('full-text indexing failed', error);
    }
  };
  // Housekeeping, hourly: handled Slack interactions are only needed while Slack may still repeat them, and
  // the mails taken in only while the hourly caps count them.
  const housekeeping = async () => {
    try {
      await desk.forgetOldInteractions();
      await desk.forgetOldMailIntake();
    } catch (error) {
      logger.error('housekeeping failed', error);
    }
  };
  const unscheduled = await desk.scheduleUnscheduledTickets();
  if (unscheduled > 0) logger.info(`scheduler: ${unscheduled} tickets written before the schedule scheduled`);
  const loops = [
    periodic(tick, options.intervalMs),
    periodic(indexing, SEARCH_INDEX_INTERVAL_MS),
    periodic(housekeeping, HOUSEKEEPING_INTERVAL_MS),
    ...(presence ? [periodic(presence, presenceIntervalMs)] : []),
  ];
  for (const loop of loops) await loop.start();

  return {
    desk,
    worker,
    mailWorker,
    mailIn,
    port,
    async stop() {
      // The health check goes first: the balancer stops counting on this process while it finishes.
      await health?.close();
      for (const loop of loops) await loop.stop();
      await mailIn?.stop();
      await app?.stop();
      await worker?.stop();
      await mailWorker.stop();
      transport.close();
      await database.close();
    },
  };
}

/** Mail settings when none are given: the desk's default sender, .eml files beside the database. */
function defaultMail(databasePath: string): NonNullable<SportelloOptions['mail']> {
  const mailDir = databasePath === ':memory:' ? './data/mail' : join(dirname(databasePath), 'mail');
  return { from: 'Sportello <sportello@localhost>', mailDir };
}
