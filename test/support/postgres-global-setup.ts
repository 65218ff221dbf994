// Vitest global setup: a directory the test files share a PostgreSQL cluster through. The cluster starts only
// when a test first asks for a database (test/support/postgres.ts), so a run without such tests pays nothing;
// it is stopped and deleted here once the run is over.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { stopPostgresCluster } from './postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the test run's shared PostgreSQL cluster lives once started (see test/support/postgres.ts). */
    postgresDir: string;
  }
}

export const CLUSTER = 'cluster';

export default function setup(project: TestProject): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-pg-'));
  project.provide('postgresDir', dir);
  return async () => {
    try {
      if (existsSync(join(dir, CLUSTER, 'data', 'postmaster.pid')))
        await stopPostgresCluster(join(dir, CLUSTER));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
