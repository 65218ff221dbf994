/**
 * PostgreSQL gives up one of two transactions that would otherwise see each other's writes out of order
 * (SERIALIZABLE) or that wait on each other (a deadlock); run again, the loser sees the winner's change and
 * decides on it (a claim already taken is refused, naming who took it). Nobody sees the failure itself.
 */
const RETRIED_STATES = new Set(['40001', '40P01']);
/** Many processes working one hot row (the day's ticket counter) may each lose a few races in a row. */
const MAX_ATTEMPTS = 50;
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
