/**
 * The server went away (restarted, failed over) or cannot take connections yet: what failed did not run to
 * its end, and runs again once the server is back. A transaction whose COMMIT was under way when the
 * connection broke may have committed; run again, its unique keys (the interaction handled, the Slack post,
 * the outbox row) make the second run change nothing.
 */
const CONNECTION_STATES = new Set([
  // admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down)
  '57P01',
  '57P02',
  '57P03',
  // connection_exception and its subclasses
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  // the socket itself
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
]);
/** node-postgres says these in words only. */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'terminating connection',
];
/** How long the server may be away (a restart) before the failure is given to the caller. */
const RECONNECT_WINDOW_MS = 30_000;
/** The longest pause between two attempts. */
const MAX_PAUSE_MS = 1_000;

export function isLostConnection(error: unknown): boolean {
  // drizzle wraps the driver's error; the code is on the driver's, its cause.
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_STATES.has(code)) return true;
    if (CONNECTION_MESSAGES.some((words) => e instanceof Error && e.message.includes(words))) return true;
  }
  return false;
}

export async function retryingLostConnections<T>(run: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + RECONNECT_WINDOW_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isLostConnection(error) || Date.now() >= giveUpAt) throw error;
      const pause = Math.min(MAX_PAUSE_MS, 50 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
