/**
 * PostgreSQL gives up one of two transactions that wait on each other (a deadlock: two merges locking the
 * same tickets in turn), that would see each other's writes out of order (a serialization failure), or that
 * insert the same unique row at once (two processes taking the same Slack event, or a new customer's first
 * two messages); run again, the loser sees the winner's row and decides on it. Nobody sees the failure.
 */
const RETRIED_STATES = new Set(['40001', '40P01', '23505']);
/** A change may lose a few races in a row when many processes work the same rows. */
const MAX_ATTEMPTS = 20;
/** The longest pause between two attempts. */
const MAX_PAUSE_MS = 250;

function sqlState(error: unknown): string | undefined {
  // drizzle wraps the driver's error; the SQLSTATE is on the driver's, its cause.
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export async function retryingSerializationFailures<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const state = sqlState(error);
      if (attempt >= MAX_ATTEMPTS || state === undefined || !RETRIED_STATES.has(state)) throw error;
      // A random pause, growing with each attempt (up to MAX_PAUSE_MS), so the same ones do not collide again.
      const pause = Math.random() * Math.min(MAX_PAUSE_MS, 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
