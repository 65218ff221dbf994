/**
 * Mail in over SMTP: a small server the organisation's mail relay hands the desk's mail to. It talks only to
 * the allowed relays (554 to anyone else), holds a limited number of connections (421 beyond), accepts only
 * the queues' addresses (550 for any other recipient) and a limited number of them (452), refuses mails over
 * the size limit (552) without keeping more than the limit in memory, and answers 451 when the desk could not
 * take a mail, so the relay keeps it and tries again later.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { type AddressBlock, addressMatcher } from '../config/address-list.js';
import { isLoopbackHost } from '../config/loopback.js';
import type { HelpDesk } from '../core/help-desk.js';
import type { InboundContext, InboundResult, MailLogger } from './inbound.js';

export interface SmtpListenerOptions {
  desk: HelpDesk;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Mails larger than this are refused with 552. */
  maxMessageBytes: number;
  /** Connections held at once; more are answered 421 and closed. */
  maxClients: number;
  /** Recipients one message may have; more are answered 452. */
  maxRecipients: number;
  /** The only clients served (the relays); required unless `host` is loopback. */
  allowedClients?: AddressBlock[];
  /** Addresses accepted besides the queues'. */
  extraRecipients?: string[];
  /** The pipeline: `receiveMail` bound to the desk's settings. */
  receive: (
    raw: Buffer,
    envelope: Pick<InboundContext, 'recipients' | 'envelopeFrom'>,
  ) => Promise<InboundResult>;
  logger: MailLogger;
  /** Called after a mail landed, so the deliveries can start at once. */
  onLanded?: () => void;
}

export interface SmtpListener {
  readonly port: number;
  stop(): Promise<void>;
}

/** An error smtp-server turns into an SMTP reply with that code. */
function reply(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/** The addresses the desk takes mail for: the active queues' addresses and `extra`, lower case. */
async function acceptedAddresses(desk: HelpDesk, extra: string[]): Promise<Set<string>> {
  const queues = await desk.mailAddresses();
  return new Set([...queues.map((q) => q.address), ...extra.map((a) => a.toLowerCase())]);
}

/**
 * The message, or null when it is over the limit: from then on what was kept is dropped and the rest is read
 * and discarded, so a huge DATA never costs more memory than the limit.
 */
function readWithinLimit(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let bytes = 0;
    let oversized = false;
    stream.on('data', (chunk: Buffer) => {
      if (oversized) return;
      bytes += chunk.length;
      if (stream.sizeExceeded || bytes > maxBytes) {
        oversized = true;
        chunks = [];
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(oversized ? null : Buffer.concat(chunks, bytes)));
    stream.on('error', reject);
  });
}

/** Whether a client may talk to the listener: everyone on loopback without an allowlist, else the listed. */
function clientFilter(options: SmtpListenerOptions): (address: string) => boolean {
  if (options.allowedClients) return addressMatcher(options.allowedClients);
  if (isLoopbackHost(options.host)) return () => true;
  throw new Error(
    `mail: the SMTP listener on ${options.host} needs the relays allowed to connect (MAIL_INBOUND_SMTP_ALLOW)`,
  );
}

export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { desk, logger } = options;
  const isAllowed = clientFilter(options);
  const server = new SMTPServer({
    name: 'sportello',
    banner: 'Sportello help desk',
    size: options.maxMessageBytes,
    authOptional: true,
    // No TLS certificates and no accounts: the relay in front of the desk does both.
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: 2_000,
    socketTimeout: 60_000,
    maxClients: options.maxClients,
    // The relay's name is of no use to the desk, and a lookup per connection is a cost anyone could impose.
    disableReverseLookup: true,
    onConnect(session, callback) {
      if (isAllowed(session.remoteAddress)) return callback();
      logger.warn(`mail: SMTP refused a connection from ${session.remoteAddress} (not an allowed relay)`);
      callback(reply(554, '5.7.1 this server takes mail only from its relays'));
    },
    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length >= options.maxRecipients) {
        return callback(reply(452, `4.5.3 too many recipients (at most ${options.maxRecipients})`));
      }
      acceptedAddresses(desk, options.extraRecipients ?? []).then(
        (accepted) => {
          if (accepted.has(address.address.trim().toLowerCase())) return callback();
          logger.info(`mail: SMTP refused recipient ${address.address}`);
          callback(reply(550, `5.1.1 <${address.address}>: no such mailbox here`));
        },
        (error: unknown) => {
          logger.error('mail: SMTP could not look up the queues; the relay will retry', error);
          callback(reply(451, '4.3.0 the help desk cannot take mail now; try again later'));
        },
      );
    },
    onData(stream, session: SMTPServerSession, callback) {
      readWithinLimit(stream, options.maxMessageBytes)
        .then(async (raw) => {
          if (raw === null) {
            return callback(reply(552, `5.3.4 the message is larger than ${options.maxMessageBytes} bytes`));
          }
          const mailFrom = session.envelope.mailFrom;
          const result = await options.receive(raw, {
            recipients: session.envelope.rcptTo.map((r) => r.address),
            envelopeFrom: mailFrom === false ? undefined : mailFrom.address,
          });
          if (result.status === 'opened' || result.status === 'followed_up') options.onLanded?.();
          // Nothing about the outcome: naming the ticket would tell any client which ticket holds a Message-ID.
          // A refused mail is accepted too (kept for the admins), which spares a bounce to a maybe forged sender.
          callback(null, '2.0.0 queued');
        })
        .catch((error: unknown) => {
          logger.error('mail: SMTP could not take a message; the relay will retry', error);
          callback(reply(451, '4.3.0 the help desk could not take the message now; try again later'));
        });
    },
  });
  server.on('error', (error) => logger.warn('mail: SMTP listener:', error.message));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  logger.info(`mail: SMTP listener on ${options.host}:${port}`);
  return {
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
