import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** `src/main.ts` running as its own process, as `npm start` runs it, with everything it prints kept. */
export class ChildApp {
  /** Every line printed on stdout or stderr, by this run and the runs before it. */
  readonly output: string[];
  private process: ChildProcess | undefined;
  private exit: Promise<number | null> = Promise.resolve(null);

  constructor(
    private readonly env: Record<string, string>,
    output: string[] = [],
  ) {
    this.output = output;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  get running(): boolean {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Starts the app and resolves once its log says `ready` (by default: the Slack receiver listens). */
  async start(ready = /Slack app listening on/, timeoutMs = 20_000): Promise<void> {
    // Its own process group: tsx runs the app in a child of its own, and kill -9 must reach both.
    const proc = spawn(TSX, ['src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env },
      detached: true,
    });
    this.process = proc;
    const lines = this.output;
    const from = lines.length;
    let partial = '';
    const collect = (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    this.exit = new Promise((done) =>
      proc.on('exit', (code) => {
        if (partial) lines.push(partial);
        partial = '';
        done(code);
      }),
    );
    const deadline = Date.now() + timeoutMs;
    while (!lines.slice(from).some((line) => ready.test(line))) {
      if (!this.running)
        throw new Error(`the app exited before it was ready:\n${lines.slice(from).join('\n')}`);
      if (Date.now() > deadline)
        throw new Error(`the app was not ready in ${timeoutMs} ms:\n${lines.join('\n')}`);
      await new Promise((done) => setTimeout(done, 20));
    }
  }

  /** `kill -9` of the app and tsx alike: no chance to finish anything. Resolves once they are gone. */
  async kill(): Promise<void> {
    const pid = this.process?.pid;
    if (!this.running || pid === undefined) return;
    process.kill(-pid, 'SIGKILL');
    await this.exit;
    // The app itself is tsx's child: wait until the group is empty.
    for (let i = 0; i < 200 && groupAlive(pid); i++) await new Promise((done) => setTimeout(done, 10));
  }

  /** SIGTERM, the way `npm start` is stopped (tsx passes it on); resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (!this.running) return this.process?.exitCode ?? null;
    this.process?.kill('SIGTERM');
    return this.exit;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
