import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadQueuesConfig } from '../../src/config/queues-file.js';
import { createLogger } from '../../src/logging.js';
import { runSandbox } from '../../src/sandbox/run-sandbox.js';
import { mailLimits } from './mail-limits.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** Debian's Chromium, installed by scripts/test-prerequisites.sh; Playwright downloads no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

export interface SandboxInBrowser {
  url: string;
  page: Page;
  /** Another tab on the sandbox, e.g. to be a second person at the same time. */
  newPage(): Promise<Page>;
  /** Every URL the pages requested, to check that none left 127.0.0.1. */
  requests: string[];
  /** Errors the page's scripts threw or logged. */
  pageErrors: string[];
  stop(): Promise<void>;
}

/**
 * The sandbox as `npm start` runs it without Slack (the shipped sportello.yml and manifest, a fresh data
 * folder), and a page of Debian's Chromium open on it.
 */
export async function openSandbox(viewport = { width: 1440, height: 900 }): Promise<SandboxInBrowser> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sportello-sandbox-'));
  const logs: string[] = [];
  const sandbox = await runSandbox({
    config: loadQueuesConfig(join(ROOT, 'sportello.yml')),
    manifestPath: join(ROOT, 'manifest.yml'),
    port: 0,
    dataDir,
    logger: createLogger({ level: LogLevel.WARN, secrets: [], sink: (line) => logs.push(line) }),
    intervalMs: 200,
    leaseMs: 60_000,
    mailFrom: 'Sportello <sportello@ateneo.example>',
    mailIn: {
      accounts: [],
      smtp: { host: '127.0.0.1', port: 0, maxClients: 5, maxRecipients: 10 },
      limits: mailLimits({ maxAttachmentBytes: 1024 * 1024, maxMessageBytes: 5 * 1024 * 1024 }),
      ownAddresses: ['sportello@ateneo.example'],
    },
  });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    const opened = browser;
    const requests: string[] = [];
    const pageErrors: string[] = [];
    const newPage = async () => {
      const page = await opened.newPage({ viewport });
      // Shorter than a test's own timeout, so that a step waiting in vain says which step it was.
      page.setDefaultTimeout(8_000);
      page.on('request', (request) => requests.push(request.url()));
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
      page.on('dialog', (dialog) => void dialog.accept());
      await page.goto(sandbox.url);
      await page.locator('body[data-ready="true"]').waitFor();
      return page;
    };
    return {
      url: sandbox.url,
      page: await newPage(),
      newPage,
      requests,
      pageErrors,
      async stop() {
        await opened.close();
        await sandbox.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await sandbox.stop();
    throw error;
  }
}

/** Switches who the page shows the workspace to, as the "You are" menu does. */
export async function be(page: Page, label: string): Promise<void> {
  await page.getByLabel('You are').selectOption({ label });
}

export async function openChannel(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation')
    .getByRole('button', { name: `# ${name}` })
    .click();
  await expect.poll(() => page.locator('#conversation-title').textContent()).toBe(`# ${name}`);
}

/** The message (card, DM) whose text contains `text`. */
export const message = (page: Page, text: string | RegExp) =>
  page.locator('#messages article.message').filter({ hasText: text });

/** Types `text` in the composer and sends it, as Enter does. */
export async function say(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
}
