import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, messageText, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient, type Sent, type SlackRequests } from '../../src/fake-slack/slack-requests.js';
import { ACTIONS, INPUTS } from '../../src/views/ids.js';
import { startCaptureServer } from '../resilience/support/capture-server.js';
import { BOT_TOKEN, MARIA, SIGNING_SECRET, STUDENT, USERS } from '../support/app-harness.js';
import { HELPDESK_CHANNEL, newTicketValues, ticketNumberIn } from '../support/flows.js';
import { REPLICA_DATABASES, type Replicas, startReplicas } from '../support/replicas.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

const STUDENT_EMAIL = 'sofia.gallo@studenti.example';

let fake: FakeSlack | undefined;
let sink: SmtpSink | undefined;
let capture: Awaited<ReturnType<typeof startCaptureServer>> | undefined;
let replicas: Replicas | undefined;
afterEach(async () => {
  await replicas?.stop();
  await fake?.close();
  await sink?.stop();
  await capture?.close();
});

const plain = (value: string) => ({ type: 'plain_text_input', value });

describe.each(REPLICA_DATABASES)('two app processes on one %s database', (database) => {
  it('a form submitted twice and a Slack retry, each arriving once at each process, change the desk once', async () => {
    fake = await startFakeSlack({ users: USERS });
    sink = await startSmtpSink();
    capture = await startCaptureServer();
    replicas = await startReplicas({
      database,
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        SMTP_URL: sink.url(),
        MAIL_FROM: 'Sportello <sportello@ateneo.example>',
      },
    });
    const live = fake;
    const { db, tables } = replicas;
    const client = (url: string) =>
      createSlackClient({ url, signingSecret: SIGNING_SECRET, responseUrlBase: live.responseUrlBase });
    const [first, second] = replicas.ports.map((port) => client(`http://127.0.0.1:${port}`)) as [
      SlackRequests,
      SlackRequests,
    ];
    // Each request is built once (against an endpoint that only listens), then sent to both processes at once.
    const builder = client(capture.url);
    const toBoth = async (built: Sent<unknown>, secondAsRetry: boolean) => {
      const answers = await Promise.all([
        first.replay(built),
        second.replay(built, secondAsRetry ? { retryNum: 1, retryReason: 'http_timeout' } : {}),
      ]);
      expect(answers.map((answer) => [answer.status, answer.body])).toEqual([
        [200, ''],
        [200, ''],
      ]);
    };
    const settled = async () => {
      await live.waitFor(
        async () => (await replicas?.pendingDeliveries()) === 0,
        15_000,
        'the outbox drained',
      );
    };
    const tickets = async () => (await db.select({ n: count() }).from(tables.tickets))[0]?.n;
    // The people's own words, not the notices written about them.
    const articlesSaying = async (body: string) =>
      (await db.select({ n: count() }).from(tables.articles).where(eq(tables.articles.body, body)))[0]?.n;
    const mailsWith = (text: string) =>
      sink?.messages.filter((mail) => mail.to.includes(STUDENT_EMAIL) && mail.text.includes(text)) ?? [];
    const dm = live.dmChannelOf(STUDENT);

    // 1. The new-ticket form, submitted twice (the same view): one ticket, one card, one receipt, one mail.
    const triggerId = first.triggerId();
    await first.command({ text: '', userId: STUDENT, channelId: 'C0GENERAL1', triggerId });
    const form = await live.waitFor(() => live.viewByTrigger(triggerId), 10_000, 'the new-ticket form');
    const subject = 'Eduroam non funziona in aula magna';
    await toBoth(
      await builder.viewSubmission({
        userId: STUDENT,
        view: form,
        values: newTicketValues({ queue: 'helpdesk', subject, notifyVia: 'both' }),
      }),
      false,
    );
    const card = await live.waitFor(() => live.messages(HELPDESK_CHANNEL)[0], 10_000, 'the card');
    const number = ticketNumberIn(messageText(card));
    await sink.waitFor(1, 15_000);
    await settled();
    expect(await tickets()).toBe(1);
    expect(live.messages(HELPDESK_CHANNEL)).toHaveLength(1);
    expect(live.messages(dm).filter((m) => messageText(m).includes(number))).toHaveLength(1);
    expect(mailsWith(number)).toHaveLength(1);
    const receipt = live.messages(dm)[0];
    if (!receipt) throw new Error('no receipt in the DM');

    // 2. An operator's reply form, submitted twice: one article, one DM in the thread, one mail.
    const replyTrigger = first.triggerId();
    await first.blockAction({
      userId: MARIA,
      actionId: ACTIONS.reply,
      channelId: HELPDESK_CHANNEL,
      message: live.messages(HELPDESK_CHANNEL)[0] ?? card,
      triggerId: replyTrigger,
      value: number,
    });
    const replyForm = await live.waitFor(() => live.viewByTrigger(replyTrigger), 10_000, 'the reply form');
    const reply = 'Prova a dimenticare la rete e a ricollegarti con le credenziali di ateneo.';
    await toBoth(
      await builder.viewSubmission({
        userId: MARIA,
        view: replyForm,
        values: { [INPUTS.body]: { [INPUTS.body]: plain(reply) } },
      }),
      false,
    );
    await live.waitFor(() => mailsWith(reply).length > 0, 15_000, 'the reply mailed');
    await settled();
    expect(await articlesSaying(reply)).toBe(1);
    expect(live.thread(dm, receipt.ts).filter((m) => messageText(m).includes(reply))).toHaveLength(1);
    expect(mailsWith(reply)).toHaveLength(1);

    // 3. The customer answers in the DM thread; Slack retries the event at the other process.
    const answer = 'Grazie, ora funziona anche in biblioteca.';
    await toBoth(
      await builder.messageEvent({ channel: dm, user: STUDENT, text: answer, threadTs: receipt.ts }),
      true,
    );
    await live.waitFor(
      () => live.thread(HELPDESK_CHANNEL, card.ts).some((m) => messageText(m).includes(answer)),
      15_000,
      'the answer relayed to the card’s thread',
    );
    await settled();
    expect(await articlesSaying(answer)).toBe(1);
    expect(
      live.thread(HELPDESK_CHANNEL, card.ts).filter((m) => messageText(m).includes(answer)),
    ).toHaveLength(1);
    // Still one card: the channel's only message outside a thread.
    expect(live.messages(HELPDESK_CHANNEL).filter((m) => (m.thread_ts ?? m.ts) === m.ts)).toHaveLength(1);
  }, 90_000);
});
