import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Child<R> {
  process: ChildProcessWithoutNullStreams;
  /** Settles when the child printed `ready` (it has opened the database and waits for `go`). */
  ready: Promise<void>;
  /** The JSON object the child printed last, once it exited with 0. */
  done: Promise<R>;
  /** Releases the child: every child released together competes for the same rows. */
  go(): void;
}

/**
 * Runs a TypeScript script (path from the repository root) in a Node process of its own, as a second app
 * process on the same database would run: it prints `ready`, waits for `go` on stdin, prints its result as
 * one JSON line and exits.
 */
export function startChild<R>(script: string, args: string[]): Child<R> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, script), ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise<number | null>((resolveExit) => child.on('close', (code) => resolveExit(code)));
  const ready = new Promise<void>((resolveReady, reject) => {
    lines.once('line', (line) => (line === 'ready' ? resolveReady() : reject(new Error(line))));
    void exited.then((code) => reject(new Error(`child exited with ${code} before ready:\n${stderr}`)));
  });
  const done = new Promise<R>((resolveDone, reject) => {
    let result: R | null = null;
    lines.on('line', (line) => {
      if (line.startsWith('{')) result = JSON.parse(line) as R;
    });
    void exited.then((code) => {
      if (code === 0 && result) resolveDone(result);
      else reject(new Error(`child exited with ${code}:\n${stderr}`));
    });
  });
  // Handled where awaited; keep an early rejection from counting as unhandled meanwhile.
  ready.catch(() => {});
  done.catch(() => {});
  return { process: child, ready, done, go: () => child.stdin.end('go\n') };
}
