import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { HelpDesk } from '../core/help-desk.js';

export const HEALTH_PATH = '/healthz';

/** The app's version, from the package.json beside src/ (or dist/). */
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * What a load balancer asks each replica: 200 while its database answers, 503 when it does not (so no request
 * is sent to it meanwhile). The answer names the version, never the database's address.
 */
export function healthRoute(desk: HelpDesk): CustomRoute {
  return {
    path: HEALTH_PATH,
    method: ['GET'],
    // Bolt calls the handler without waiting for it: everything that can fail is answered inside.
    handler: (_req, res) => {
      void answer(desk, res);
    },
  };
}

/**
 * How long the database may take to answer. A balancer wants a quick answer: a database that is down is
 * waited for by the desk's own queries (up to 30 s, db/pg/connection-retry.ts), not by the health check.
 */
const DATABASE_TIMEOUT_MS = 2_000;

/** Whether the database answers within DATABASE_TIMEOUT_MS. */
async function databaseAnswers(desk: HelpDesk): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS);
  });
  // A check still waiting for the database when the answer is given ends by itself, unobserved.
  const check = desk.checkDatabase().then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([check, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function answer(desk: HelpDesk, res: ServerResponse): Promise<void> {
  const reachable = await databaseAnswers(desk);
  const body = {
    status: reachable ? 'ok' : 'unavailable',
    version: VERSION,
    database: reachable ? 'ok' : 'unreachable',
  };
  res.writeHead(reachable ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
