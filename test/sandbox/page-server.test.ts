import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQueuesConfig } from '../../src/config/queues-file.js';
import { createLogger } from '../../src/logging.js';
import { runSandbox } from '../../src/sandbox/run-sandbox.js';
import type { Sandbox } from '../../src/sandbox/start-sandbox.js';

const ROOT = resolve(import.meta.dirname, '../..');
let dataDir: string;
let sandbox: Sandbox;
let port: number;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sportello-sandbox-'));
  sandbox = await runSandbox({
    config: loadQueuesConfig(join(ROOT, 'sportello.yml')),
    manifestPath: join(ROOT, 'manifest.yml'),
    port: 0,
    dataDir,
    logger: createLogger({ level: LogLevel.ERROR, sink: () => {} }),
    intervalMs: 1000,
    leaseMs: 60_000,
    mailFrom: 'Sportello <sportello@ateneo.example>',
    mailIn: undefined,
  });
  port = Number(new URL(sandbox.url).port);
}, 30_000);

afterAll(async () => {
  await sandbox?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A raw HTTP request, so that the Host header can be anything a browser might send. */
function send(
  path: string,
  options: { method?: string; host?: string; contentType?: string; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: {
          Host: options.host ?? `localhost:${port}`,
          ...(options.contentType && { 'Content-Type': options.contentType }),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', fail);
    req.end(options.body);
  });
}

describe("the sandbox page's server", () => {
  it('serves the page with a policy that lets it load nothing from elsewhere', async () => {
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers only requests addressed to localhost (a rebound DNS name gets nothing)', async () => {
    expect((await send('/api/setup', { host: 'attacker.example' })).status).toBe(421);
    expect((await send('/api/setup', { host: `127.0.0.1:${port}` })).status).toBe(200);
  });

  it('takes actions only as JSON, which another site cannot send without asking', async () => {
    const body = JSON.stringify({ user: 'U0GESPOS01', channel: 'C0GENERAL01', text: 'ciao' });
    expect((await send('/api/say', { method: 'POST', contentType: 'text/plain', body })).status).toBe(415);
    expect(
      (await send('/api/say', { method: 'POST', contentType: 'application/x-www-form-urlencoded', body }))
        .status,
    ).toBe(415);
  });

  it('refuses what is malformed, unknown or outside its files', async () => {
    const bad = await send('/api/say', {
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify({ user: 'someone', channel: 'C0GENERAL01', text: 'ciao' }),
    });
    expect(bad.status).toBe(400);
    expect(
      (await send('/api/nothing', { method: 'POST', contentType: 'application/json', body: '{}' })).status,
    ).toBe(404);
    expect((await send('/page/../../sportello.yml')).status).toBe(404);
    expect((await send('/page/%2e%2e%2fsession.ts')).status).toBe(404);
    expect((await send('/mail/..%2f..%2fsandbox.db')).status).toBe(404);
    expect((await send('/files/F0FAKE00001')).status).toBe(404);
  });
});
