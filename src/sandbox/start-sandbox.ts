import type { Logger } from '@slack/bolt';
import type { QueuesConfig } from '../config/queues-file.js';
import { startFakeSlack } from '../fake-slack/fake-slack.js';
import { readAppFeatures } from './app-manifest.js';
import { startPageServer } from './page-server.js';
import { type SandboxDesk, SandboxSession, type SandboxSlackSettings } from './session.js';
import { sandboxWorkspace } from './workspace.js';

export type { SandboxDesk, SandboxSlackSettings } from './session.js';

export interface SandboxOptions {
  config: QueuesConfig;
  /** The app's manifest: the commands and shortcuts the workspace offers. */
  manifestPath: string;
  /** The page's port on 127.0.0.1 (0: any free one). */
  port: number;
  mailDir: string;
  logger: Logger;
  startDesk(slack: SandboxSlackSettings): Promise<SandboxDesk>;
  forgetData(): Promise<void>;
}

export interface Sandbox {
  /** The page's address, e.g. http://localhost:3000/ */
  url: string;
  stop(): Promise<void>;
}

/**
 * A Slack workspace of its own on 127.0.0.1 for the desk to run against, and the page where anyone can be
 * one of its people: the desk is started by `startDesk` with the workspace's settings, as it would be by Slack's.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const workspace = sandboxWorkspace(options.config);
  const fake = await startFakeSlack({ users: workspace.users, channels: workspace.channels });
  const session = new SandboxSession({
    config: options.config,
    workspace,
    features: readAppFeatures(options.manifestPath),
    fake,
    mailDir: options.mailDir,
    logger: options.logger,
    startDesk: options.startDesk,
    forgetData: options.forgetData,
  });
  await session.start();
  const page = await startPageServer(session, '127.0.0.1', options.port);
  return {
    url: `http://localhost:${page.port}/`,
    async stop() {
      await page.close();
      await session.stop();
      await fake.close();
    },
  };
}
