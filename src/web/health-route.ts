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

async function answer(desk: HelpDesk, res: ServerResponse): Promise<void> {
  let reachable = true;
  try {
    await desk.checkDatabase();
  } catch {
    reachable = false;
  }
  const body = {
    status: reachable ? 'ok' : 'unavailable',
    version: VERSION,
    database: reachable ? 'ok' : 'unreachable',
  };
  res.writeHead(reachable ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
