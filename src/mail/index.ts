/**
 * Mail in, as the server runs it: the IMAP readers of the configured mailboxes and the SMTP listener, all
 * feeding the one pipeline (`receiveMail`).
 */
import type { AddressBlock } from '../config/address-list.js';
import type { Env } from '../config/env.js';
import type { QueuesConfig } from '../config/queues-file.js';
import type { HelpDesk } from '../core/help-desk.js';
import { mailboxAccounts } from './accounts.js';
import { accountSource, ImapReader, type MailboxAccount } from './imap-reader.js';
import {
  type InboundContext,
  type MailInLimits,
  type MailLogger,
  receiveMail,
  syntheticMessageId,
} from './inbound.js';
import { startSmtpListener } from './smtp-listener.js';

export type { MailboxAccount } from './imap-reader.js';
export type { MailInLimits } from './inbound.js';
export { trimQuotedReply } from './quoted-reply.js';

export interface MailInSettings {
  /** IMAP mailboxes to read (`mailboxes:` in sportello.yml), passwords resolved. */
  accounts: MailboxAccount[];
  /** The SMTP listener and its limits (see SmtpListenerOptions); absent: none. */
  smtp?: {
    host: string;
    port: number;
    maxClients: number;
    maxRecipients: number;
    allowedClients?: AddressBlock[];
  };
  limits: MailInLimits;
  /** The organisation's mail servers whose Authentication-Results are believed; empty: senders not checked. */
  trustedAuthservIds?: string[];
  /** The desk's own sender addresses besides the queues' (MAIL_FROM): never answered, never a customer. */
  ownAddresses: string[];
  /** How often the IMAP readers look for mail even without IDLE news. */
  pollIntervalMs?: number;
  /** IMAP reconnect backoff (tests shorten it). */
  backoff?: { initialMs?: number; maxMs?: number };
}

type MailLimitsEnv = Pick<
  Env,
  | 'MAIL_MAX_MESSAGE_BYTES'
  | 'MAIL_MAX_ATTACHMENT_BYTES'
  | 'MAIL_AUTO_REPLY_HOURLY_CAP'
  | 'MAIL_AUTO_REPLY_DESK_HOURLY_CAP'
  | 'MAIL_SENDER_HOURLY_CAP'
  | 'MAIL_TICKET_HOURLY_CAP'
>;

type MailInEnv = MailLimitsEnv &
  Pick<
    Env,
    | 'MAIL_FROM'
    | 'MAIL_INBOUND_SMTP_HOST'
    | 'MAIL_INBOUND_SMTP_PORT'
    | 'MAIL_INBOUND_SMTP_ALLOW'
    | 'MAIL_INBOUND_SMTP_MAX_CLIENTS'
    | 'MAIL_INBOUND_SMTP_MAX_RECIPIENTS'
    | 'MAIL_IMAP_POLL_SECONDS'
  >;

/** The limits and caps of mail in, as the environment sets them (its defaults are the only ones). */
export function mailInLimits(env: MailLimitsEnv): MailInLimits {
  return {
    maxAttachmentBytes: env.MAIL_MAX_ATTACHMENT_BYTES,
    maxMessageBytes: env.MAIL_MAX_MESSAGE_BYTES,
    autoReplyHourlyCap: env.MAIL_AUTO_REPLY_HOURLY_CAP,
    deskAutoReplyHourlyCap: env.MAIL_AUTO_REPLY_DESK_HOURLY_CAP,
    senderHourlyCap: env.MAIL_SENDER_HOURLY_CAP,
    ticketHourlyCap: env.MAIL_TICKET_HOURLY_CAP,
  };
}

/**
 * Mail in as the environment and the queues file set it up; undefined when neither a mailbox nor the SMTP
 * listener is configured. Throws (MailboxPasswordError) when a mailbox's password variable is unset.
 */
export function mailInSettings(
  env: MailInEnv,
  config: Pick<QueuesConfig, 'mailboxes' | 'mailAuthentication'>,
  processEnv: NodeJS.ProcessEnv,
): MailInSettings | undefined {
  const accounts = mailboxAccounts(config.mailboxes, processEnv);
  if (accounts.length === 0 && env.MAIL_INBOUND_SMTP_PORT === undefined) return undefined;
  const from = /<([^<>]+)>\s*$/.exec(env.MAIL_FROM)?.[1] ?? env.MAIL_FROM;
  return {
    accounts,
    smtp:
      env.MAIL_INBOUND_SMTP_PORT === undefined
        ? undefined
        : {
            host: env.MAIL_INBOUND_SMTP_HOST,
            port: env.MAIL_INBOUND_SMTP_PORT,
            maxClients: env.MAIL_INBOUND_SMTP_MAX_CLIENTS,
            maxRecipients: env.MAIL_INBOUND_SMTP_MAX_RECIPIENTS,
            allowedClients: env.MAIL_INBOUND_SMTP_ALLOW,
          },
    limits: mailInLimits(env),
    trustedAuthservIds: config.mailAuthentication.trustedAuthservIds,
    ownAddresses: [from.trim().toLowerCase()],
    pollIntervalMs: env.MAIL_IMAP_POLL_SECONDS * 1000,
  };
}

export interface MailIn {
  /** The SMTP listener's port, when it runs. */
  smtpPort: number | null;
  readers: ImapReader[];
  stop(): Promise<void>;
}

export async function startMailIn(
  desk: HelpDesk,
  settings: MailInSettings,
  logger: MailLogger,
  onLanded: () => void = () => {},
): Promise<MailIn> {
  const base: Omit<InboundContext, 'source'> = {
    desk,
    logger,
    limits: settings.limits,
    trustedAuthservIds: settings.trustedAuthservIds,
    ownAddresses: settings.ownAddresses,
  };
  const readers = settings.accounts.map((account) => {
    const source = accountSource(account);
    return new ImapReader({
      account,
      logger,
      onLanded,
      pollIntervalMs: settings.pollIntervalMs,
      backoff: settings.backoff,
      maxMessageBytes: settings.limits.maxMessageBytes,
      receive: (raw) => receiveMail(raw, { ...base, source, accountQueueKey: account.queue }),
      giveUp: async (raw, reason) => {
        await desk.refuseMail({ raw, source, messageId: syntheticMessageId(raw) }, reason);
      },
    });
  });
  for (const reader of readers) reader.start();

  let smtp: Awaited<ReturnType<typeof startSmtpListener>> | null = null;
  try {
    if (settings.smtp) {
      smtp = await startSmtpListener({
        desk,
        ...settings.smtp,
        maxMessageBytes: settings.limits.maxMessageBytes,
        logger,
        onLanded,
        receive: (raw, envelope) => receiveMail(raw, { ...base, ...envelope, source: 'smtp' }),
      });
    }
  } catch (error) {
    await Promise.all(readers.map((reader) => reader.stop()));
    throw error;
  }
  return {
    smtpPort: smtp?.port ?? null,
    readers,
    async stop() {
      await Promise.all([smtp?.stop(), ...readers.map((reader) => reader.stop())]);
    },
  };
}
