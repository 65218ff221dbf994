import type { TicketState } from '../../src/core/states.js';
import {
  dmChannelIdFor,
  type FakeMessage,
  type FakeSlack,
  messageText,
} from '../../src/fake-slack/fake-slack.js';
import { texts } from '../../src/views/locale.js';
import { escapeMrkdwn } from '../../src/views/text.js';
import type { SmtpSink } from '../../test/support/smtp-sink.js';
import type { LoadDesk } from './desk.js';
import { jsonText, type LoadProbe } from './probe.js';

/** Agent events a queue's channel shows by the card itself, with no post in its thread. */
const SHOWN_BY_THE_CARD = new Set(['new_ticket', 'follow_up', 'escalated', 'sent_back']);

export interface DeliveryCheck {
  tickets: number;
  articles: number;
  cards: number;
  threadPosts: number;
  customerDms: number;
  operatorDms: number;
  mails: number;
  /**
   * Mails the SMTP server got twice with the same Message-ID: sent, then the process died before it could
   * record it. SMTP has no way to ask whether a mail arrived, so mail is at least once; receivers drop the copy.
   */
  mailsResent: number;
  /** Acknowledged or queued but never stored or delivered. */
  lost: number;
  /** Stored or delivered more than once. */
  duplicated: number;
  /** Cards whose state or owner is not the ticket's. */
  disagreeing: number;
  /** Outbox rows still pending. */
  pending: number;
  /** What is wrong, one line each (the first 40). */
  problems: string[];
}

interface TicketRow {
  id: number;
  number: string;
  title: string;
  state: TicketState;
  owner: string | null;
  channel: string | null;
  customer: string | null;
}

interface CountRow {
  ticketId: number;
  n: number;
}

function isTopLevel(message: FakeMessage): boolean {
  return message.thread_ts === undefined || message.thread_ts === message.ts;
}

/**
 * Compares what the desk's database says with what reached Slack (and the SMTP sink): every acknowledged
 * new-ticket form is exactly one ticket, every article is stored once, every ticket has exactly one card that
 * shows its current state and owner, every queued thread post, DM and mail arrived exactly once.
 */
