import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { useAppHarness } from '../support/app-harness.js';

const h = useAppHarness();
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

it('tells a load balancer the replica is up: its database answers, and which version it runs', async () => {
  const answer = await fetch(`http://127.0.0.1:${h.sportello.port}/healthz`);
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('application/json');
  expect(await answer.json()).toEqual({ status: 'ok', version: VERSION, database: 'ok' });
});
