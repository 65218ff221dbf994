import { z } from 'zod';
import { type AddressBlock, parseAddressBlock } from './address-list.js';
import { isLoopbackHost } from './loopback.js';

/** `user@domain` with no spaces or angle brackets: what an SMTP envelope can carry. */
const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+$/;
/** An address, or `Name <address>` (the name may be quoted). */
const MAILBOX = /^(?:[^<>\r\n]*\s)?<[^\s@<>"]+@[^\s@<>"]+>$/;

/** An SMTP server URL; checked by hand so that a refusal never repeats the URL (it may hold a password). */
const smtpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
    } catch {
      return false;
    }
  },
  { error: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.org:587' },
);

/** A PostgreSQL URL; checked by hand so that a refusal never repeats the URL (it may hold a password). */
const postgresUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      return false;
    }
  },
  { error: 'must be a postgres:// URL, e.g. postgres://sportello:password@db.example.org:5432/sportello' },
);

/** Client addresses and CIDR blocks, separated by commas or spaces. */
const addressBlocks = z.string().transform((value, ctx): AddressBlock[] => {
  const entries = value.split(/[\s,]+/).filter((entry) => entry !== '');
  const blocks = entries.map(parseAddressBlock);
  const invalid = entries.filter((_, i) => blocks[i] === undefined);
  if (invalid.length > 0 || entries.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: `must be IP addresses or CIDR blocks separated by commas, e.g. 10.1.2.3, 192.168.10.0/24${
        invalid.length > 0 ? ` (not ${invalid.map((entry) => JSON.stringify(entry)).join(', ')})` : ''
      }`,
    });
    return z.NEVER;
  }
  return blocks.filter((block) => block !== undefined);
});

/** Everything Sportello reads from the environment, validated once at start (only main.ts calls this). */
const envSchema = z.object({
  DATABASE_PATH: z.string().min(1).default('./data/sportello.db'),
  /** A PostgreSQL database instead of the SQLite file; checked by hand, so a refusal never repeats it. */
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  SPORTELLO_CONFIG: z.string().min(1).default('./sportello.yml'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The address the HTTP receiver listens on (e.g. 127.0.0.1 behind a local proxy); unset, every interface. */
  HOST: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token starting with "xoxb-"').optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z
    .string()
    .startsWith('xapp-', 'must be an app-level token starting with "xapp-"')
    .optional(),
  /** Larger files shared in Slack (a DM, a form, a thread) are not kept (listed as refused); the message lands. */
  SLACK_MAX_FILE_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(10 * 1024 * 1024),
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** The app's public address (HTTP mode): closing mails then carry one-click rating links to `/rate`. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://sportello.example.org' })
    .optional(),
  SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** How often Slack is asked about the operators of `skip_slack_away` queues: once per interval, by one replica. */
  PRESENCE_POLL_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
  /**
   * How long a delivery holds its outbox row. A row held by a process that died waits this long before it is
   * delivered again: keep it above the longest delivery (a few Web API calls of up to 10 s each).
   */
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Outgoing mail server; without it mails are written as .eml files into MAIL_DIR. */
  SMTP_URL: smtpUrl.optional(),
  /** Lets SMTP_URL log in over plaintext to a host beyond loopback; otherwise STARTTLS is required. */
  SMTP_ALLOW_PLAINTEXT: z.stringbool({ error: 'must be true or false' }).default(false),
  MAIL_FROM: z
    .string()
    .trim()
    .refine((value) => ADDRESS.test(value) || MAILBOX.test(value), {
      error: 'must be an address or "Name <address>", e.g. Sportello <helpdesk@example.org>',
    })
    .default('Sportello <sportello@localhost>'),
  MAIL_DIR: z.string().min(1).default('./data/mail'),
  /** Mail in over SMTP: the port of the listener the mail relay hands the queues' mail to; unset, none. */
  MAIL_INBOUND_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  MAIL_INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** The relays allowed to connect to the listener; required when it listens beyond loopback. */
  MAIL_INBOUND_SMTP_ALLOW: addressBlocks.optional(),
  /** Connections the listener holds at once; more are answered 421. */
  MAIL_INBOUND_SMTP_MAX_CLIENTS: z.coerce.number().int().min(1).max(1000).default(20),
  /** Recipients one message may have; more are answered 452. */
  MAIL_INBOUND_SMTP_MAX_RECIPIENTS: z.coerce.number().int().min(1).max(1000).default(50),
  /** Larger incoming mails are refused (SMTP 552; from IMAP, kept as refused mail). */
  MAIL_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  /** Larger attachments of an incoming mail are not kept (recorded as refused); the mail still lands. */
  MAIL_MAX_ATTACHMENT_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(10 * 1024 * 1024),
  /** Automatic notices (received, reopened, rejected) one address may get per hour from mail it sent. */
  MAIL_AUTO_REPLY_HOURLY_CAP: z.coerce.number().int().min(0).default(10),
  /** Automatic notices the whole desk sends per hour about mail taken in: forged senders cannot multiply them. */
  MAIL_AUTO_REPLY_DESK_HOURLY_CAP: z.coerce.number().int().min(0).default(200),
  /** Mails taken per hour from one sender, and landing on one ticket; more are kept as refused. */
  MAIL_SENDER_HOURLY_CAP: z.coerce.number().int().min(1).default(60),
  MAIL_TICKET_HOURLY_CAP: z.coerce.number().int().min(1).default(30),
  /** How often the IMAP mailboxes are looked at even without IDLE news. */
  MAIL_IMAP_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
});

/** The variables that depend on one another. */
const checkedEnvSchema = envSchema.superRefine((env, ctx) => {
  // Beyond loopback anyone who can reach the port could drop mail into the desk: only the named relays may.
  const open = env.MAIL_INBOUND_SMTP_PORT !== undefined && !isLoopbackHost(env.MAIL_INBOUND_SMTP_HOST);
  if (open && env.MAIL_INBOUND_SMTP_ALLOW === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['MAIL_INBOUND_SMTP_ALLOW'],
      message: `required when MAIL_INBOUND_SMTP_HOST is not a loopback address (it is ${env.MAIL_INBOUND_SMTP_HOST}): the mail relays allowed to connect, e.g. 10.1.2.3, 192.168.10.0/24`,
    });
  }
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Reads the environment; empty variables count as unset. Errors name each variable and what is wrong. */
export function readEnv(source: NodeJS.ProcessEnv): Env {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = checkedEnvSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `- ${issue.path.join('.')}: ${issue.message}`);
  throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
}

/** The password of a URL, as written and decoded: what the log must never show. */
function urlPasswords(value: string | undefined): string[] {
  if (!value) return [];
  const raw = new URL(value).password;
  if (raw === '') return [];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A stray '%' stays as it is.
  }
  return [...new Set([raw, decoded])];
}

/** The secrets of the URLs the desk connects with (SMTP_URL, DATABASE_URL), for the log to hide. */
export function urlSecrets(env: Pick<Env, 'SMTP_URL' | 'DATABASE_URL'>): string[] {
  return [...urlPasswords(env.SMTP_URL), ...urlPasswords(env.DATABASE_URL)];
}

/** The Slack variables still missing before the Slack app can run. */
export function missingSlackVariables(env: Env): string[] {
  const missing: string[] = [];
  if (!env.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
  if (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) missing.push('SLACK_SIGNING_SECRET');
  return missing;
}
