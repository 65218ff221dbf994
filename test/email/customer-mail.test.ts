import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQueuesConfig } from '../../src/config/queues-file.js';
import type { Actor } from '../../src/core/actor.js';
import { ManualClock } from '../../src/core/clock.js';
import { queueKeyOf, slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';
import { createDb, type DbHandle } from '../../src/db/client.js';
import { outbox } from '../../src/db/schema.js';
import { createLogger } from '../../src/logging.js';
import { type Sportello, startSportello } from '../../src/server.js';
import { anna, externalUser, maria, paolo, TEST_CONFIG } from '../support/desk.js';
import { type ReceivedMail, SINK_PASSWORD, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

/**
 * The desk without Slack, telling customers by email through a real SMTP server: every notice arrives once,
 * in the customer's language, threaded (In-Reply-To, References), and is kept as an article of the ticket.
 */
let sink: SmtpSink;
let sportello: Sportello;
/** The app's database, opened beside it: for what a test checks in it. */
let database: DbHandle;
let dir: string;
const logs: string[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  dir = mkdtempSync(join(tmpdir(), 'sportello-email-'));
  const logger = createLogger({
    level: LogLevel.DEBUG,
    secrets: [SINK_PASSWORD],
    sink: (line) => logs.push(line),
  });
  sportello = await startSportello({
    databasePath: join(dir, 'sportello.db'),
    config: parseQueuesConfig(TEST_CONFIG, 'test.yml'),
    clock: new ManualClock(new Date()),
    logger,
    intervalMs: 50,
    delivery: { baseBackoffMs: 100 },
    mail: { smtpUrl: sink.url(), from: 'Sportello <sportello@ateneo.example>', mailDir: join(dir, 'mail') },
  });
  database = createDb(join(dir, 'sportello.db'));
});

afterAll(async () => {
  await sportello?.stop();
  database?.close();
  await sink?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const REPLY = 'Buongiorno,\nprova così:\n\n  1. dimentica la rete eduroam\n  2. accedi di nuovo\n\nMaria';

function mailsOf(number: string): ReceivedMail[] {
  return sink.messages.filter((m) => m.subject.startsWith(`[Ticket#${number}] `));
}

async function waitForMails(number: string, count: number, timeoutMs = 8000): Promise<ReceivedMail[]> {
  const deadline = Date.now() + timeoutMs;
  while (mailsOf(number).length < count) {
    if (Date.now() > deadline) {
      throw new Error(`Ticket#${number}: ${mailsOf(number).length} of ${count} mails after ${timeoutMs} ms`);
    }
    await sink.waitFor(sink.messages.length + 1, Math.max(1, deadline - Date.now())).catch(() => undefined);
  }
  return mailsOf(number);
}

/** The outbox's email rows of a ticket, once none is waiting any more. */
async function settledEmailRows(ticketId: number) {
  const rows = async () =>
    await database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.ticketId, ticketId), eq(outbox.lane, 'email')))
      .orderBy(asc(outbox.id));
  const deadline = Date.now() + 5000;
  while ((await rows()).some((r) => r.status === 'pending') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
  }
  return rows();
}

/** Claim, reply, close: the steps an operator takes, each telling the customer. */
async function workTicket(operator: Actor, number: string, reply: string) {
  const { desk } = sportello;
  await desk.claimTicket(operator, ticketNumberOf(number));
  await desk.addArticle(operator, ticketNumberOf(number), { kind: 'reply', channel: 'slack', body: reply });
  await desk.closeTicket(operator, ticketNumberOf(number), { state: 'closed_successful' });
}

/** Every mail answers the one before it and lists all the earlier ones. */
function expectThreaded(mails: ReceivedMail[], first: string[]) {
  let earlier = first;
  for (const mail of mails) {
    expect(mail.inReplyTo).toBe(earlier.at(-1));
    expect(mail.references).toEqual(earlier);
    earlier = [...earlier, mail.messageId];
  }
}

