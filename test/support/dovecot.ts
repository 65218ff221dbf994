/**
 * A real Dovecot IMAP server for the mail tests, on 127.0.0.1 and a free port, in a temporary folder: its
 * own configuration, run and state folders, log, a passwd-file user and a maildir store, all owned by the
 * user running the tests (no root-owned paths, no system service). `.ci/run` installs `dovecot-imapd`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';
export const IMAP_USER = 'helpdesk';
export const IMAP_PASSWORD = 'imap-test-pa55word';

export interface StoredMessage {
  uid: number;
  flags: string[];
  messageId: string | undefined;
}

export interface Dovecot {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Puts a message into a folder (INBOX by default), as a mail delivery would; returns its UID. */
  deliver(raw: Buffer | string, folder?: string): Promise<number>;
  /** Creates a folder (a fresh mailbox per test). */
  createFolder(name: string): Promise<void>;
  /** The messages of a folder with their flags, oldest first. */
  messages(folder?: string): Promise<StoredMessage[]>;
  /** Stops the server (the mail stays); start() runs it again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its folder. */
  dispose(): Promise<void>;
  /** The server's log, for a failing test's message. */
  log(): string;
}

export function dovecotVersion(): string {
  return execFileSync(DOVECOT_BINARY, ['--version'], { encoding: 'utf8' }).trim();
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

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

/** Which users Dovecot's own processes run as. */
interface ProcessUsers {
  internalUser: string;
  internalGroup: string;
  loginUser: string;
  /** Who owns the mail store (Dovecot never gives mail access to root). */
  mailUid: number;
  mailGid: number;
}

/**
 * The current user for everything; but Dovecot refuses to run its login process as root, so under root (CI)
 * its processes use the unprivileged users the Debian package creates.
 */
function processUsers(): ProcessUsers {
  const me = userInfo();
  if (me.uid !== 0) {
    const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
    return {
      internalUser: me.username,
      internalGroup: group,
      loginUser: me.username,
      mailUid: me.uid,
      mailGid: me.gid,
    };
  }
  const id = (flag: string) => Number(execFileSync('id', [flag, 'dovecot'], { encoding: 'utf8' }).trim());
  return {
    internalUser: 'dovecot',
    internalGroup: 'dovecot',
    loginUser: 'dovenull',
    mailUid: id('-u'),
    mailGid: id('-g'),
  };
}

/** Where a test Dovecot keeps everything: inside its temporary folder, nothing system-wide. */
function paths(dir: string): string {
  return `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no`;
}

/** Which users its processes and the mail run as (the same in 2.3 and 2.4). */
function userSettings(users: ProcessUsers): string {
  return `auth_mechanisms = plain login
default_internal_user = ${users.internalUser}
default_internal_group = ${users.internalGroup}
default_login_user = ${users.loginUser}
first_valid_uid = ${users.mailUid}
last_valid_uid = ${users.mailUid}
first_valid_gid = 0`;
}

/** Dovecot 2.3's configuration (Debian 12); 2.4 renamed most settings, see `config24`. */
function config23(dir: string, port: number, users: ProcessUsers): string {
  return `
protocols = imap
listen = 127.0.0.1
${paths(dir)}
disable_plaintext_auth = no
${userSettings(users)}
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    user = ${users.internalUser}
  }
  unix_listener stats-writer {
    user = ${users.internalUser}
  }
}
protocol imap {
  mail_max_userip_connections = 100
}
`;
}

/** The same for Dovecot 2.4 (Debian 13). */
function config24(dir: string, port: number, users: ProcessUsers): string {
  return `
dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
protocols = imap
listen = 127.0.0.1
${paths(dir)}
auth_allow_cleartext = yes
${userSettings(users)}
mail_driver = maildir
mail_path = ${dir}/mail/%{user}
passdb passwd-file {
  passwd_file_path = ${dir}/users
  default_password_scheme = PLAIN
}
userdb passwd-file {
  passwd_file_path = ${dir}/users
}
service imap-login {
  inet_listener imap {
    listen = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
protocol imap {
  mail_max_userip_connections = 100
}
`;
}

/** Starts Dovecot in a new temporary folder. */
export async function startDovecot(): Promise<Dovecot> {
  if (!existsSync(DOVECOT_BINARY)) {
    throw new Error(
      `${DOVECOT_BINARY} is missing: install it with "apt-get install -y dovecot-imapd" (.ci/run does this)`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'sportello-dovecot-'));
  for (const sub of ['run', 'state']) mkdirSync(join(dir, sub), { recursive: true });
  const port = await freePort();
  // Dovecot's unprivileged processes (under root) must reach the run folder, and the mail user its store.
  chmodSync(dir, 0o755);
  const users = processUsers();
  for (const sub of ['mail', 'home']) {
    mkdirSync(join(dir, sub), { recursive: true });
    chownSync(join(dir, sub), users.mailUid, users.mailGid);
  }
  writeFileSync(
    join(dir, 'users'),
    `${IMAP_USER}:{PLAIN}${IMAP_PASSWORD}:${users.mailUid}:${users.mailGid}::${join(dir, 'home')}::\n`,
  );
  const version = dovecotVersion();
  const write = version.startsWith('2.3') ? config23 : config24;
  const configPath = join(dir, 'dovecot.conf');
  writeFileSync(configPath, write(dir, port, users));
  const logPath = join(dir, 'dovecot.log');
  const readLog = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');

  let child: ChildProcess | null = null;
  let output = '';

  async function start(): Promise<void> {
    output = '';
    const started = spawn(DOVECOT_BINARY, ['-F', '-c', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (started.exitCode !== null) break;
      if (await canConnect(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    started.kill('SIGKILL');
    throw new Error(`Dovecot ${version} did not start on 127.0.0.1:${port}:\n${output}\n${readLog()}`);
  }

  async function stop(): Promise<void> {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => running.kill('SIGKILL'), 5_000);
      running.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      running.kill('SIGTERM');
    });
    // The listener goes with the master process; wait until the port is really free.
    while (await canConnect(port)) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  async function withClient<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user: IMAP_USER, pass: IMAP_PASSWORD },
      logger: false,
    });
    client.on('error', () => {});
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  await start();
  return {
    host: '127.0.0.1',
    port,
    user: IMAP_USER,
    password: IMAP_PASSWORD,
    deliver: (raw, folder = 'INBOX') =>
      withClient(async (client) => {
        const appended = await client.append(folder, raw);
        if (!appended || appended.uid === undefined) throw new Error(`APPEND to ${folder} gave no UID`);
        return appended.uid;
      }),
    createFolder: (name) =>
      withClient(async (client) => {
        await client.mailboxCreate(name);
      }),
    messages: (folder = 'INBOX') =>
      withClient(async (client) => {
        const status = await client.status(folder, { messages: true });
        if (status === false || !status.messages) return [];
        const lock = await client.getMailboxLock(folder);
        try {
          const found: StoredMessage[] = [];
          for await (const message of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
            found.push({
              uid: message.uid,
              // \Recent only says which session saw the message first.
              flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent'),
              messageId: message.envelope?.messageId,
            });
          }
          return found.sort((a, b) => a.uid - b.uid);
        } finally {
          lock.release();
        }
      }),
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    log: readLog,
  };
}
