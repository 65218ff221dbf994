import { type Env, missingSlackVariables, readEnv } from './config/env.js';
import { loadQueuesConfig } from './config/queues-file.js';
import { systemClock } from './core/clock.js';
import { createHelpDesk } from './core/help-desk.js';
import { formatSyncReport, syncQueuesConfig } from './core/queue-sync.js';
import { createDb } from './db/client.js';

/** The only place that reads the environment, opens the database and starts loops. */
function main(): void {
  let env: Env;
  try {
    env = readEnv(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  let config: ReturnType<typeof loadQueuesConfig>;
  try {
    config = loadQueuesConfig(env.SPORTELLO_CONFIG);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }

  const database = createDb(env.DATABASE_PATH);
  console.info(`[sportello] database ${env.DATABASE_PATH} migrated`);
  const report = syncQueuesConfig(database.db, config, systemClock.now());
  console.info(`[sportello] configuration ${env.SPORTELLO_CONFIG}: ${formatSyncReport(report)}`);

  const desk = createHelpDesk({
    db: database.db,
    clock: systemClock,
    systemId: config.systemId,
    timeZone: config.timeZone,
  });
  const missing = missingSlackVariables(env);
  if (missing.length > 0) {
    console.warn(
      `[sportello] Slack is not configured: set ${missing.join(' and ')} to run the Slack app. ` +
        'Running the scheduler only (pending reminders and auto close).',
    );
  }

  const tick = () => {
    try {
      const done = desk.runDuePendingTickets();
      if (done.remindersReached || done.autoClosed) {
        console.info(
          `[sportello] pending: ${done.remindersReached} reminders reached, ${done.autoClosed} closed`,
        );
      }
    } catch (error) {
      console.error('[sportello] scheduler run failed', error);
    }
  };
  tick();
  const timer = setInterval(tick, env.SCHEDULER_INTERVAL_SECONDS * 1000);
  console.info(`[sportello] scheduler running every ${env.SCHEDULER_INTERVAL_SECONDS}s; Ctrl-C to stop`);

  const stop = (signal: string) => {
    console.info(`[sportello] ${signal}: stopping`);
    clearInterval(timer);
    database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main();
