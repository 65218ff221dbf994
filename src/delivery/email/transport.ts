import { mkdirSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { NodemailerError } from 'nodemailer/lib/errors';
import { isLoopbackHost } from '../../config/loopback.js';
import { DeliveryError, type WorkerLogger } from '../outbox-worker.js';

/** A mailbox: an address with an optional display name. */
export interface MailAddress {
  name?: string;
  address: string;
}

/** One mail as the deliveries compose it; the transport only sends (or writes) it. */
export interface OutgoingMail {
  from: MailAddress;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** With its angle brackets, e.g. `<sportello.12.2026113010000052@example.org>`. */
  messageId: string;
  inReplyTo?: string | undefined;
  /** Oldest first. */
  references?: string[] | undefined;
  headers?: Record<string, string>;
  /** Files sent along (an operator's reply's), by their bytes. */
  attachments?: MailFile[];
}

/** A file a mail carries. */
export interface MailFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface SentMail {
  messageId: string;
  accepted: string[];
}

export interface MailTransport {
  /** Sends one mail; throws a DeliveryError saying whether a retry can help. */
  send(mail: OutgoingMail): Promise<SentMail>;
  /** Where mails go, fit for a log line: never a password. */
  describe(): string;
  close(): void;
}

export interface MailTransportOptions {
  /** `smtp://user:password@host:port` or `smtps://…`; without it mails are written as .eml files. */
  smtpUrl?: string | undefined;
  /** Where .eml files are written when there is no SMTP server. */
  mailDir: string;
  /** Lets `smtp://` log in without TLS to a server beyond loopback (SMTP_ALLOW_PLAINTEXT). */
  allowPlaintext?: boolean;
  logger: WorkerLogger;
}

/**
 * The process's one way out for mail: a pooled SMTP transport (created once, its connections reused) when an
 * SMTP URL is configured, otherwise a folder of .eml files that a developer can open or a test can read.
 */
export function createMailTransport(options: MailTransportOptions): MailTransport {
  return options.smtpUrl
    ? smtpTransport(options.smtpUrl, options.allowPlaintext ?? false, options.logger)
    : fileTransport(options.mailDir);
}

/** Message fields nodemailer takes; file and URL access stay off, whatever a mail might contain. */
function messageOf(mail: OutgoingMail) {
  return {
    from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references && mail.references.length > 0 ? mail.references : undefined,
    headers: mail.headers,
    // Only bytes: nodemailer never reads a path or a URL for an attachment (see disableFileAccess below).
    attachments: mail.attachments?.map((file) => ({
      filename: file.filename,
      contentType: file.contentType,
      content: file.content,
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

interface SmtpSettings {
  secure: boolean;
  host: string;
  port: number;
  user: string;
  password: string;
}

function parseSmtpUrl(smtpUrl: string): SmtpSettings {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`mail: the SMTP URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  const secure = url.protocol === 'smtps:';
  return {
    secure,
    // IPv6 literals come bracketed in URLs; sockets want them bare.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    user: safeDecode(url.username),
    password: safeDecode(url.password),
  };
}

/**
 * Whether a plain `smtp://` connection must upgrade with STARTTLS before logging in. Left opportunistic,
 * whoever sits on the path can strip the server's STARTTLS offer and read the password; so it is required
 * unless the server is on this machine or plaintext is explicitly allowed. `smtps://` is TLS from the start.
 */
export function smtpTlsPolicy(
  server: { host: string; secure: boolean },
  allowPlaintext: boolean,
): { requireTLS: boolean } {
  return { requireTLS: !server.secure && !allowPlaintext && !isLoopbackHost(server.host) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function smtpTransport(smtpUrl: string, allowPlaintext: boolean, logger: WorkerLogger): MailTransport {
  const settings = parseSmtpUrl(smtpUrl);
  const hostPart = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const described = `SMTP ${settings.secure ? 'smtps' : 'smtp'}://${hostPart}:${settings.port}`;
  const secrets = [settings.password, new URL(smtpUrl).password].filter((s) => s.length > 0);
  const transporter = nodemailer.createTransport({
    pool: true,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...smtpTlsPolicy(settings, allowPlaintext),
    auth: settings.user || settings.password ? { user: settings.user, pass: settings.password } : undefined,
    maxConnections: 2,
    // Short enough that a hanging server costs one attempt, not the delivery lease.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    logger: false,
  });
  // An 'error' event nobody listens to would end the process; a failed send is reported to its caller anyway.
  transporter.on('error', (error: Error) =>
    logger.warn(smtpDeliveryError(error, secrets).message.replace(/^SMTP/, 'mail: SMTP transport')),
  );
  return {
    async send(mail) {
      try {
        const info = await transporter.sendMail(messageOf(mail));
        return { messageId: info.messageId, accepted: info.accepted.map(String) };
      } catch (error) {
        throw smtpDeliveryError(error, secrets);
      }
    },
    describe: () => described,
    close: () => transporter.close(),
  };
}

/** SMTP errors that come from our own configuration: fixable by an admin, so worth retrying. */
const CONFIGURATION_CODES = new Set(['EAUTH', 'ENOAUTH', 'ECONFIG', 'ETLS']);

/**
 * What a failed SMTP send means for the outbox: a 5xx reply (other than 503, a bad sequence) refuses this
 * message for good (550 no such user, 553 bad address, 552 too big…); 4xx replies, refused or dropped
 * connections, timeouts and login problems may pass on a later attempt.
 */
export function smtpDeliveryError(error: unknown, secrets: string[] = []): DeliveryError {
  const err = (error instanceof Error ? error : new Error(String(error))) as NodemailerError;
  const code = typeof err.code === 'string' ? err.code : undefined;
  const responseCode = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const redact = (text: string) =>
    secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  const message = redact(`SMTP${code ? ` ${code}` : ''}: ${err.message}`);
  const refused =
    responseCode !== undefined && responseCode >= 500 && responseCode < 600 && responseCode !== 503;
  const permanent = refused && !(code !== undefined && CONFIGURATION_CODES.has(code));
  return new DeliveryError(message, { permanent });
}

/** Without SMTP: each mail becomes `<time>-<message id>.eml` in `mailDir`, written whole or not at all. */
function fileTransport(mailDir: string): MailTransport {
  mkdirSync(mailDir, { recursive: true });
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    async send(mail) {
      const info = await transporter.sendMail(messageOf(mail));
      const content = info.message;
      if (!Buffer.isBuffer(content)) throw new DeliveryError('mail: the message was not built as a buffer');
      const name = `${fileTimestamp(new Date())}-${sanitise(info.messageId)}.eml`;
      const target = join(mailDir, name);
      const temporary = join(mailDir, `.${name}.${process.pid}.tmp`);
      try {
        await mkdir(mailDir, { recursive: true });
        await writeFile(temporary, content, { flag: 'wx' });
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw new DeliveryError(`mail: cannot write ${target}: ${(error as Error).message}`);
      }
      return { messageId: info.messageId, accepted: [mail.to] };
    },
    describe: () => `writing .eml files to ${mailDir}`,
    close: () => transporter.close(),
  };
}

/** `20261130T090000123Z`: sorts by time, and is valid in every file system. */
function fileTimestamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

/** A Message-ID as a file name: no brackets, no separators, nothing a shell or a file system minds. */
function sanitise(messageId: string): string {
  const bare = messageId.replace(/^<|>$/g, '');
  return (bare.replace(/[^A-Za-z0-9._@-]/g, '_').replace(/^\.+/, '') || 'message').slice(0, 150);
}
