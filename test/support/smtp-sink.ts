import type { AddressObject, ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** The account the sink accepts (AUTH PLAIN or LOGIN); anyone may also send without logging in. */
export const SINK_USER = 'sportello';
export const SINK_PASSWORD = 'sink-secret-pa55word';

/** One message the sink received, as a mail client would read it. */
export interface ReceivedMail {
  /** The envelope: MAIL FROM and RCPT TO. */
  envelope: { from: string; to: string[] };
  /** The From header's address and display name. */
  from: { address: string; name: string };
  /** The To header's addresses. */
  to: string[];
  subject: string;
  messageId: string;
  inReplyTo: string | undefined;
  references: string[];
  text: string;
  html: string;
  headers: ParsedMail['headers'];
  /** The files it carries, as the mail client reads them. */
  attachments: { filename: string | undefined; contentType: string; content: Buffer }[];
  /** Who logged in to send it, if anyone. */
  user: string | undefined;
}

/** An SMTP answer the sink gives instead of accepting, at one step of the dialogue. */
export interface SinkRefusal {
  code: number;
  message?: string;
  /** `connect` refuses the connection itself (and closes it); default `mailFrom`. */
  at?: 'connect' | 'mailFrom' | 'rcptTo';
  /** Only for these recipients (at `rcptTo`). */
  recipients?: string[];
}

export interface SmtpSink {
  /** The port, kept across stop() and start(). */
  readonly port: number;
  /** `smtp://user:password@127.0.0.1:<port>` (the sink's own account unless told otherwise). */
  url(user?: string, password?: string): string;
  /** Every message received, in order, across restarts. */
  readonly messages: ReceivedMail[];
  /** Resolves once at least `count` messages arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Answers with `refusal` from now on; `null` accepts again. */
  refuse(refusal: SinkRefusal | null): void;
  /** How many times a step was refused so far. */
  readonly refusals: number;
  /** How many connections clients opened so far. */
  readonly connections: number;
  /** SMTP down: closes every connection and frees the port. */
  stop(): Promise<void>;
  /** SMTP up again, on the same port. */
  start(): Promise<void>;
  readonly running: boolean;
}

/** Refuses with an SMTP reply code (smtp-server reads `responseCode`). */
function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

function addresses(field: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((object) =>
    object.value.map((entry) => ({ address: entry.address ?? '', name: entry.name })),
  );
}

function referencesOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : value.split(/\s+/)).filter((id) => id !== '');
}

/**
 * A real SMTP server on 127.0.0.1 for the tests: plain text (no STARTTLS), optional AUTH PLAIN/LOGIN with
 * the sink's account, every message parsed with mailparser. It can refuse for a while, or go down and come
 * back on the same port, like a mail server under maintenance.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  let refusal: SinkRefusal | null = null;
  let refusals = 0;
  let connections = 0;
  let server: SMTPServer | null = null;
  let port = 0;

  const refusing = (at: NonNullable<SinkRefusal['at']>, address?: SMTPServerAddress): Error | null => {
    if (!refusal || (refusal.at ?? 'mailFrom') !== at) return null;
    if (refusal.recipients && address && !refusal.recipients.includes(address.address.toLowerCase())) {
      return null;
    }
    refusals++;
    return smtpError(refusal.code, refusal.message ?? 'Try again later');
  };

  const create = () =>
    new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      // Stopping is abrupt: connections still open get a 421 and are closed at once.
      closeTimeout: 1,
      onConnect(_session, callback) {
        connections++;
        callback(refusing('connect'));
      },
      onAuth(auth, _session, callback) {
        if (auth.username === SINK_USER && auth.password === SINK_PASSWORD) {
          callback(null, { user: auth.username });
        } else {
          callback(smtpError(535, 'Authentication credentials invalid'));
        }
      },
      onMailFrom(_address, _session, callback) {
        callback(refusing('mailFrom'));
      },
      onRcptTo(address, _session, callback) {
        callback(refusing('rcptTo', address));
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            const [from] = addresses(parsed.from);
            messages.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              from: from ?? { address: '', name: '' },
              to: addresses(parsed.to).map((a) => a.address),
              subject: parsed.subject ?? '',
              messageId: parsed.messageId ?? '',
              inReplyTo: parsed.inReplyTo,
              references: referencesOf(parsed.references),
              text: parsed.text ?? '',
              html: parsed.html || '',
              headers: parsed.headers,
              attachments: parsed.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: a.content,
              })),
              user: typeof session.user === 'string' ? session.user : undefined,
            });
            for (const wake of waiters.splice(0)) wake();
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      },
    });

  const listen = (at: number) =>
    new Promise<void>((resolve, reject) => {
      const next = create();
      next.on('error', reject);
      next.listen(at, '127.0.0.1', () => {
        next.off('error', reject);
        next.on('error', () => undefined);
        server = next;
        const address = next.server.address();
        if (address && typeof address === 'object') port = address.port;
        resolve();
      });
    });

  await listen(0);

  const sink: SmtpSink = {
    get port() {
      return port;
    },
    url: (user = SINK_USER, password = SINK_PASSWORD) =>
      `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    messages,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new Error(`SMTP sink: ${messages.length} of ${count} messages after ${timeoutMs} ms`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return messages.slice();
    },
    refuse(next) {
      refusal = next;
    },
    get refusals() {
      return refusals;
    },
    get connections() {
      return connections;
    },
    stop() {
      const current = server;
      server = null;
      if (!current) return Promise.resolve();
      return new Promise<void>((resolve) => {
        current.close(() => resolve());
        for (const connection of current.connections) connection.close();
      });
    },
    async start() {
      if (server) return;
      await listen(port);
    },
    get running() {
      return server !== null;
    },
  };
  return sink;
}
