import type { IncomingMessage } from 'node:http';

/**
 * The fields of a urlencoded form posted in `req`, or 'too_large' as soon as the body passes `maxBytes`: the
 * rest is not read (nor kept), and the caller answers 413 and closes the connection.
 */
export function readFormBody(req: IncomingMessage, maxBytes: number): Promise<URLSearchParams | 'too_large'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.resolve('too_large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.pause();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.once('error', reject);
  });
}
