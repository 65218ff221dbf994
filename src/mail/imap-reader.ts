/**
 * Mail in over IMAP: reads a mailbox's unseen messages, hands each to the pipeline, and only once the
 * ticket or article is committed marks the message \Seen (or moves it to the processed folder). A crash in
 * between leaves it unseen: read again, it is known by its Message-ID and changes nothing. Waits for new
 * mail with IDLE (a poll as a safety net) and reconnects with backoff when the server goes away.
 */

import { ImapFlow } from 'imapflow';
import { isLoopbackHost } from '../config/loopback.js';
import type { QueueKey } from '../core/model.js';
import type { InboundResult, MailLogger } from './inbound.js';

/** One mailbox to read, as configured (`mailboxes:` in sportello.yml), its password resolved. */
export interface MailboxAccount {
  host: string;
  port: number;
  /** TLS from the first byte (IMAPS, port 993); otherwise STARTTLS (see imapTlsPolicy). */
  secure: boolean;
  /** Lets plain IMAP log in without STARTTLS to a server beyond loopback (`allow_plaintext: true`). */
  allowPlaintext?: boolean;
  user: string;
  password: string;
  mailbox: string;
  /** Key of the queue a mail opens a ticket in when none of its recipients is a queue address. */
  queue: QueueKey;
  /** Move each message here once taken, instead of only marking it \Seen. */
  processedFolder?: string;
}

export interface ImapReaderOptions {
  account: MailboxAccount;
  /** The pipeline: `receiveMail` bound to the desk and this account's queue. */
  receive: (raw: Buffer) => Promise<InboundResult>;
  /** Keeps a message that failed `maxAttempts` times as refused, so it stops blocking nothing but itself. */
  giveUp: (raw: Buffer, reason: string) => Promise<void> | void;
  logger: MailLogger;
  /** Called after a mail landed, so the deliveries can start at once. */
  onLanded?: () => void;
  /** Look for unseen mail at least this often, IDLE or not (default 60 s). */
  pollIntervalMs?: number;
  /** Reconnect after 1 s, doubling up to 5 minutes. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Failed attempts at one message before it is given up (default 5). */
  maxAttempts?: number;
  /** Larger messages are not downloaded: kept as refused (headers only) and marked taken. */
  maxMessageBytes?: number;
  /** How soon after a command the connection starts IDLE (default 1 s). */
  idleDelayMs?: number;
}

/** Where an account's mail comes from, for logs and refused mails. */
export function accountSource(account: Pick<MailboxAccount, 'user' | 'host' | 'mailbox'>): string {
  return `imap:${account.user}@${account.host}/${account.mailbox}`;
}

/**
 * Whether plain IMAP must upgrade with STARTTLS before logging in. Left opportunistic, whoever sits on the
 * path can strip the server's STARTTLS offer and read the password (imapflow goes on unencrypted); so it is
 * required unless the server is on this machine or the mailbox allows plaintext. IMAPS is TLS already.
 */
export function imapTlsPolicy(account: Pick<MailboxAccount, 'host' | 'secure' | 'allowPlaintext'>): {
  doSTARTTLS?: true;
} {
  const required = !account.secure && !account.allowPlaintext && !isLoopbackHost(account.host);
  return required ? { doSTARTTLS: true } : {};
}

export class ImapReader {
  private client: ImapFlow | null = null;
  private stopping = false;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** New mail was announced while no one was waiting: the next wait returns at once. */
  private signalled = false;
  private connecting = false;
  private failures = new Map<string, number>();
  private readonly source: string;

  constructor(private readonly options: ImapReaderOptions) {
    this.source = accountSource(options.account);
  }

  /** Starts reading in the background; returns at once. */
  start(): void {
    if (this.running !== null) return;
    this.stopping = false;
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Stops after the message being taken (if any) is committed and marked; closes the connection. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.signal();
    // Still connecting (a server that does not answer): give up the attempt rather than wait for its timeout.
    if (this.connecting) this.client?.close();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { logger } = this.options;
    const initial = this.options.backoff?.initialMs ?? 1_000;
    const max = this.options.backoff?.maxMs ?? 300_000;
    let attempt = 0;
    while (!this.stopping) {
      try {
        const client = await this.connect();
        attempt = 0;
        while (!this.stopping && client.usable) {
          await this.readUnseen(client);
          await this.waitForMail(client);
        }
      } catch (error) {
        if (!this.stopping) logger.warn(`mail: ${this.source}: ${(error as Error).message}`);
      } finally {
        await this.disconnect();
      }
      if (this.stopping) break;
      const delay = Math.min(max, initial * 2 ** attempt);
      attempt += 1;
      logger.info(`mail: ${this.source}: reconnecting in ${Math.round(delay / 1000)} s`);
      await this.sleep(delay);
    }
  }

