import addressparser from 'nodemailer/lib/addressparser';
import type { HelpDesk } from '../../core/help-desk.js';
import type { DeliveryRecord, OutboxMessage, OutboxRow } from '../../core/model.js';
import { noticeMessageId } from '../../core/model.js';
import { type Locale, localeOf } from '../../i18n/index.js';
import { operatorName } from '../../present/notice-operator.js';
import { senderName } from '../../present/sender-name.js';
import { buildCustomerEmail, oneLine } from '../../views/email/customer-email.js';
import type { WorkerLogger } from '../outbox-worker.js';
import { recordNotice } from '../record-notice.js';
import type { MailAddress, MailTransport } from './transport.js';

/** What the email deliveries need; the server builds it once, with the process's one transport. */
export interface EmailDeliveryDeps {
  desk: HelpDesk;
  transport: MailTransport;
  /** The desk's sender, `Name <address>` or an address: used where the queue has no address of its own. */
  from: string;
  /** Language of customers whose language is unknown, and the desk's time zone. */
  view: { locale: Locale; timeZone: string };
  logger: WorkerLogger;
  /** The one-click rating link of a ticket closed at `closedAt`; absent, mails do not ask. */
  rateUrl?: ((ticketNumber: string, rating: number, closedAt: Date) => string) | undefined;
}

export type CustomerNotifyMessage = Extract<OutboxMessage, { topic: 'customer.notify' }>;

/** How many earlier Message-IDs a mail's References header carries (the latest ones). */
export const MAX_REFERENCES = 20;

/**
 * Tells a customer about their ticket by email, and returns the record that keeps the mail as an article
 * (with its `SendCustomerNotification` history row) once the row is marked delivered. A customer without an
 * address gets nothing. The Message-ID is made from the outbox row, so a resend after a crash reuses it.
 */
export async function notifyCustomerByEmail(
  deps: EmailDeliveryDeps,
  message: CustomerNotifyMessage,
  row: Pick<OutboxRow, 'id'>,
): Promise<DeliveryRecord[]> {
  const { desk } = deps;
  // Only a 'claimed' notice reads the history (who claimed it, as it was then).
  const details = await desk.deliveryTicket(message.ticketId, {
    articleId: message.articleId,
    history: message.event === 'claimed',
    // One more than a mail refers to: a resend after a crash may find its own Message-ID recorded.
    messageIds: MAX_REFERENCES + 1,
  });
  const { customer, ticket } = details;
  if (!customer.email) return [];

  const locale = localeOf(customer.language, deps.view.locale);
  // The customer only ever deals with the first-level queue: its name, and its address when it has one.
  const queue = details.customerQueue;
  const deskSender = parseMailbox(deps.from);
  const { article } = details;
  // A reply is signed by its operator and the queue; other notices by the queue, or the desk without an address.
  const replier = message.event === 'replied' ? article?.authorName : undefined;
  const from: MailAddress = queue.emailAddress
    ? { name: senderName(replier, queue.name), address: queue.emailAddress }
    : replier
      ? { name: senderName(replier, queue.name), address: deskSender.address }
      : deskSender;
  const mail = buildCustomerEmail({
    locale,
    event: message.event,
    ticketNumber: ticket.number,
    title: ticket.title,
    queueName: queue.name,
    ownerName: operatorName(details, message.event, article?.authorName),
    body: article?.customerVisible ? article.body : undefined,
    closedState: ticket.state,
    deskName: deskSender.name || 'Sportello',
    followUp: { option: queue.followUp, reopenWindowDays: queue.reopenWindowDays },
    rateUrl: await ratingLinks(deps, message, ticket),
  });

  const domain = from.address.slice(from.address.lastIndexOf('@') + 1).trim();
  const messageId = noticeMessageId(row.id, ticket.number, domain);
  const earlier = details.latestMessageIds.filter((id) => id !== messageId);
  const references = earlier.slice(-MAX_REFERENCES);
  const inReplyTo = earlier.at(-1);
  // An operator's reply brings its files along; an internal note's never leave the desk.
  const files =
    article?.customerVisible && article.senderType === 'agent' ? await desk.keptFiles(article.id) : [];
  await deps.transport.send({
    from,
    to: customer.email,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId,
    inReplyTo,
    references,
    headers: {
      // RFC 3834: sent by a program, so vacation responders keep quiet and no mail loop starts.
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'OOF, AutoReply',
    },
    attachments: files.map(({ filename, contentType, content }) => ({ filename, contentType, content })),
  });
  return [
    recordNotice(ticket.number, {
      channel: 'email',
      customerVisible: true,
      subject: mail.subject,
      body: mail.text,
      fromAddress: formatMailbox(from),
      toAddress: customer.email,
      messageId,
      inReplyTo,
      references: references.length > 0 ? references.join(' ') : undefined,
    }),
  ];
}

/** The rating links of a closing mail, when the desk has them and the ticket's queue asks. */
async function ratingLinks(
  deps: EmailDeliveryDeps,
  message: CustomerNotifyMessage,
  ticket: { id: number; number: string; closedAt: Date | null },
): Promise<((rating: number) => string) | undefined> {
  const { rateUrl } = deps;
  if (!rateUrl || message.event !== 'closed' || !(await deps.desk.shouldAskSatisfaction(ticket.id)))
    return undefined;
  // Reopened since (the mail went out late): the links count from now, and the page says it cannot be rated.
  const closedAt = ticket.closedAt ?? deps.desk.now();
  return (rating) => rateUrl(ticket.number, rating, closedAt);
}

/** `Name <address>` or a bare address, as MAIL_FROM allows. */
export function parseMailbox(text: string): MailAddress {
  const [first] = addressparser(text, { flatten: true });
  if (!first?.address) throw new Error(`mail: "${text}" is not an address or "Name <address>"`);
  return first.name ? { name: oneLine(first.name), address: first.address } : { address: first.address };
}

/** A mailbox as a header shows it, quoting a name that holds special characters. */
export function formatMailbox(mailbox: MailAddress): string {
  if (!mailbox.name) return mailbox.address;
  const name = /[()<>[\]:;@\\,."]/.test(mailbox.name)
    ? `"${mailbox.name.replace(/["\\]/g, '\\$&')}"`
    : mailbox.name;
  return `${name} <${mailbox.address}>`;
}
