import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HelpDesk } from '../core/help-desk.js';
import { HEALTH_PATH, healthRoute } from './health-route.js';

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * In Socket Mode no HTTP receiver runs, yet the balancer or orchestrator in front of the replicas still asks
 * each one whether it is fit to work: this answers `GET /healthz` on the app's port, as the receiver does in
 * HTTP mode, and nothing else.
 */
export async function startHealthServer(desk: HelpDesk, port: number, host?: string): Promise<HealthServer> {
  const route = healthRoute(desk);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === HEALTH_PATH && req.method === 'GET') {
      route.handler(req, res);
      return;
    }
    res.writeHead(path === HEALTH_PATH ? 405 : 404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
