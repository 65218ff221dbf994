/**
 * Reading mail off the main thread: mailparser and the text extraction run in a worker thread, one mail at a
 * time, within a time budget. A mail that takes longer is given up and its worker terminated (the next mail
 * gets a new one), so neither a parser bug nor a pathological mail can stall Slack, the scheduler or the
 * outbox. One long-lived worker rather than one per mail: starting one costs ~1 s (loading mailparser, compiled
 * or under tsx), reading a usual mail in a warm one 1–3 ms.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MailContent } from './mail-content.js';

export const DEFAULT_READ_BUDGET_MS = 10_000;
/** How long a new worker may take to load before mail in counts as failing (tsx compiles it first). */
const WORKER_START_MS = 60_000;

/** What the main thread sends the worker. */
export interface WorkerJob {
  raw: Uint8Array;
}

/** What the worker sends back: once `ready` when loaded, then one answer per job. */
export type WorkerAnswer =
  | { kind: 'ready' }
  | { kind: 'read'; mail: MailContent }
  | { kind: 'unreadable'; reason: string };

export type ReadResult = { ok: true; mail: MailContent } | { ok: false; reason: string };

/** The worker file next to this one, with this module's extension: `.ts` under tsx, `.js` compiled. */
const WORKER_FILE = new URL(`./parse-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/**
 * Loads a TypeScript worker: Node 20 applies neither `--import tsx` in a worker's execArgv nor tsx's own
 * registration outside the main thread, so the worker registers tsx before importing its file.
 */
const TYPESCRIPT_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => {
  tsx.register();
  return import(workerData.file);
});`;

function spawnWorker(): Worker {
  if (extname(WORKER_FILE.pathname) !== '.ts') {
    // The worker is a file: a flag meant for an inline script of the parent (`node --input-type=module -e`)
    // would stop it from loading.
    const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
    return new Worker(WORKER_FILE, { execArgv });
  }
  return new Worker(TYPESCRIPT_BOOTSTRAP, {
    eval: true,
    workerData: { tsxApi: import.meta.resolve('tsx/esm/api'), file: WORKER_FILE.href },
  });
}

/** A new worker, once it has loaded; rejects when it cannot load (a fault of the installation, not of a mail). */
function startWorker(): Promise<Worker> {
  const started = spawnWorker();
  return new Promise<Worker>((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      started.off('message', onReady).off('error', fail).off('exit', onExit);
      void started.terminate();
      reject(new Error(`mail: the mail reader did not start: ${error.message}`, { cause: error }));
    };
    const onExit = (code: number) => fail(new Error(`it stopped (exit code ${code})`));
    const onReady = (answer: WorkerAnswer) => {
      if (answer.kind !== 'ready') return;
      clearTimeout(timer);
      started.off('message', onReady).off('error', fail).off('exit', onExit);
      started.unref();
      resolve(started);
    };
    const timer = setTimeout(
      () => fail(new Error(`not loaded within ${WORKER_START_MS} ms`)),
      WORKER_START_MS,
    );
    started.on('message', onReady).on('error', fail).on('exit', onExit);
  });
}

let current: Promise<Worker> | undefined;
/** The mails waiting for the worker: each starts when the one before it is done. */
let queue: Promise<unknown> = Promise.resolve();

function currentWorker(): Promise<Worker> {
  if (current) return current;
  const starting = startWorker();
  current = starting;
  // Whatever ends this worker (a failed start, a crash while idle), the next mail starts a new one.
  const forget = () => {
    if (current === starting) current = undefined;
  };
  starting.then((started) => started.once('exit', forget), forget);
  return starting;
}

/** Stops a worker that failed or overran; the next mail starts a new one. */
function discard(stopped: Worker): void {
  void stopped.terminate();
  current = undefined;
}

async function readInWorker(raw: Buffer, budgetMs: number): Promise<ReadResult> {
  const reader = await currentWorker();
  reader.ref();
  return new Promise<ReadResult>((resolve) => {
    const settle = (result: ReadResult) => {
      clearTimeout(timer);
      reader.off('message', onAnswer).off('error', onError).off('exit', onExit).unref();
      resolve(result);
    };
    const onAnswer = (answer: WorkerAnswer) => {
      if (answer.kind === 'read') settle({ ok: true, mail: answer.mail });
      else if (answer.kind === 'unreadable') settle({ ok: false, reason: `unparseable: ${answer.reason}` });
    };
    const onError = (error: Error) => {
      discard(reader);
      settle({ ok: false, reason: `unparseable: the mail reader failed: ${error.message}` });
    };
    const onExit = (code: number) => {
      discard(reader);
      settle({ ok: false, reason: `unparseable: the mail reader stopped (exit code ${code})` });
    };
    const timer = setTimeout(() => {
      discard(reader);
      settle({ ok: false, reason: `could not be read within ${budgetMs / 1000} s` });
    }, budgetMs);
    reader.on('message', onAnswer).on('error', onError).on('exit', onExit);
    // A copy of exactly the mail's bytes, moved to the worker: cloning `raw` would copy all of the memory
    // it is a view of.
    const bytes = new Uint8Array(raw);
    reader.postMessage({ raw: bytes } satisfies WorkerJob, [bytes.buffer]);
  });
}

/**
 * Reads a raw mail in the worker, after the mails before it. Resolves with its content, or with why it
 * could not be read (the parser refused it, or it took longer than `budgetMs`); rejects only when the
 * worker cannot start at all.
 */
export function readMail(raw: Buffer, budgetMs = DEFAULT_READ_BUDGET_MS): Promise<ReadResult> {
  const turn = queue.then(() => readInWorker(raw, budgetMs));
  // The next mail waits for this one to end either way; this one's failure reaches its own caller.
  queue = turn.catch(() => undefined);
  return turn;
}
