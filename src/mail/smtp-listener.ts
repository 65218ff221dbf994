/**
 * Mail in over SMTP: a small server the organisation's mail relay hands the desk's mail to. It accepts only
 * the queues' addresses (550 for any other recipient), refuses mails over the size limit (552), and answers
 * 451 when the desk could not take a mail, so the relay keeps it and tries again later.
 */
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { HelpDesk } from '../core/help-desk.js';
import { queues } from '../db/schema.js';
import type { InboundContext, InboundResult, MailLogger } from './inbound.js';

export interface SmtpListenerOptions {
  desk: HelpDesk;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Mails larger than this are refused with 552. */
  maxMessageBytes: number;
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

/** The addresses the desk takes mail for: the active queues' addresses, lower case. */
function acceptedAddresses(desk: HelpDesk, extra: string[]): Set<string> {
  const rows = desk.ctx.db
    .select({ address: queues.emailAddress })
    .from(queues)
    .where(eq(queues.active, true))
    .all();
  return new Set([
    ...rows.flatMap((r) => (r.address ? [r.address.toLowerCase()] : [])),
    ...extra.map((a) => a.toLowerCase()),
  ]);
}

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { desk, logger } = options;
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
    onRcptTo(address, _session, callback) {
      const accepted = acceptedAddresses(desk, options.extraRecipients ?? []);
      if (accepted.has(address.address.trim().toLowerCase())) return callback();
      logger.info(`mail: SMTP refused recipient ${address.address}`);
      callback(reply(550, `5.1.1 <${address.address}>: no such mailbox here`));
    },
    onData(stream, session: SMTPServerSession, callback) {
      readAll(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) {
            return callback(reply(552, `5.3.4 the message is larger than ${options.maxMessageBytes} bytes`));
          }
          const mailFrom = session.envelope.mailFrom;
          const result = await options.receive(raw, {
            recipients: session.envelope.rcptTo.map((r) => r.address),
            envelopeFrom: mailFrom === false ? undefined : mailFrom.address,
          });
          if (result.status === 'opened' || result.status === 'followed_up') options.onLanded?.();
          // A refused mail is kept for the admins: accepting it spares a bounce to a sender that may be forged.
          const note =
            result.status === 'refused'
              ? `kept as refused mail ${result.refusedId}`
              : `Ticket#${result.ticketNumber}`;
          callback(null, `2.0.0 taken: ${note}`);
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
