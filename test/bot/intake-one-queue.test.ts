import { describe, expect, it } from 'vitest';
import { FAKE_SLACK_DEFAULTS, messageText } from '../../src/fake-slack/fake-slack.js';
import { ANNA, PAOLO, STUDENT, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import { cardOf, HELPDESK_CHANNEL, outboxSettled, ticketNumberIn } from '../support/flows.js';

/** The test desk with didattica and biblioteca closed to customers: helpdesk is the one queue open to them. */
const ONE_QUEUE_CONFIG = TEST_CONFIG.replace(
  'follow_up: reject }',
  'follow_up: reject, customer_visible: false }',
).replace('follow_up: new_ticket }', 'follow_up: new_ticket, customer_visible: false }');

const h = useAppHarness(ONE_QUEUE_CONFIG);
const BOT = FAKE_SLACK_DEFAULTS.botUserId;
const admin = { kind: 'slack', userId: ANNA } as const;
const settle = () => new Promise((resolve) => setTimeout(resolve, 250));

/** `user` writes `text` to the app in their DM (in the thread of `threadTs`): Slack keeps it and sends the event. */
async function writeToApp(user: string, text: string, threadTs?: string) {
  const channel = h.fake.dmChannelOf(user);
  const message = h.fake.addMessage(channel, { user, text, ...(threadTs && { thread_ts: threadTs }) });
  return h.slack.messageEvent({ channel, user, text, ts: message.ts, ...(threadTs && { threadTs }) });
}

const botPostsIn = (channel: string, ts: string) => h.fake.thread(channel, ts).filter((m) => m.user === BOT);

describe("the app's DM, when one queue is open to its author", () => {
  it('opens the ticket there at once, answered in the thread with its number; replies there follow up', async () => {
    const dm = h.fake.dmChannelOf(STUDENT);
    const text = 'La VPN di ateneo non si collega da casa';
    const sent = await writeToApp(STUDENT, text);
    const receipt = await h.fake.waitFor(
      () => botPostsIn(dm, sent.ts).find((m) => messageText(m).includes('Ticket#')),
      10_000,
      'the receipt in the thread of the request',
    );
    const number = ticketNumberIn(messageText(receipt));
    // Nobody was asked which queue.
    expect(JSON.stringify(botPostsIn(dm, sent.ts))).not.toContain('intake_queue_');
    const ticket = await h.sportello.desk.getTicket(admin, number);
    expect([ticket.queue.key, ticket.customer.slackUserId, ticket.ticket.title]).toEqual([
      'helpdesk',
      STUDENT,
      text,
    ]);
    // A DM is the author's alone: no link to it for the operators.
    expect(ticket.articles[0]?.body).toBe(text);
    await outboxSettled(h);
    expect(messageText(cardOf(h, HELPDESK_CHANNEL, number))).toContain(text);

    await writeToApp(STUDENT, 'Uso il client di Windows', sent.ts);
    await h.fake.waitFor(
      async () =>
        (await h.sportello.desk.getTicket(admin, number)).articles.find(
          (a) => a.body === 'Uso il client di Windows',
        ),
      10_000,
      'the follow-up on the ticket',
    );
    const followUps = (await h.sportello.desk.getTicket(admin, number)).articles.filter(
      (a) => a.body === 'Uso il client di Windows',
    );
    expect(followUps.map((a) => a.senderType)).toEqual(['customer']);
  });

  it('a Slack retry of the message opens nothing more', async () => {
    const dm = h.fake.dmChannelOf(STUDENT);
    const sent = await writeToApp(STUDENT, 'Non ricevo più le mail dalla lista del corso');
    await h.fake.waitFor(
      () => botPostsIn(dm, sent.ts).find((m) => messageText(m).includes('Ticket#')),
      10_000,
    );
    await h.slack.replay(sent, { retryNum: 1, retryReason: 'http_timeout' });
    await settle();
    await outboxSettled(h);
    expect((await h.db.select({ id: h.tables.tickets.id }).from(h.tables.tickets)).length).toBe(1);
    expect(botPostsIn(dm, sent.ts).filter((m) => messageText(m).includes('Ticket#'))).toHaveLength(1);
  });

  it('an operator who may open tickets in other queues too is asked which', async () => {
    const dm = h.fake.dmChannelOf(PAOLO);
    const sent = await writeToApp(PAOLO, 'Il proiettore dell’aula 2 non si accende');
    const question = await h.fake.waitFor(
      () => botPostsIn(dm, sent.ts).find((m) => JSON.stringify(m.blocks).includes('intake_queue_')),
      10_000,
      'the question which queue',
    );
    const offered = [...JSON.stringify(question.blocks).matchAll(/"value":"([a-z]+)\|/g)].map(
      ([, key]) => key,
    );
    expect(offered).toEqual(expect.arrayContaining(['helpdesk', 'didattica', 'biblioteca']));
    expect(offered).not.toContain('sistemi');
  });

  it('a mention in the channel of a queue closed to its author is refused in words and opens nothing', async () => {
    const text = `<@${BOT}> posso spostare il mio esame?`;
    await h.slack.appMention({ user: STUDENT, channel: 'C0DIDATTIC', text });
    const refusal = await h.fake.waitFor(
      () => h.fake.ephemerals('C0DIDATTIC').find((e) => e.user === STUDENT),
      10_000,
      'the refusal told to the author',
    );
    expect(messageText(refusal)).toContain(
      'You are not allowed to open tickets in queue Segreteria didattica',
    );
    await settle();
    expect((await h.db.select({ id: h.tables.tickets.id }).from(h.tables.tickets)).length).toBe(0);
  });
});
