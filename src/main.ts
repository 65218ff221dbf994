import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger, LogLevel } from '@slack/bolt';
import { type Env, missingSlackVariables, readEnv, urlSecrets } from './config/env.js';
import { loadQueuesConfig, type QueuesConfig } from './config/queues-file.js';
import { systemClock } from './core/model.js';
import { createLogger } from './logging.js';
import { type MailInSettings, mailInSettings } from './mail/index.js';
import { runSandbox } from './sandbox/run-sandbox.js';
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
      ...urlSecrets(env),
      ...(mailIn?.accounts.map((account) => account.password) ?? []),
    ],
  });
  logger.info(`configuration ${env.SPORTELLO_CONFIG} loaded`);
  const missing = missingSlackVariables(env);
  let running: { stop(): Promise<void> };
  try {
    running =
      missing.length === 0 && env.SLACK_BOT_TOKEN
        ? await startSportello({
            databasePath: env.DATABASE_PATH,
            postgres: env.DATABASE_URL
              ? { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
              : undefined,
            config,
            clock: systemClock,
            logger,
            slack: {
              botToken: env.SLACK_BOT_TOKEN,
              signingSecret: env.SLACK_SIGNING_SECRET,
              appToken: env.SLACK_APP_TOKEN,
              apiUrl: env.SLACK_API_URL,
              maxFileBytes: env.SLACK_MAX_FILE_BYTES,
              port: env.PORT,
              host: env.HOST,
            },
            intervalMs: env.SCHEDULER_INTERVAL_SECONDS * 1000,
            presenceIntervalMs: env.PRESENCE_POLL_SECONDS * 1000,
            delivery: { leaseMs: env.OUTBOX_LEASE_SECONDS * 1000 },
            mail: {
              smtpUrl: env.SMTP_URL,
              allowPlaintext: env.SMTP_ALLOW_PLAINTEXT,
              from: env.MAIL_FROM,
              mailDir: env.MAIL_DIR,
            },
            publicUrl: env.PUBLIC_URL,
            mailIn,
          })
        : await startSandboxDesk(env, config, logger, missing);
  } catch (error) {
    logger.error('Sportello could not start:', error);
    process.exit(1);
  }
  logger.info(`scheduler running every ${env.SCHEDULER_INTERVAL_SECONDS}s; Ctrl-C to stop`);

  const stop = async (signal: string) => {
    logger.info(`${signal}: stopping`);
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * Without Slack credentials: the desk against a sandbox workspace on 127.0.0.1, with its own database and
 * mail folder beside the real ones, and nothing sent beyond this machine.
 */
async function startSandboxDesk(env: Env, config: QueuesConfig, logger: Logger, missing: string[]) {
  const sandbox = await runSandbox({
    config,
    // Beside src/ and dist/ alike, wherever the app is started from.
    manifestPath: fileURLToPath(new URL('../manifest.yml', import.meta.url)),
    port: env.PORT,
    dataDir: dirname(env.DATABASE_PATH),
    logger,
    intervalMs: env.SCHEDULER_INTERVAL_SECONDS * 1000,
    leaseMs: env.OUTBOX_LEASE_SECONDS * 1000,
    mailFrom: env.MAIL_FROM,
    mailIn: mailInSettings(
      {
        ...env,
        MAIL_INBOUND_SMTP_HOST: '127.0.0.1',
        MAIL_INBOUND_SMTP_PORT: 0,
        MAIL_INBOUND_SMTP_ALLOW: undefined,
      },
      { mailboxes: [], mailAuthentication: config.mailAuthentication },
      {},
    ),
  });
  logger.warn(
    `Slack is not configured (set ${missing.join(' and ')} for a real workspace): running a sandbox ` +
      `workspace instead, with its own database ${sandbox.databasePath}.`,
  );
  logger.info(`Sandbox: open ${sandbox.url} in a browser to use the desk as any of its people.`);
  return sandbox;
}

await main();
