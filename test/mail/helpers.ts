import { readFileSync } from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import { type QueueKey, queueKeyOf, type TicketNumber } from '../../src/core/model.js';

import { createLogger } from '../../src/logging.js';
import type { MailboxAccount } from '../../src/mail/imap-reader.js';
import {
  type InboundContext,
  type InboundResult,
  type MailInLimits,
  receiveMail,
} from '../../src/mail/inbound.js';
import { createTestDesk, TEST_CONFIG, type TestDesk } from '../support/desk.js';
import type { Dovecot } from '../support/dovecot.js';
import { mailLimits } from '../support/mail-limits.js';

/** The test desk with addresses for didattica (follow-up reject) and biblioteca (follow-up new_ticket). */
export const MAIL_CONFIG = TEST_CONFIG.replace(
  'channel: C0DIDATTIC,',
  'channel: C0DIDATTIC, email: Segreteria.Didattica@Ateneo.example,',
).replace('channel: C0BIBLIOTE,', 'channel: C0BIBLIOTE, email: biblioteca@ateneo.example,');

/** On a PostgreSQL run, a database of its own on the test cluster; otherwise SQLite, in memory. */
export async function createMailDesk(): Promise<TestDesk> {
  return await createTestDesk(undefined, MAIL_CONFIG);
}

/** A logger that keeps its lines for assertions instead of printing them. */
export function quietLogger(lines: string[] = []) {
  return createLogger({ sink: (line) => lines.push(line) });
}

export interface MailSpec {
  from?: string | null;
  to?: string;
  cc?: string;
  subject?: string;
  body?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
}

let counter = 0;

/** A plain text mail as a client would send it (CRLF line ends). */
export function buildMail(spec: MailSpec = {}): Buffer {
  counter += 1;
  const lines: string[] = [];
  const from = spec.from === undefined ? 'Mario Bianchi <mario.bianchi@example.org>' : spec.from;
  if (from !== null) lines.push(`From: ${from}`);
  lines.push(`To: ${spec.to ?? 'helpdesk@ateneo.example'}`);
  if (spec.cc) lines.push(`Cc: ${spec.cc}`);
  lines.push(`Subject: ${spec.subject ?? 'Cannot connect to eduroam'}`);
  const messageId = spec.messageId === undefined ? `<m${counter}.${Date.now()}@example.org>` : spec.messageId;
  if (messageId !== null) lines.push(`Message-ID: ${messageId}`);
  if (spec.inReplyTo) lines.push(`In-Reply-To: ${spec.inReplyTo}`);
  if (spec.references) lines.push(`References: ${spec.references}`);
  for (const [name, value] of Object.entries(spec.headers ?? {})) lines.push(`${name}: ${value}`);
  lines.push('Date: Mon, 30 Nov 2026 10:00:00 +0100', 'MIME-Version: 1.0');
  lines.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '');
  lines.push(...(spec.body ?? 'It keeps asking for my password.').split('\n'));
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));
}

/** What a test changes in the pipeline's context: any setting, and any limit by its name. */
export type ContextChanges = Partial<Omit<InboundContext, 'limits'>> & Partial<MailInLimits>;

export function contextFor(t: TestDesk, changes: ContextChanges = {}): InboundContext {
  const {
    maxAttachmentBytes = 10 * 1024 * 1024,
    maxMessageBytes,
    autoReplyHourlyCap,
    deskAutoReplyHourlyCap,
    senderHourlyCap,
    ticketHourlyCap,
    ...context
  } = changes;
  return {
    desk: t.desk,
    limits: mailLimits({
      maxAttachmentBytes,
      maxMessageBytes,
      autoReplyHourlyCap,
      deskAutoReplyHourlyCap,
      senderHourlyCap,
      ticketHourlyCap,
    }),
    logger: quietLogger(),
    source: 'test',
    ...context,
  };
}

export function receive(t: TestDesk, raw: Buffer, changes: ContextChanges = {}): Promise<InboundResult> {
  return receiveMail(raw, contextFor(t, changes));
}

/** The email `customer.notify` rows of a ticket, as their events. */
export async function emailNotices(t: TestDesk, ticketNumber: TicketNumber): Promise<string[]> {
  const ticket = (
    await t.db.select().from(t.tables.tickets).where(eq(t.tables.tickets.number, ticketNumber))
  )[0];
  if (!ticket) return [];
  return (
    await t.db
      .select({ payload: t.tables.outbox.payload })
      .from(t.tables.outbox)
      .where(eq(t.tables.outbox.ticketId, ticket.id))
      .orderBy(asc(t.tables.outbox.id))
  )
    .map(({ payload }) => payload as { topic: string; event?: string; via?: string })
    .filter((m) => m.topic === 'customer.notify')
    .map((m) => `${m.event}:${m.via}`);
}

export async function ticketCount(t: TestDesk): Promise<number> {
  return (await t.db.select().from(t.tables.tickets)).length;
}

export async function refusals(t: TestDesk) {
  return await t.db.select().from(t.tables.refusedMails).orderBy(asc(t.tables.refusedMails.id));
}

export async function attachmentRows(t: TestDesk, articleId: number) {
  return await t.db.select().from(t.tables.attachments).where(eq(t.tables.attachments.articleId, articleId));
}

export async function customerByEmail(t: TestDesk, email: string) {
  return (await t.db.select().from(t.tables.customers).where(eq(t.tables.customers.email, email)))[0];
}

/** Narrows a result to a landed one (opened or followed up), failing the test otherwise. */
export function landed(result: InboundResult) {
  if (result.status !== 'opened' && result.status !== 'followed_up') {
    throw new Error(`expected the mail to land, got ${JSON.stringify(result)}`);
  }
  return result;
}

/** The test Dovecot's `mailbox` as a desk reads it into a queue (helpdesk unless told). */
export function imapAccount(
  dovecot: Dovecot,
  mailbox: string,
  queue: QueueKey = queueKeyOf('helpdesk'),
): MailboxAccount {
  return {
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    user: dovecot.user,
    password: dovecot.password,
    mailbox,
    queue,
  };
}
