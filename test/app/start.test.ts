import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../resilience/support/child-app.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

let dir: string;
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `src/main.ts` like `npm start` does and collects what it prints until `until` shows or it exits. */
function start(env: Record<string, string>, until: RegExp): Promise<{ output: string; code: number | null }> {
  return new Promise((done) => {
    const proc = spawn(TSX, ['src/main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    child = proc;
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      // Once: a second SIGTERM while the app stops would end it before it finished.
      if (until.test(output) && !proc.killed) proc.kill('SIGTERM');
    };
    proc.stdout.on('data', collect);
    proc.stderr.on('data', collect);
    // 'close', not 'exit': by then everything the child wrote to stdout and stderr has been read.
    proc.on('close', (code) => done({ output, code }));
  });
}

describe('npm start', () => {
  it('without Slack: runs the sandbox on its own database, prints its address, and stops cleanly', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-start-'));
    const port = await freePort();
    const sandboxPath = join(dir, 'nested', 'sandbox.db');
    const { output, code } = await start(
      { DATABASE_PATH: join(dir, 'nested', 'sportello.db'), PORT: String(port) },
      /scheduler running/,
    );
    expect(output).toContain(`database SQLite ${sandboxPath} migrated`);
    expect(output).toContain('configuration ./sportello.yml loaded');
    expect(output).toMatch(/configuration: queues: \d+ created/);
    expect(output).toContain('Slack is not configured (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
    expect(output).toContain(`Sandbox: open http://localhost:${port}/ in a browser`);
    expect(code).toBe(0);
    expect(existsSync(join(dir, 'nested', 'sportello.db'))).toBe(false);
    const db = new Database(sandboxPath, { readonly: true });
    const queues = db.prepare('select count(*) as n from queues').get() as { n: number };
    db.close();
    expect(queues.n).toBeGreaterThan(3);
  });

  it('refuses to start on an invalid configuration, naming the file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-start-'));
    const { output, code } = await start(
      { DATABASE_PATH: join(dir, 'db.sqlite'), SPORTELLO_CONFIG: join(dir, 'missing.yml') },
      /$^/,
    );
    expect(code).toBe(2);
    expect(output).toContain('missing.yml');
    expect(output).toContain('SPORTELLO_CONFIG');
  });
});
