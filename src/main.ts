import type { LogLevel } from '@slack/bolt';
import { type Env, missingSlackVariables, readEnv, smtpSecrets } from './config/env.js';
import { loadQueuesConfig } from './config/queues-file.js';
import { systemClock } from './core/model.js';
import { createLogger } from './logging.js';
import { type MailInSettings, mailInSettings } from './mail/index.js';
import { startSportello } from './server.js';

/** The only place that reads the environment, opens the database and starts servers. */
async function main(): Promise<void> {
  let env: Env;
  let config: ReturnType<typeof loadQueuesConfig>;
  let mailIn: MailInSettings | undefined;
  try {
    env = readEnv(process.env);
    config = loadQueuesConfig(env.SPORTELLO_CONFIG);
    mailIn = mailInSettings(env, config, process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const logger = createLogger({
    level: env.LOG_LEVEL as LogLevel,
    secrets: [
      env.SLACK_BOT_TOKEN,
      env.SLACK_SIGNING_SECRET,
      env.SLACK_APP_TOKEN,
      ...smtpSecrets(env),
      ...(mailIn?.accounts.map((account) => account.password) ?? []),
    ],
  });
  logger.info(`configuration ${env.SPORTELLO_CONFIG} loaded`);
  const missing = missingSlackVariables(env);
  if (missing.length > 0) {
    logger.warn(
      `Slack is not configured: set ${missing.join(' and ')} to run the Slack app. ` +
        'Running the scheduler only (pending reminders and auto close); notifications wait in the outbox.',
    );
  }
  const slack =
    missing.length === 0 && env.SLACK_BOT_TOKEN
      ? {
          botToken: env.SLACK_BOT_TOKEN,
          signingSecret: env.SLACK_SIGNING_SECRET,
          appToken: env.SLACK_APP_TOKEN,
          apiUrl: env.SLACK_API_URL,
          port: env.PORT,
          host: env.HOST,
        }
      : undefined;
  let sportello: Awaited<ReturnType<typeof startSportello>>;
  try {
    sportello = await startSportello({
      databasePath: env.DATABASE_PATH,
      config,
      clock: systemClock,
      logger,
      slack,
      intervalMs: env.SCHEDULER_INTERVAL_SECONDS * 1000,
      delivery: { leaseMs: env.OUTBOX_LEASE_SECONDS * 1000 },
      mail: {
        smtpUrl: env.SMTP_URL,
        allowPlaintext: env.SMTP_ALLOW_PLAINTEXT,
        from: env.MAIL_FROM,
        mailDir: env.MAIL_DIR,
      },
      publicUrl: env.PUBLIC_URL,
      mailIn,
    });
  } catch (error) {
    logger.error('Sportello could not start:', error);
    process.exit(1);
  }
  logger.info(`scheduler running every ${env.SCHEDULER_INTERVAL_SECONDS}s; Ctrl-C to stop`);

  const stop = async (signal: string) => {
    logger.info(`${signal}: stopping`);
    await sportello.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

await main();
