import type { SlackRequests } from '../../../src/fake-slack/slack-requests.js';

export interface Balancer extends SlackRequests {
  /** Requests sent again to another process. */
  readonly resent: number;
  /** Stops sending new requests to the process (a health check failed, or it is taken out to be stopped). */
  takeOut(index: number): void;
  putBack(index: number): void;
  /** Requests sent to the process and not answered yet. */
  inFlight(index: number): number;
}

/**
 * Slack's requests spread over several app processes, as a load balancer in front of them does (round robin).
 * A request that gets no answer, a server error, or Bolt's 404 for a request not acknowledged within Slack's
 * 3 seconds is sent again to the next process, as Slack retries an event (`X-Slack-Retry-Num`) and a person
 * presses or submits again after Slack's error: the desk's idempotency makes the copy harmless.
 */
export function balancedRequests(backends: SlackRequests[], attempts = 4): Balancer {
  const first = backends[0];
  if (!first) throw new Error('no backend');
  let next = 0;
  let resent = 0;
  const out = new Set<number>();
  const pending = backends.map(() => 0);
  const pick = (): number => {
    for (let i = 0; i < backends.length; i++) {
      const index = next++ % backends.length;
      if (!out.has(index)) return index;
    }
    throw new Error('every process is taken out');
  };
  const replay: SlackRequests['replay'] = async (built, opts) => {
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const index = pick();
      const retry = attempt === 0 ? {} : { retryNum: attempt, retryReason: 'http_error' };
      pending[index] = (pending[index] ?? 0) + 1;
      try {
        const sent = await (backends[index] as SlackRequests).replay(built, { ...opts, ...retry });
        if (sent.status < 500 && sent.status !== 404) return sent;
        lastError = new Error(`HTTP ${sent.status}`);
      } catch (error) {
        lastError = error;
      } finally {
        pending[index] = (pending[index] ?? 1) - 1;
      }
      resent++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw lastError;
  };
  return {
    ...first,
    replay,
    get resent() {
      return resent;
    },
    takeOut: (index) => out.add(index),
    putBack: (index) => out.delete(index),
    inFlight: (index) => pending[index] ?? 0,
  };
}
