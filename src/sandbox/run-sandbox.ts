import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@slack/bolt';
import type { QueuesConfig } from '../config/queues-file.js';
import type { MailInSettings } from '../mail/index.js';
import { startSportello } from '../server.js';
import { type Sandbox, startSandbox } from './start-sandbox.js';

export interface RunSandboxOptions {
  config: QueuesConfig;
  manifestPath: string;
  /** The page's port on 127.0.0.1. */
  port: number;
  /** Where `sandbox.db` and the `sandbox-mail` folder live. */
  dataDir: string;
  logger: Logger;
  intervalMs: number;
  leaseMs: number;
  mailFrom: string;
  /** Mail in; its SMTP listener must be on 127.0.0.1 (the page's mail form writes to it). */
  mailIn: MailInSettings | undefined;
}

/** The desk, as in production, against a sandbox workspace: its own database and mail folder in `dataDir`. */
export async function runSandbox(options: RunSandboxOptions): Promise<Sandbox & { databasePath: string }> {
  const databasePath = join(options.dataDir, 'sandbox.db');
  const mailDir = join(options.dataDir, 'sandbox-mail');
  const sandbox = await startSandbox({
    config: options.config,
    manifestPath: options.manifestPath,
    port: options.port,
    mailDir,
    logger: options.logger,
    startDesk: async (slack) => {
      const sportello = await startSportello({
        databasePath,
        config: options.config,
        clock: { now: () => new Date() },
        logger: options.logger,
        slack,
        intervalMs: options.intervalMs,
        delivery: { leaseMs: options.leaseMs },
        mail: { from: options.mailFrom, mailDir },
        mailIn: options.mailIn,
      });
      return {
        receiverUrl: `http://127.0.0.1:${sportello.port}/slack/events`,
        mailListenerPort: sportello.mailIn?.smtpPort ?? 0,
        stop: () => sportello.stop(),
      };
    },
    forgetData: async () => {
      for (const path of [databasePath, `${databasePath}-wal`, `${databasePath}-shm`, mailDir]) {
        await rm(path, { recursive: true, force: true });
      }
    },
  });
  return { ...sandbox, databasePath };
}
