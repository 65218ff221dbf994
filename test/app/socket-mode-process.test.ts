import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type FakeSlack, messageText, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient } from '../../src/fake-slack/slack-requests.js';
import { APP_TOKEN, BOT_TOKEN, STUDENT, USERS } from '../support/app-harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

let dir: string | undefined;
let fake: FakeSlack | undefined;
let stopApp: (() => void) | undefined;
afterEach(async () => {
  stopApp?.();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// The process `npm start` runs, not the app inside the test's process: what failed was the process exiting.
it('the app in its own process survives Slack failing to open a new link during the routine refresh, and answers on the next one', async () => {
  fake = await startFakeSlack({ users: USERS });
  dir = mkdtempSync(join(tmpdir(), 'sportello-socket-'));
  const app = spawn(TSX, ['src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_PATH: join(dir, 'sportello.db'),
      MAIL_DIR: join(dir, 'mail'),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: fake.apiUrl,
    },
  });
  stopApp = () => app.kill('SIGKILL');
  let output = '';
  app.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  app.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => app.on('close', (code) => done(code)));

  await fake.socketMode.waitForConnection(1, 30_000);
  // Its Ctrl-C handler is in place once it says so.
  await fake.waitFor(() => output.includes('scheduler running'), 10_000, 'the app to be running');
  fake.failNext('apps.connections.open', { status: 500 });
  fake.socketMode.refresh();
  await fake.socketMode.waitForConnection(2, 15_000);
  expect(fake.calls('apps.connections.open').map((call) => call.error ?? 'ok')).toEqual([
    'ok',
    'http_500',
    'ok',
  ]);
  expect(app.exitCode).toBeNull();

  const slack = createSlackClient({ socketMode: fake.socketMode, responseUrlBase: fake.responseUrlBase });
  const help = await slack.command({ text: 'help', userId: STUDENT, channelId: 'C0GENERAL1' });
  expect(messageText(help.json())).toContain('/ticket');

  app.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output).toContain('reconnecting to Slack failed');
  expect(output).toContain('connected to Slack again');
  expect(output).not.toContain(APP_TOKEN);
  expect(fake.socketMode.problems()).toEqual([]);
}, 40_000);
