/**
 * Mail in, OTRS's PostMaster: a mail about a known ticket (its number in the subject, or a reply to one of the
 * mails the desk stored) is a follow-up, believed as the customer's only from the customer or a participant;
 * any other mail opens a ticket in the queue it was addressed to, as its sender. Each Message-ID is stored
 * once, so a mail read twice changes nothing; a mail the desk cannot take is kept as refused, with the reason.
 */

import { eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { tablesOf } from '../../db/tables.js';
import type { QueueKey, TicketNumber } from '../brands.js';
import { type CoreContext, inTransaction } from '../context.js';
import { isEmailAddress } from '../email-address.js';
import { HelpDeskError } from '../errors.js';
import { ticketNumberById } from '../queries/lookups.js';
import { findTicketNumbers } from '../ticket-number.js';
import { type ArticleInput, findStoredMessage } from '../tickets/article-store.js';
import { followUp } from '../tickets/follow-up.js';
import { openTicket } from '../tickets/open-ticket.js';
import type { InboundMail, InboundResult, MailInPolicy } from './inbound-mail.js';
import { noAutoReplyReason } from './loop-protection.js';
import {
  mailsFromSenderInLastHour,
  mailsOnTicketInLastHour,
  noticesInLastHour,
  recordMailIntake,
} from './mail-intake.js';
import { keepRefusedMail } from './refused-mails.js';

interface QueueAddress {
  key: QueueKey;
  address: string;
}

/** The active queues' addresses, lower case: where mail may be sent, and what is ours. */
export async function mailAddresses(ctx: CoreContext): Promise<QueueAddress[]> {
  return await queueAddresses(ctx.db);
}

async function queueAddresses(db: Db): Promise<QueueAddress[]> {
  const { queues } = tablesOf(db);
  return (
    await db
      .select({ key: queues.key, address: queues.emailAddress })
      .from(queues)
      .where(eq(queues.active, true))
  ).flatMap((q) => (q.address === null ? [] : [{ key: q.key, address: q.address.toLowerCase() }]));
}

interface KnownTicket {
  id: number;
  number: TicketNumber;
  customerEmail: string | null;
}

async function knownTicket(db: Db, where: SQL): Promise<KnownTicket | undefined> {
  const { customers, tickets } = tablesOf(db);
  return (
    await db
      .select({ id: tickets.id, number: tickets.number, customerEmail: customers.email })
      .from(tickets)
      .innerJoin(customers, eq(customers.id, tickets.customerId))
      .where(where)
  )[0];
}

/**
 * The ticket a mail is about: a `Ticket#<number>` of this desk in the subject, else the ticket of a stored
 * message it replies to (In-Reply-To, then References from the latest). Only Message-IDs the desk stored
 * count: one merely shaped like ours names nothing. Who may write into that ticket is follow-up's decision.
 */
async function ticketAddressed(
  db: Db,
  systemId: string,
  mail: InboundMail,
): Promise<KnownTicket | undefined> {
  const { articles, tickets } = tablesOf(db);
  for (const number of findTicketNumbers(mail.subject, systemId)) {
    const ticket = await knownTicket(db, eq(tickets.number, number));
    if (ticket) return ticket;
  }
  const replyIds = [...mail.inReplyTo, ...[...mail.references].reverse()];
  if (replyIds.length === 0) return undefined;
  const stored = await db
    .select({ messageId: articles.messageId, ticketId: articles.ticketId })
    .from(articles)
    .where(inArray(articles.messageId, replyIds));
  for (const id of replyIds) {
    const hit = stored.find((row) => row.messageId === id);
    const ticket = hit && (await knownTicket(db, eq(tickets.id, hit.ticketId)));
    if (ticket) return ticket;
  }
  return undefined;
}

interface Notice {
  autoReply: boolean;
  noAutoReplyReason?: string;
}

const NOT_FROM_CUSTOMER: Notice = {
  autoReply: false,
  noAutoReplyReason: "the sender is not the ticket's customer nor one of its participants",
};

/** A mail the desk does not take: kept as refused, with this reason. */
class MailRefused extends HelpDeskError {
  constructor(code: 'mail_no_queue' | 'mail_over_cap' | 'mail_unusable', message: string) {
    super(code, message);
  }
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** Keeps a mail the desk could not take (or that could not even be read), unless it was kept already. */
export async function refuseMail(
  ctx: CoreContext,
  mail: RefusedMail,
  reason: string,
): Promise<InboundResult> {
  const kept = await inTransaction(ctx, (tx) =>
    keepRefusedMail(tx, ctx.clock.now(), {
      reason,
      source: mail.source,
      raw: mail.raw,
      envelopeFrom: mail.envelopeFrom,
      envelopeTo: mail.envelopeTo,
      messageId: mail.messageId,
    }),
  );
  return {
    status: 'refused',
    reason: kept.reason,
    refusedId: kept.id,
    ...(kept.again ? { again: true } : {}),
  };
}

/** A mail to refuse; its `messageId` the one it declares, else the one made from its bytes (mail/inbound.ts). */
export type RefusedMail = Pick<InboundMail, 'raw' | 'source' | 'envelopeFrom' | 'envelopeTo' | 'messageId'>;

/** Takes one mail: a follow-up on the ticket it is about, or a new ticket. Refusals are kept, not thrown. */
export async function takeMail(
  ctx: CoreContext,
  mail: InboundMail,
  policy: MailInPolicy,
): Promise<InboundResult> {
  try {
    return await inTransaction(ctx, (tx) => land({ ...ctx, db: tx }, mail, policy));
  } catch (error) {
    // The desk said no (no queue, over a cap, the queue takes no tickets…): kept as refused, with its words.
    if (error instanceof HelpDeskError) return refuseMail(ctx, mail, error.message);
    throw error;
  }
}

/** One write transaction: the duplicate check, the hourly counts and the change cannot interleave. */
async function land(ctx: CoreContext, mail: InboundMail, policy: MailInPolicy): Promise<InboundResult> {
  const { db } = ctx;
  // Stored before (read twice, or our own mail come back): nothing to do, whoever sent it.
  const stored = await findStoredMessage(db, { channel: 'email', body: '', messageId: mail.messageId });
  if (stored)
    return {
      status: 'duplicate',
      ticketNumber: await ticketNumberById(ctx, stored.ticketId),
      articleId: stored.id,
    };

  const sender = mail.from?.address;
  if (!sender)
    throw new MailRefused(
      'mail_unusable',
      'no sender: the mail has no From address and no envelope sender (MAIL FROM, Return-Path)',
    );
  if (!isEmailAddress(sender)) {
    throw new MailRefused('mail_unusable', `the From address "${sender.slice(0, 200)}" is not valid`);
  }
  const queueList = await queueAddresses(db);
  const ownAddresses = [
    ...queueList.map((q) => q.address),
    ...policy.ownAddresses.map((a) => a.toLowerCase()),
  ];
  if (ownAddresses.includes(sender)) {
    throw new MailRefused(
      'mail_unusable',
      `sent from the desk's own address ${sender}: not taken, to avoid a mail loop`,
    );
  }
  const now = ctx.clock.now();
  if ((await mailsFromSenderInLastHour(db, sender, now)) >= policy.mailsPerSenderHourly) {
    throw new MailRefused(
      'mail_over_cap',
      `${sender} sent ${policy.mailsPerSenderHourly} mails in the last hour`,
    );
  }

  const name = mail.from?.name ?? '';
  const article: ArticleInput = {
    channel: 'email',
    body:
      mail.body === ''
        ? mail.attachments.length > 0
          ? '(no text: see the attachments)'
          : '(no text)'
        : mail.body,
    subject: mail.subject === '' ? undefined : mail.subject,
    fromAddress: name ? `${name} <${sender}>` : sender,
    toAddress: mail.toText ?? mail.envelopeTo?.join(', '),
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo.length > 0 ? mail.inReplyTo.join(' ') : undefined,
    references: mail.references.length > 0 ? mail.references.join(' ') : undefined,
    mailAuth: policy.checksSenders ? (mail.senderVerdict ?? 'none') : undefined,
    attachments: mail.attachments,
  };
  const loopReason = noAutoReplyReason(
    {
      header: (header) => mail.headers.find((h) => h.name === header)?.value,
      contentType: mail.contentType,
      fromAddress: sender,
      envelopeFrom: mail.envelopeFrom,
      messageId: mail.messageId,
    },
    { addresses: ownAddresses, domains: [...new Set(ownAddresses.map(domainOf))] },
  );
  /** Whether the automatic notice may go to `address`, and why not. */
  const mayAutoReply = async (address: string | null): Promise<Notice> => {
    if (loopReason) return { autoReply: false, noAutoReplyReason: loopReason };
    if (policy.checksSenders && article.mailAuth !== 'pass') {
      return {
        autoReply: false,
        noAutoReplyReason: `the sender was not authenticated (${article.mailAuth})`,
      };
    }
    if (address && (await noticesInLastHour(db, address, now)) >= policy.noticesPerAddressHourly) {
      const cap = policy.noticesPerAddressHourly;
      return {
        autoReply: false,
        noAutoReplyReason: `${address} got ${cap} automatic notices in the last hour`,
      };
    }
    if ((await noticesInLastHour(db, null, now)) >= policy.noticesPerDeskHourly) {
      const cap = policy.noticesPerDeskHourly;
      return {
        autoReply: false,
        noAutoReplyReason: `the desk sent ${cap} automatic notices in the last hour`,
      };
    }
    return { autoReply: true };
  };

  const ticket = await ticketAddressed(db, ctx.systemId, mail);
  if (ticket) {
    if ((await mailsOnTicketInLastHour(db, ticket.id, now)) >= policy.mailsPerTicketHourly) {
      throw new MailRefused(
        'mail_over_cap',
        `Ticket#${ticket.number} got ${policy.mailsPerTicketHourly} mails in the last hour`,
      );
    }
    const notice = await mayAutoReply(ticket.customerEmail);
    const done = await followUp(ctx, { kind: 'email', address: sender }, ticket.number, article, {
      notifyCustomer: notice.autoReply,
      requireAuthenticatedSender: policy.checksSenders,
    });
    if (done.outcome === 'duplicate') {
      return { status: 'duplicate', ticketNumber: done.ticket.number, articleId: done.article.id };
    }
    const told = done.outcome === 'not_from_customer' ? NOT_FROM_CUSTOMER : notice;
    const notified = told.autoReply && done.outcome !== 'appended';
    await recordMailIntake(
      db,
      { sender, ticketId: done.ticket.id, noticeTo: notified ? ticket.customerEmail : null },
      now,
    );
    return {
      status: 'followed_up',
      outcome: done.outcome,
      ticketNumber: done.ticket.number,
      articleId: done.article.id,
      previousTicketNumber: done.previousTicket?.number,
      ...told,
    };
  }
  const queueKey =
    mail.recipients.map((r) => queueList.find((q) => q.address === r)?.key).find((key) => key) ??
    mail.mailboxQueueKey;
  if (!queueKey) {
    throw new MailRefused(
      'mail_no_queue',
      'no queue: none of the recipients is a queue address and the mailbox has no queue of its own',
    );
  }
  const notice = await mayAutoReply(sender);
  const opened = await openTicket(
    ctx,
    { kind: 'email', address: sender },
    {
      queueKey,
      title: mail.title,
      article,
      customer: { email: sender, ...(name ? { name } : {}) },
      notifyCustomer: notice.autoReply,
      requireAuthenticatedSender: policy.checksSenders,
      fieldsFromRequestText: true,
    },
  );
  await recordMailIntake(
    db,
    { sender, ticketId: opened.ticket.id, noticeTo: notice.autoReply ? sender : null },
    now,
  );
  return {
    status: 'opened',
    queueKey,
    ticketNumber: opened.ticket.number,
    articleId: opened.article.id,
    ...notice,
  };
}