  private async connect(): Promise<ImapFlow> {
    const { account } = this.options;
    const client = new ImapFlow({
      host: account.host,
      port: account.port,
      secure: account.secure,
      ...imapTlsPolicy(account),
      auth: { user: account.user, pass: account.password },
      logger: false,
      autoIdleDelay: this.options.idleDelayMs ?? 1_000,
      // Restart IDLE now and then: some servers and NAT boxes drop a connection quiet for long.
      maxIdleTime: 5 * 60_000,
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 10 * 60_000,
    });
    // An 'error' event nobody listens to would end the process; 'close' sends the loop to reconnect.
    client.on('error', (error: Error) =>
      this.options.logger.warn(`mail: ${this.source}: connection error: ${error.message}`),
    );
    client.on('close', () => this.signal());
    client.on('exists', () => this.signal());
    this.client = client;
    this.connecting = true;
    try {
      await client.connect();
      await client.mailboxOpen(account.mailbox);
      if (account.processedFolder) await this.ensureFolder(client, account.processedFolder);
    } finally {
      this.connecting = false;
    }
    this.options.logger.info(`mail: reading ${this.source}`);
    return client;
  }

  private async ensureFolder(client: ImapFlow, path: string): Promise<void> {
    const folders = await client.list();
    if (!folders.some((folder) => folder.path === path)) await client.mailboxCreate(path);
  }

  /** Logs out when stopping, otherwise drops the connection (it failed, or the server closed it). */
  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (this.stopping && client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }

  /** Takes every unseen message once, oldest first. */
  private async readUnseen(client: ImapFlow): Promise<void> {
    const lock = await client.getMailboxLock(this.options.account.mailbox);
    try {
      const found = await client.search({ seen: false }, { uid: true });
      const uids = (found || []).sort((a, b) => a - b);
      const validity = String(client.mailbox ? client.mailbox.uidValidity : '');
      for (const uid of uids) {
        if (this.stopping || !client.usable) break;
        await this.take(client, uid, `${validity}:${uid}`);
      }
    } finally {
      lock.release();
    }
  }

  private async take(client: ImapFlow, uid: number, key: string): Promise<void> {
    const { logger } = this.options;
    const maxBytes = this.options.maxMessageBytes;
    if (maxBytes !== undefined) {
      const sized = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
      const size = sized === false ? undefined : sized.size;
      if (size !== undefined && size > maxBytes) {
        // Not downloaded: its headers are enough to tell an admin what it was.
        const head = await client.fetchOne(String(uid), { uid: true, headers: true }, { uid: true });
        const headers = (head === false ? undefined : head.headers) ?? Buffer.alloc(0);
        logger.warn(`mail: ${this.source} message ${uid} is too large (${size} bytes): kept as refused`);
        await this.options.giveUp(headers, `too large: ${size} bytes (the limit is ${maxBytes})`);
        await this.markTaken(client, uid);
        return;
      }
    }
    const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    const raw = message === false ? undefined : message.source;
    if (!raw) return;
    try {
      const result = await this.options.receive(raw);
      if (result.status === 'opened' || result.status === 'followed_up') this.options.onLanded?.();
    } catch (error) {
      const failures = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, failures);
      const maxAttempts = this.options.maxAttempts ?? 5;
      if (failures < maxAttempts) {
        logger.error(
          `mail: ${this.source} message ${uid} not taken (attempt ${failures} of ${maxAttempts}); it stays unseen:`,
          error,
        );
        return;
      }
      logger.error(`mail: ${this.source} message ${uid} failed ${failures} times: kept as refused`, error);
      await this.options.giveUp(raw, `failed ${failures} times: ${(error as Error).message}`);
    }
    this.failures.delete(key);
    await this.markTaken(client, uid);
  }

  /** Only now, with the mail committed: \Seen, and moved to the processed folder if there is one. */
  private async markTaken(client: ImapFlow, uid: number): Promise<void> {
    const range = String(uid);
    await client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
    const folder = this.options.account.processedFolder;
    if (folder) await client.messageMove(range, folder, { uid: true });
  }

  /** Until new mail is announced (IDLE), the poll interval passes, the connection closes, or stop(). */
  private waitForMail(client: ImapFlow): Promise<void> {
    if (this.stopping || !client.usable) return Promise.resolve();
    if (this.signalled) {
      this.signalled = false;
      return Promise.resolve();
    }
    return this.sleep(this.options.pollIntervalMs ?? 60_000);
  }

  /** Something happened (new mail, a closed connection, stop()): the waiting loop goes on at once. */
  private signal(): void {
    if (this.wake) this.wake();
    else this.signalled = true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        this.signalled = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
