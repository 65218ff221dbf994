import type { SlackRequests } from '../../../src/fake-slack/slack-requests.js';

/**
 * Slack's requests spread over several app processes, as a load balancer in front of them does (round robin).
 * A request that gets no answer or a server error is sent again to the next process, as Slack retries an
 * event (`X-Slack-Retry-Num`) and a person presses again: the desk's idempotency makes the copy harmless.
 */
export function balancedRequests(
  backends: SlackRequests[],
  attempts = 4,
): SlackRequests & { resent: number } {
  const first = backends[0];
  if (!first) throw new Error('no backend');
  let next = 0;
  const balanced = {
    ...first,
    resent: 0,
    replay: async (built, opts) => {
      let lastError: unknown;
      for (let attempt = 0; attempt < attempts; attempt++) {
        const backend = backends[next++ % backends.length] as SlackRequests;
        const retry = attempt === 0 ? {} : { retryNum: attempt, retryReason: 'http_error' };
        try {
          const sent = await backend.replay(built, { ...opts, ...retry });
          if (sent.status < 500) return sent;
          lastError = new Error(`HTTP ${sent.status}`);
        } catch (error) {
          lastError = error;
        }
        balanced.resent++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw lastError;
    },
  } as SlackRequests & { resent: number };
  return balanced;
}
