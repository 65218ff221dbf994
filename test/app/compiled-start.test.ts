import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient } from '../../src/fake-slack/slack-requests.js';
import { freePort } from '../resilience/support/child-app.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SIGNING_SECRET = 'compiled-signing-secret-41d0c7';
const BOT_TOKEN = 'xoxb-compiled-bot-token-9e2a51';

let dir: string;
let fake: FakeSlack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-compiled-'));
  fake = await startFakeSlack();
  // What `npm start` runs first: tsc into dist/, with the migrations beside the code.
  await promisify(execFile)('npm', ['run', 'build'], { cwd: ROOT });
}, 180_000);

afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the compiled app (npm run build, node dist/main.js)', () => {
  it('migrates, listens on HOST, answers Slack, logs at debug level, and stops on SIGTERM', async () => {
    const port = await freePort();
    const app = spawn(process.execPath, ['dist/main.js'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_PATH: join(dir, 'sportello.db'),
        MAIL_DIR: join(dir, 'mail'),
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'debug',
      },
    });
    let output = '';
    const exited = new Promise<number | null>((done) => app.on('close', done));
    const listening = new Promise<void>((done, fail) => {
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('scheduler running')) done();
      };
      app.stdout.on('data', collect);
      app.stderr.on('data', collect);
      void exited.then(() => fail(new Error(`the app exited:\n${output}`)));
    });
    try {
      await listening;
      expect(output).toContain(`Slack app listening on 127.0.0.1:${port}/slack/events`);
      expect(output).toMatch(/database .*sportello\.db migrated/);
      // With Slack's credentials there is no sandbox: no workspace of its own, no page, no sandbox.db.
      expect(output).not.toContain('Sandbox');
      expect(existsSync(join(dir, 'sandbox.db'))).toBe(false);
      const slack = createSlackClient({ url: `http://127.0.0.1:${port}`, signingSecret: SIGNING_SECRET });
      const answer = await slack.urlVerification('compiled');
      expect(answer.json()).toEqual({ challenge: 'compiled' });
      // Bolt no longer resets the level: the Web API client's start-up call is logged at debug level.
      expect(output).toContain("DEBUG [sportello] apiCall('auth.test') start");
    } finally {
      app.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).not.toContain(BOT_TOKEN);
  });
});

describe('the compiled sandbox (node dist/main.js without Slack credentials)', () => {
  it('serves the page and its scripts from dist/', async () => {
    const port = await freePort();
    const app = spawn(process.execPath, ['dist/main.js'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_PATH: join(dir, 'sandbox-run', 'sportello.db'),
        PORT: String(port),
      },
    });
    let output = '';
    const exited = new Promise<number | null>((done) => app.on('close', done));
    const listening = new Promise<void>((done, fail) => {
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('scheduler running')) done();
      };
      app.stdout.on('data', collect);
      app.stderr.on('data', collect);
      void exited.then(() => fail(new Error(`the app exited:\n${output}`)));
    });
    try {
      await listening;
      expect(output).toContain(`Sandbox: open http://localhost:${port}/ in a browser`);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(await page.text()).toContain('<title>Sportello sandbox</title>');
      for (const script of ['app.js', 'blocks.js', 'mrkdwn.js', 'forms.js', 'mail.js', 'keyed-list.js']) {
        expect((await fetch(`http://127.0.0.1:${port}/page/${script}`)).status).toBe(200);
      }
    } finally {
      app.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
