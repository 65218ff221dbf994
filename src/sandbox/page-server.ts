import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import type { z } from 'zod';
import { pageRequests, stateQuery } from './page-api.js';
import type { SandboxSession } from './session.js';

const PAGE_DIR = new URL('./page/', import.meta.url);
/** The page's files, and nothing else of the folder tree, are served. */
const STATIC_FILES = new Set(readdirSync(PAGE_DIR));
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
/** The page loads only itself: no script, style, image or connection beyond this server. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const BODY_LIMIT = 1024 * 1024;

type Posts = {
  [K in keyof typeof pageRequests]: (input: z.infer<(typeof pageRequests)[K]>) => Promise<unknown>;
};

export interface PageServer {
  port: number;
  close(): Promise<void>;
}

/** The sandbox page and its API on `host:port`: the files of ./page, JSON reads and posts, live updates. */
export async function startPageServer(
  session: SandboxSession,
  host: string,
  port: number,
): Promise<PageServer> {
  const posts: Posts = {
    say: (input) => session.actions.say(input.user, input.channel, input.text, input.threadTs),
    act: (input) => session.actions.act(input.user, input.place, input.action),
    submit: (input) => session.actions.submit(input.user, input.viewId, input.values),
    closeView: (input) => session.actions.closeView(input.user, input.viewId),
    shortcut: (input) =>
      input.channel && input.messageTs
        ? session.actions.shortcut(input.user, input.channel, input.messageTs, input.callbackId)
        : session.actions.globalShortcut(input.user, input.callbackId),
    react: (input) => session.actions.react(input.user, input.channel, input.ts, input.name),
    home: (input) => session.actions.openHome(input.user),
    mail: (input) => session.mailbox.receive(input),
    startOver: () => session.startOver(),
  };
  const listeners = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      session.logger.error('sandbox page request failed', error);
      if (!res.headersSent) json(res, 500, { error: 'the sandbox could not do that; see the app log' });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only pages this server sent may drive it: another site's page (or a rebound DNS name) may not.
    if (!isLocalHost(req.headers.host)) return json(res, 421, { error: 'use http://localhost' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (req.method === 'GET') {
      if (path === '/') return sendFile(res, 'index.html');
      if (path.startsWith('/page/')) return sendFile(res, path.slice('/page/'.length));
      if (path === '/api/setup') return json(res, 200, session.setup());
      if (path === '/api/state') {
        const query = stateQuery.safeParse(Object.fromEntries(url.searchParams));
        return query.success
          ? json(res, 200, session.state(query.data))
          : json(res, 400, { error: 'bad query' });
      }
      if (path === '/api/mails') return json(res, 200, await session.mailbox.sent());
      if (path.startsWith('/mail/')) return sendMail(res, decodeURIComponent(path.slice('/mail/'.length)));
      if (path.startsWith('/files/'))
        return sendUpload(res, decodeURIComponent(path.slice('/files/'.length)));
      if (path === '/api/events') return listen(res);
    }
    if (req.method === 'POST' && path.startsWith('/api/')) {
      const name = path.slice('/api/'.length);
      if (!isPostName(name)) return json(res, 404, { error: 'not found' });
      // A JSON content type cannot be sent across sites without the browser asking first.
      if (req.headers['content-type'] !== 'application/json') return json(res, 415, { error: 'JSON only' });
      return post(res, name, await readBody(req));
    }
    json(res, 404, { error: 'not found' });
  }

  async function post<K extends keyof Posts>(res: ServerResponse, name: K, body: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return json(res, 400, { error: 'not JSON' });
    }
    const input = pageRequests[name].safeParse(parsed);
    if (!input.success) return json(res, 400, { error: input.error.issues.map((issue) => issue.message) });
    // TypeScript cannot pair `posts[name]` with `pageRequests[name]`'s output for a `name` of the union.
    const run = posts[name] as (value: typeof input.data) => Promise<unknown>;
    json(res, 200, (await run(input.data)) ?? {});
  }

  async function sendFile(res: ServerResponse, name: string): Promise<void> {
    if (!STATIC_FILES.has(name)) return json(res, 404, { error: 'not found' });
    const content = await readFile(new URL(name, PAGE_DIR));
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.end(content);
  }

  async function sendMail(res: ServerResponse, file: string): Promise<void> {
    const content = await session.mailbox.raw(file);
    if (!content) return json(res, 404, { error: 'no such mail' });
    res.writeHead(200, {
      'Content-Type': 'message/rfc822',
      'Content-Disposition': `attachment; filename="${file}"`,
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(content);
  }

  function sendUpload(res: ServerResponse, id: string): void {
    const file = session.file(id);
    if (!file) {
      json(res, 404, { error: 'no such file' });
      return;
    }
    res.writeHead(200, {
      'Content-Type': file.contentType,
      // Only images are shown in the page; anything else is a download, never a page of this origin.
      ...(file.contentType.startsWith('image/')
        ? {}
        : { 'Content-Disposition': `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"` }),
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(file.bytes);
  }

  function listen(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    listeners.add(res);
    res.on('close', () => listeners.delete(res));
  }

  const stopWatching = session.onChange(() => {
    for (const listener of listeners) listener.write('data: changed\n\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      stopWatching();
      for (const listener of listeners) listener.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isPostName(name: string): name is keyof Posts {
  return Object.hasOwn(pageRequests, name);
}

function isLocalHost(host: string | undefined): boolean {
  const name = host?.replace(/:\d+$/, '');
  return name === 'localhost' || name === '127.0.0.1';
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
