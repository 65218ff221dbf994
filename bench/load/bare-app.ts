import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { FAKE_SLACK_DEFAULTS } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient } from '../../src/fake-slack/slack-requests.js';
import type { RequestKind } from './driver.js';
import { Latencies } from './stats.js';

/**
 * A Bolt app that does nothing but acknowledge: every command, action and form is acked at once, events are
 * acked by Bolt itself. The ceiling our app's request rate is compared with.
 */
export async function startBareApp(signingSecret: string): Promise<{ url: string; stop(): Promise<void> }> {
  const app = new App({
    signingSecret,
    token: 'xoxb-bare-app-token',
    botId: FAKE_SLACK_DEFAULTS.botId,
    botUserId: FAKE_SLACK_DEFAULTS.botUserId,
    logLevel: LogLevel.ERROR,
    endpoints: '/slack/events',
  });
  app.command(/.*/, async ({ ack }) => {
    await ack();
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  app.view(/.*/, async ({ ack }) => {
    await ack();
  });
  app.event('message', async () => {
    // Bolt acknowledges events by itself.
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as unknown as Server;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await app.stop();
    },
  };
}

/** The order of one lifecycle's requests, by kind: what `runLifecycles` sends. */
const LIFECYCLE: RequestKind[] = [
  'command',
  'view_submission',
  'block_action',
  'block_action',
  'view_submission',
  'event',
  'block_action',
  'view_submission',
];

export interface MixResult {
  requests: number;
  wallMs: number;
  perSecond: number;
  latencies: Latencies;
}

/**
 * Sends `counts` requests of each kind (bodies cycled from `samples`, each signed afresh), queued in the order
 * of a lifecycle's steps, with `people` senders taking the next one as soon as their last is answered: the
 * same mix, with nothing to wait for.
 */
export async function sendMix(
  url: string,
  signingSecret: string,
  counts: Map<RequestKind, number>,
  samples: Map<RequestKind, { rawBody: string; contentType: string }[]>,
  people: number,
): Promise<MixResult> {
  const client = createSlackClient({ url, signingSecret });
  const left = new Map(counts);
  const used = new Map<RequestKind, number>();
  const queue: { kind: RequestKind; rawBody: string; contentType: string }[] = [];
  for (let step = 0; [...left.values()].some((n) => n > 0); step++) {
    const kind = LIFECYCLE[step % LIFECYCLE.length] as RequestKind;
    const n = left.get(kind) ?? 0;
    const pool = samples.get(kind) ?? [];
    if (n <= 0 || pool.length === 0) {
      if (pool.length === 0) left.set(kind, 0);
      continue;
    }
    const index = used.get(kind) ?? 0;
    used.set(kind, index + 1);
    left.set(kind, n - 1);
    queue.push({ kind, ...(pool[index % pool.length] as { rawBody: string; contentType: string }) });
  }
  const latencies = new Latencies();
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    for (let item = queue[next++]; item !== undefined; item = queue[next++]) {
      const at = performance.now();
      const response = await client.post(item.rawBody, item.contentType);
      latencies.add(`${item.kind}:bare`, performance.now() - at);
      if (response.status !== 200) throw new Error(`the bare app answered HTTP ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: people }, sender));
  const wallMs = performance.now() - started;
  return { requests: queue.length, wallMs, perSecond: (queue.length / wallMs) * 1000, latencies };
}
