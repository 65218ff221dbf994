// A throwaway PostgreSQL 15 server for the tests (Debian's `postgresql`): its own data directory, listening on
// 127.0.0.1 on a free port, fsync off (nothing in it has to survive), stopped and deleted afterwards.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  port: number;
  /** A URL for `database` on this server (trust authentication: no password). */
  url(database: string): string;
}

const run = promisify(execFile);

/**
 * initdb and the server refuse to run as root: as root they run as the `postgres` user (who then owns `dir`),
 * otherwise as whoever runs the tests.
 */
function asServerUser(program: string, args: string[]): Promise<unknown> {
  const path = join(POSTGRES_BIN, program);
  return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', path, ...args]) : run(path, args);
}

async function giveToServerUser(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const id = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
  chownSync(dir, await id('-u'), await id('-g'));
}

export function clusterAt(port: number): PostgresCluster {
  return { port, url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}` };
}

/** Creates a cluster in `dir` (a new, empty directory's path) and starts it. */
export async function startPostgresCluster(dir: string): Promise<PostgresCluster> {
  if (!existsSync(join(POSTGRES_BIN, 'initdb'))) {
    throw new Error(`PostgreSQL 15 is not installed (no ${POSTGRES_BIN}): run scripts/test-prerequisites.sh`);
  }
  mkdirSync(dir);
  await giveToServerUser(dir);
  const data = join(dir, 'data');
  await asServerUser('initdb', [
    ...['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8'],
    ...['--no-sync', '--no-instructions'],
  ]);
  const port = await freePort();
  await startPostgresServer(dir, port);
  return clusterAt(port);
}

/** Starts the server of the cluster in `dir` (created by startPostgresCluster) on `port`. */
export async function startPostgresServer(dir: string, port: number): Promise<void> {
  const settings = [
    ...['-c', 'listen_addresses=127.0.0.1', '-p', String(port), '-k', dir],
    ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  ];
  const log = join(dir, 'server.log');
  try {
    await asServerUser('pg_ctl', [
      '-D',
      join(dir, 'data'),
      '-l',
      log,
      '-w',
      '-o',
      settings.join(' '),
      'start',
    ]);
  } catch (error) {
    const output = existsSync(log) ? readFileSync(log, 'utf8') : '';
    throw new Error(`PostgreSQL did not start:\n${output}`, { cause: error });
  }
}

/**
 * Stops the server of the cluster in `dir` the way an administrator restarting it does (`-m fast`): the open
 * transactions are rolled back, the connections closed; the data stays for startPostgresServer.
 */
export async function stopPostgresServer(dir: string): Promise<void> {
  await asServerUser('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
}

/** Stops the cluster in `dir` at once (its data is thrown away). */
export async function stopPostgresCluster(dir: string): Promise<void> {
  await asServerUser('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
