/**
 * PostgreSQL gives up one of two transactions that wait on each other (a deadlock: two merges locking the
 * same tickets in turn) or that would see each other's writes out of order (a serialization failure); run
 * again, the loser goes on from the winner's result. A unique key broken by a race is retried only where
 * the change first looks for the row and a run after the winner's commit finds it; any other unique
 * violation is a mistake of the change itself, and running it again would only break the key again.
 */
const RETRIED_STATES = new Set(['40001', '40P01']);
const UNIQUE_VIOLATION = '23505';
/** The unique keys that two processes may both find free and then both fill, each with the race it ends. */
const RACED_KEYS = new Set([
  // A new customer's first two messages, taken by two processes: one customer row (core/customers.ts).
  'customers_email_unique',
  'customers_slack_user_id_unique',
  // One mail read by two processes: one article, the second run a duplicate (core/mail-in/take-mail.ts).
  'articles_message_id_idx',
  // One Slack message (an event Slack sent twice, to two processes): one article, one customer thread.
  'articles_slack_message_idx',
  'slack_posts_message_idx',
  // Two replicas applying sportello.yml as they start together (core/queue-sync.ts).
  'queues_key_unique',
  'queue_permissions_queue_id_agent_id_permission_source_pk',
  'queue_tags_queue_id_tag_pk',
]);
/** A change may lose a few races in a row when many processes work the same rows. */
const MAX_ATTEMPTS = 20;
/** The longest pause between two attempts. */
const MAX_PAUSE_MS = 250;

/** The SQLSTATE and the constraint of the driver's error (drizzle wraps it: it is the cause). */
function driverError(error: unknown): { code: string; constraint?: unknown } | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (typeof code === 'string') return { code, constraint };
  }
  return undefined;
}

/** Whether running the change again can succeed. */
function isRetriable(error: unknown): boolean {
  const failure = driverError(error);
  if (failure === undefined) return false;
  if (failure.code === UNIQUE_VIOLATION) {
    return typeof failure.constraint === 'string' && RACED_KEYS.has(failure.constraint);
  }
  return RETRIED_STATES.has(failure.code);
}

export async function retryingSerializationFailures<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetriable(error)) throw error;
      // A random pause, growing with each attempt (up to MAX_PAUSE_MS), so the same ones do not collide again.
      const pause = Math.random() * Math.min(MAX_PAUSE_MS, 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
