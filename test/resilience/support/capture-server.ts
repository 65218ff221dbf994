import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An endpoint that answers every request with an empty 200. Requests are first built against it (see the
 * driver's `builder`), so their bytes are known before they are sent to the app, even if the app never answers.
 */
export async function startCaptureServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
