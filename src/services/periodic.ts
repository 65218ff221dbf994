/** Something the server starts and stops: a worker, a listener, a loop. Stopped in the reverse order. */
export interface Service {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `work` now and then every `intervalMs`, never two runs at once (a slow run makes the next one wait
 * its turn, not pile up). `stop` waits for the run in progress, so nothing uses the database after it closed.
 */
export function periodic(work: () => Promise<void>, intervalMs: number): Service {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  const run = () => {
    if (running !== null) return running;
    running = work().finally(() => {
      running = null;
    });
    return running;
  };
  return {
    async start() {
      await run();
      timer = setInterval(() => void run(), intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