export async function checkDeliveries(input: {
  probe: LoadProbe;
  fake: FakeSlack;
  desk: LoadDesk;
  sink?: SmtpSink;
  acknowledgedTitles?: string[];
  /** The ticket as the desk's own query gives it (getTicket); by default read from the database here. */
  ticketTruth?: (number: string) => Promise<{ state: TicketState; owner: string | null }>;
}): Promise<DeliveryCheck> {
  const { probe, fake, desk } = input;
  const problems: string[] = [];
  const check: DeliveryCheck = {
    tickets: 0,
    articles: 0,
    cards: 0,
    threadPosts: 0,
    customerDms: 0,
    operatorDms: 0,
    mails: 0,
    mailsResent: 0,
    lost: 0,
    duplicated: 0,
    disagreeing: 0,
    pending: 0,
    problems,
  };
  const problem = (line: string) => {
    if (problems.length < 40) problems.push(line);
  };

  const tickets = await probe.rows<TicketRow>(
    `select t.id as "id", t.number as "number", t.title as "title", t.state as "state",
            a.slack_user_id as "owner", q.slack_channel_id as "channel", c.slack_user_id as "customer"
     from tickets t join queues q on q.id = t.queue_id join customers c on c.id = t.customer_id
     left join agents a on a.id = t.owner_id order by t.id`,
  );
  check.tickets = tickets.length;
  check.articles = await probe.count('articles');

  // Tickets: every acknowledged form exactly once.
  const byTitle = new Map<string, number>();
  for (const ticket of tickets) byTitle.set(ticket.title, (byTitle.get(ticket.title) ?? 0) + 1);
  for (const title of new Set(input.acknowledgedTitles ?? [])) {
    const n = byTitle.get(title) ?? 0;
    if (n === 0) {
      check.lost++;
      problem(`acknowledged ticket "${title}" is not in the database`);
    }
  }
  for (const [title, n] of byTitle) {
    if (n > 1) {
      check.duplicated += n - 1;
      problem(`${n} tickets titled "${title}"`);
    }
  }

  // Articles: what people wrote, stored once.
  const doubled = await probe.rows<CountRow & { body: string }>(
    `select ticket_id as "ticketId", cast(count(*) as integer) as "n", substr(body, 1, 60) as "body"
     from articles where sender_type != 'system' group by ticket_id, sender_type, body having count(*) > 1`,
  );
  for (const row of doubled) {
    check.duplicated += row.n - 1;
    problem(`ticket ${row.ticketId}: article "${row.body}" stored ${row.n} times`);
  }

  // Outbox: nothing left, nothing given up.
  check.pending = await probe.count('outbox', "status = 'pending'");
  if (check.pending > 0) problem(`${check.pending} outbox rows still pending`);
  const failed = await probe.rows<{ id: number; topic: string; error: string }>(
    `select id as "id", topic as "topic", last_error as "error" from outbox where status = 'failed'`,
  );
  check.lost += failed.length + check.pending;
  for (const row of failed) problem(`outbox #${row.id} ${row.topic} given up: ${row.error}`);

  // Cards: one per ticket in its queue's channel, showing the ticket as the database has it.
  const tx = texts('it');
  const channels = new Set(desk.queues.map((q) => q.channel));
  for (const ticket of tickets) if (ticket.channel) channels.add(ticket.channel);
  const cardsByNumber = new Map<string, FakeMessage[]>();
  const repliesByParent = new Map<string, FakeMessage[]>();
  for (const channel of channels) {
    for (const message of fake.messages(channel)) {
      if (message.user !== fake.botUserId) continue;
      if (isTopLevel(message)) {
        const number = /Ticket#(\d{14,24})/.exec(messageText(message))?.[1] ?? '?';
        cardsByNumber.set(number, [...(cardsByNumber.get(number) ?? []), message]);
      } else {
        const key = `${channel}/${message.thread_ts}`;
        repliesByParent.set(key, [...(repliesByParent.get(key) ?? []), message]);
      }
    }
  }
  const known = new Set(tickets.map((t) => t.number));
  for (const [number, cards] of cardsByNumber) {
    if (!known.has(number)) {
      check.duplicated += cards.length;
      problem(`${cards.length} card(s) for unknown ticket ${number}`);
    }
  }
  const threadExpected = new Map(
    (
      await probe.rows<{ ticketId: number; topic: string; event: string | null; queueId: number | null }>(
        `select ticket_id as "ticketId", topic as "topic", ${jsonText(probe, 'payload', 'event')} as "event",
                cast(${jsonText(probe, 'payload', 'queueId')} as integer) as "queueId"
         from outbox where status = 'delivered' and topic in ('article.mirror', 'agent.notify')`,
      )
    )
      .filter(
        (r) => r.topic === 'article.mirror' || (r.queueId !== null && !SHOWN_BY_THE_CARD.has(r.event ?? '')),
      )
      .reduce((map, r) => map.set(r.ticketId, (map.get(r.ticketId) ?? 0) + 1), new Map<number, number>()),
  );
  for (const ticket of tickets) {
    if (!ticket.channel) continue;
    const cards = cardsByNumber.get(ticket.number) ?? [];
    if (cards.length === 0) {
      check.lost++;
      problem(`Ticket#${ticket.number} has no card in ${ticket.channel}`);
      continue;
    }
    check.cards++;
    if (cards.length > 1) {
      check.duplicated += cards.length - 1;
      problem(`Ticket#${ticket.number} has ${cards.length} cards in ${ticket.channel}`);
    }
    const card = cards[0] as FakeMessage;
    const shown = messageText(card);
    const truth = (await input.ticketTruth?.(ticket.number)) ?? ticket;
    const state = `*${tx.t('card.state')}*\n${escapeMrkdwn(tx.state(truth.state))}`;
    const nobody = escapeMrkdwn(tx.t('common.none'));
    const owner = `*${tx.t('card.owner')}*\n${truth.owner ? `<@${truth.owner}>` : nobody}`;
    if (!shown.includes(state) || !shown.includes(owner)) {
      check.disagreeing++;
      problem(`card of Ticket#${ticket.number} does not show state ${truth.state} and owner ${truth.owner}`);
    }
    const replies = repliesByParent.get(`${ticket.channel}/${card.ts}`) ?? [];
    check.threadPosts += replies.length;
    const expected = threadExpected.get(ticket.id) ?? 0;
    if (replies.length < expected) {
      check.lost += expected - replies.length;
      problem(`Ticket#${ticket.number}: ${replies.length} of ${expected} posts in its card's thread`);
    } else if (replies.length > expected) {
      check.duplicated += replies.length - expected;
      problem(`Ticket#${ticket.number}: ${replies.length} posts in its card's thread, ${expected} queued`);
    }
  }

  // Customers' DMs: each bot message is one recorded notice, each recorded notice is in the DM.
  const notices = await probe.rows<{ ticketId: number; channel: string; ts: string }>(
    `select ticket_id as "ticketId", slack_channel_id as "channel", slack_ts as "ts" from articles
     where sender_type = 'system' and slack_channel_id like 'D%'`,
  );
  const noticeAt = new Set(notices.map((n) => `${n.channel}/${n.ts}`));
  const noticesPerTicket = new Map<number, number>();
  for (const n of notices) noticesPerTicket.set(n.ticketId, (noticesPerTicket.get(n.ticketId) ?? 0) + 1);
  const customers = new Set(tickets.map((t) => t.customer).filter((c): c is string => c !== null));
  const seen = new Set<string>();
  for (const customer of customers) {
    const channel = dmChannelIdFor(customer);
    for (const message of fake.messages(channel)) {
      if (message.user !== fake.botUserId) continue;
      check.customerDms++;
      const at = `${channel}/${message.ts}`;
      seen.add(at);
      if (!noticeAt.has(at)) {
        check.duplicated++;
        problem(`DM to ${customer} "${messageText(message).slice(0, 60)}" is not a recorded notice`);
      }
    }
  }
  for (const n of notices) {
    if (!seen.has(`${n.channel}/${n.ts}`)) {
      check.lost++;
      problem(`notice of ticket ${n.ticketId} recorded at ${n.channel}/${n.ts} is not in the DM`);
    }
  }
  const slackNotices = await probe.rows<CountRow>(
    `select ticket_id as "ticketId", cast(count(*) as integer) as "n" from outbox
     where status = 'delivered' and topic = 'customer.notify' and lane = 'slack' group by ticket_id`,
  );
  for (const row of slackNotices) {
    const recorded = noticesPerTicket.get(row.ticketId) ?? 0;
    if (recorded < row.n) {
      check.lost += row.n - recorded;
      problem(`ticket ${row.ticketId}: ${recorded} DM notices for ${row.n} delivered rows`);
    }
  }

  // Operators' DMs: one per delivered notice addressed to a person.
  const agentRows = await probe.rows<{ agent: string; n: number }>(
    `select a.slack_user_id as "agent", cast(count(*) as integer) as "n" from outbox o
     join agents a on a.id = cast(${jsonText(probe, 'o.payload', 'agentId')} as integer)
     where o.status = 'delivered' and o.topic = 'agent.notify' group by a.slack_user_id`,
  );
  const agentExpected = new Map(agentRows.map((r) => [r.agent, r.n]));
  for (const operator of desk.operators) {
    const got = fake.messages(dmChannelIdFor(operator.id)).filter((m) => m.user === fake.botUserId).length;
    check.operatorDms += got;
    const expected = agentExpected.get(operator.id) ?? 0;
    if (got < expected) {
      check.lost += expected - got;
      problem(`operator ${operator.id}: ${got} of ${expected} DM notices`);
    } else if (got > expected) {
      check.duplicated += got - expected;
      problem(`operator ${operator.id}: ${got} DM notices, ${expected} queued`);
    }
  }

  // Mail: every delivered email row reached the sink, once (its Message-ID is made from the row's id).
  if (input.sink) {
    const rows = await probe.rows<{ id: number }>(
      `select id as "id" from outbox where status = 'delivered' and lane = 'email'`,
    );
    const received = new Map<string, number>();
    for (const mail of input.sink.messages) {
      const id = /sportello\.(\d+)\./.exec(mail.messageId)?.[1] ?? mail.messageId;
      received.set(id, (received.get(id) ?? 0) + 1);
    }
    check.mails = input.sink.messages.length;
    for (const row of rows) {
      const n = received.get(String(row.id)) ?? 0;
      if (n === 0) {
        check.lost++;
        problem(`mail of outbox #${row.id} never reached the SMTP server`);
      } else if (n > 1) {
        check.mailsResent += n - 1;
      }
    }
  }
  return check;
}