describe('customer notices by email, without Slack', () => {
  it('tells an English email customer each step, threaded, from the queue address, kept as articles', async () => {
    const { desk } = sportello;
    const opened = await desk.openTicket(externalUser, {
      queueKey: queueKeyOf('helpdesk'),
      title: 'Cannot connect to eduroam',
      article: {
        channel: 'email',
        body: 'Since yesterday my laptop does not connect.',
        fromAddress: 'mario.bianchi@example.org',
        messageId: '<request.1@mail.example.org>',
      },
      customer: { email: 'mario.bianchi@example.org', language: 'en' },
    });
    const number = opened.ticket.number;
    await waitForMails(number, 1);
    await workTicket(maria, number, REPLY);
    const mails = await waitForMails(number, 4);

    // The automatic "received" notice never repeats the subject it answers; the others name the ticket.
    expect(mails.map((m) => m.subject)).toEqual([
      `[Ticket#${number}] We received your request`,
      ...Array(3).fill(`[Ticket#${number}] Cannot connect to eduroam`),
    ]);
    expect(mails.map((m) => m.to)).toEqual(Array(4).fill(['mario.bianchi@example.org']));
    // The reply is signed by its operator and the queue, the notices by the queue.
    expect(mails.map((m) => m.from)).toEqual(
      [
        'Helpdesk informatico',
        'Helpdesk informatico',
        'Maria Rossi (Helpdesk informatico)',
        'Helpdesk informatico',
      ].map((name) => ({ name, address: 'helpdesk@ateneo.example' })),
    );
    for (const mail of mails) {
      expect(mail.messageId).toMatch(new RegExp(`^<sportello\\.\\d+\\.${number}@ateneo\\.example>$`));
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      expect(mail.html).toContain('<html lang="en">');
    }
    const [received, claimed, replied, closed] = mails as [
      ReceivedMail,
      ReceivedMail,
      ReceivedMail,
      ReceivedMail,
    ];
    expect(received.text).toContain(`Your ticket number is Ticket#${number}.`);
    expect(received.text).toContain('The Helpdesk informatico team will take it in charge');
    expect(received.text).toContain('Reply to this email to add to your request.');
    expect(claimed.text).toContain(`Maria Rossi has taken your request Ticket#${number}`);
    expect(replied.text).toContain(`Maria Rossi replied on Ticket#${number}`);
    expect(replied.text).toContain(REPLY);
    expect(replied.html).toContain('Buongiorno,<br>prova così:<br><br>  1. dimentica la rete eduroam<br>');
    expect(closed.text).toContain(
      `Your request Ticket#${number} (Cannot connect to eduroam) was closed: solved.`,
    );
    expect(closed.text).toContain('within 7 days to reopen it');
    expectThreaded(mails, ['<request.1@mail.example.org>']);

    // Each mail is an article of the ticket, with its history row, as an admin sees it.
    const rows = await settledEmailRows(opened.ticket.id);
    expect(rows.map((r) => [r.status, (r.payload as { event: string }).event])).toEqual([
      ['delivered', 'received'],
      ['delivered', 'claimed'],
      ['delivered', 'replied'],
      ['delivered', 'closed'],
    ]);
    const details = await desk.getTicket(anna, number);
    const notices = details.articles.filter((a) => a.senderType === 'system' && a.channel === 'email');
    expect(notices.map((a) => a.messageId)).toEqual(mails.map((m) => m.messageId));
    expect(notices.every((a) => a.customerVisible && a.toAddress === 'mario.bianchi@example.org')).toBe(true);
    expect(notices[0]?.fromAddress).toBe('Helpdesk informatico <helpdesk@ateneo.example>');
    expect(notices[2]?.subject).toBe(`[Ticket#${number}] Cannot connect to eduroam`);
    expect(notices[2]?.body).toContain(REPLY);
    expect(notices[3]?.inReplyTo).toBe(replied.messageId);
    expect(notices[3]?.references?.split(' ')).toEqual([
      '<request.1@mail.example.org>',
      received.messageId,
      claimed.messageId,
      replied.messageId,
    ]);
    const sent = details.history.filter((h) => h.event === 'SendCustomerNotification');
    expect(sent.map((h) => h.articleId)).toEqual(notices.map((a) => a.id));
  });

  it('writes in Italian to an Italian customer opened on their behalf, from the desk when the queue has no address', async () => {
    const { desk } = sportello;
    const opened = await desk.openTicket(paolo, {
      queueKey: queueKeyOf('didattica'),
      title: 'Iscrizione all’esame di Analisi',
      article: { channel: 'phone', body: 'La studentessa non riesce a iscriversi all’appello.' },
      customer: { email: 'giovanna.verdi@example.org', name: 'Giovanna Verdi', language: 'it' },
    });
    const number = opened.ticket.number;
    await workTicket(paolo, number, 'Ti ho iscritta io.\nIn bocca al lupo!');
    const mails = await waitForMails(number, 4);
    expect(mails.map((m) => m.subject)).toEqual([
      `[Ticket#${number}] Abbiamo ricevuto la tua richiesta`,
      ...Array(3).fill(`[Ticket#${number}] Iscrizione all’esame di Analisi`),
    ]);
    expect(mails.map((m) => m.from?.name)).toEqual([
      'Sportello',
      'Sportello',
      'Paolo Ricci (Segreteria didattica)',
      'Sportello',
    ]);
    for (const mail of mails) {
      expect(mail.from?.address).toBe('sportello@ateneo.example');
      expect(mail.to).toEqual(['giovanna.verdi@example.org']);
      expect(mail.html).toContain('<html lang="it">');
    }
    const [received, claimed, replied, closed] = mails as [
      ReceivedMail,
      ReceivedMail,
      ReceivedMail,
      ReceivedMail,
    ];
    expect(received.text).toContain(`Il numero del tuo ticket è Ticket#${number}`);
    expect(received.text).toContain('Il team Segreteria didattica la prenderà in carico');
    expect(received.text).toContain('Rispondi a questa email');
    expect(claimed.text).toContain(`Paolo Ricci ha preso in carico la tua richiesta Ticket#${number}`);
    expect(replied.text).toContain('Paolo Ricci ha risposto');
    expect(replied.text).toContain('Ti ho iscritta io.\nIn bocca al lupo!');
    expect(closed.text).toContain('è stata chiusa: risolta.');
    expect(closed.text).toContain('Questa richiesta non si può riaprire.');
    expectThreaded(mails, []);
    await settledEmailRows(opened.ticket.id);
    const notices = (await desk.getTicket(anna, number)).articles.filter(
      (a) => a.senderType === 'system' && a.channel === 'email',
    );
    expect(notices.map((a) => a.messageId)).toEqual(mails.map((m) => m.messageId));
  });

  it('escapes a hostile reply and title in the HTML part, and passes them on as written in the text', async () => {
    const { desk } = sportello;
    const opened = await desk.openTicket(maria, {
      queueKey: queueKeyOf('helpdesk'),
      title: 'Aiuto <script>alert(1)</script>',
      article: { channel: 'phone', body: 'Telefonata.' },
      customer: { email: 'hostile@example.org', language: 'en' },
    });
    const number = opened.ticket.number;
    const hostile =
      'Click <a href="javascript:alert(2)">here</a>\n"><img src=x onerror=alert(3)>\n<script>x()</script>';
    await desk.addArticle(maria, number, { kind: 'reply', channel: 'slack', body: hostile });
    const [received, replied] = (await waitForMails(number, 2)) as [ReceivedMail, ReceivedMail];
    expect(received.subject).toBe(`[Ticket#${number}] We received your request`);
    expect(replied.subject).toBe(`[Ticket#${number}] Aiuto <script>alert(1)</script>`);
    for (const mail of [received, replied]) expect(mail.html).not.toMatch(/<script|<img|<a /i);
    expect(received.html).not.toContain('Aiuto');
    expect(replied.html).toContain('Aiuto &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(replied.html).toContain(
      '&quot;&gt;&lt;img src=x onerror=alert(3)&gt;<br>&lt;script&gt;x()&lt;/script&gt;',
    );
    expect(replied.text).toContain(hostile);
  });

  it('keeps the mails while SMTP is down and sends each exactly once when it is back', async () => {
    const { desk } = sportello;
    const opened = await desk.openTicket(externalUser, {
      queueKey: queueKeyOf('helpdesk'),
      title: 'Stampante del laboratorio',
      article: { channel: 'email', body: 'La stampante non stampa.' },
    });
    const number = opened.ticket.number;
    await waitForMails(number, 1);

    await sink.stop();
    await desk.claimTicket(maria, number);
    await desk.addArticle(maria, number, { kind: 'reply', channel: 'slack', body: 'Controllo io.' });
    await desk.setPending(maria, number, 'pending_reminder', new Date(Date.now() + 86_400_000));
    await new Promise((r) => setTimeout(r, 700));
    const waiting = await database.db
      .select()
      .from(outbox)
      .where(
        and(eq(outbox.ticketId, opened.ticket.id), eq(outbox.lane, 'email'), eq(outbox.status, 'pending')),
      )
      .orderBy(asc(outbox.id));
    expect(waiting).toHaveLength(3);
    expect(waiting[0]?.attempts).toBeGreaterThanOrEqual(2);
    expect(waiting[0]?.lastError).toMatch(/SMTP/);
    expect(mailsOf(number)).toHaveLength(1);

    await sink.start();
    const mails = await waitForMails(number, 4);
    const rows = await settledEmailRows(opened.ticket.id);
    expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsOf(number)).toHaveLength(4);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(4);
    expect(mails.map((m) => m.text.split('\n')[2])).toEqual([
      'We received your request.',
      `Maria Rossi has taken your request Ticket#${number} (Stampante del laboratorio) in charge.`,
      `Maria Rossi replied on Ticket#${number} (Stampante del laboratorio):`,
      `We are waiting for your answer on Ticket#${number} (Stampante del laboratorio) to go on.`,
    ]);
    expectThreaded(mails, []);
    expect(rows.every((r) => !r.lastError?.includes(SINK_PASSWORD))).toBe(true);
  });

  it('reaches a customer who wants both ways by DM and by email', async () => {
    const { desk } = sportello;
    const opened = await desk.openTicket(maria, {
      queueKey: queueKeyOf('helpdesk'),
      title: 'Both ways',
      article: { channel: 'phone', body: 'Wants to hear everywhere.' },
      customer: {
        slackUserId: slackUserIdOf('U0STUDENT9'),
        email: 'both@example.org',
        notifyVia: 'both',
        language: 'en',
      },
    });
    const rows = await database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.ticketId, opened.ticket.id), eq(outbox.topic, 'customer.notify')))
      .orderBy(asc(outbox.id));
    expect(rows.map((r) => [r.lane, (r.payload as { via: string }).via])).toEqual([
      ['slack', 'slack'],
      ['email', 'email'],
    ]);
    const [mail] = await waitForMails(opened.ticket.number, 1);
    expect(mail?.to).toEqual(['both@example.org']);
    // No Slack here: the DM waits in its lane.
    const after = await settledEmailRows(opened.ticket.id);
    expect(after.map((r) => r.status)).toEqual(['delivered']);
    const dm = (
      await database.db
        .select()
        .from(outbox)
        .where(eq(outbox.id, (rows[0] as { id: number }).id))
    )[0];
    expect(dm?.status).toBe('pending');
  });

  it('logs where mail goes, and never the SMTP password', () => {
    expect(logs.some((l) => l.includes(`mail: SMTP smtp://127.0.0.1:${sink.port}`))).toBe(true);
    // The retries while SMTP was down were logged…
    expect(logs.some((l) => /outbox #\d+ customer\.notify attempt \d+ failed/.test(l))).toBe(true);
    // …and nothing ever carried the password, not even to be redacted.
    expect(logs.join('\n')).not.toContain(SINK_PASSWORD);
    expect(logs.join('\n')).not.toContain('[redacted]');
  });
});
