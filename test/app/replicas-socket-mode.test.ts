import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, messageText, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient } from '../../src/fake-slack/slack-requests.js';
import { ACTIONS, INPUTS } from '../../src/views/ids.js';
import { texts } from '../../src/views/locale.js';
import { APP_TOKEN, BOT_TOKEN, MARIA, STUDENT, USERS } from '../support/app-harness.js';
import { HELPDESK_CHANNEL, newTicketValues, ticketNumberIn } from '../support/flows.js';
import { REPLICA_DATABASES, type Replicas, startReplicas } from '../support/replicas.js';

let fake: FakeSlack | undefined;
let replicas: Replicas | undefined;
afterEach(async () => {
  await replicas?.stop();
  await fake?.close();
});

describe.each(REPLICA_DATABASES)('two app processes in Socket Mode on one %s database', (database) => {
  it('handle each envelope Slack spreads over their connections once, through a whole lifecycle, and answer the health check', async () => {
    fake = await startFakeSlack({ users: USERS });
    const live = fake;
    replicas = await startReplicas({
      database,
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl },
      ready: /Slack app running in Socket Mode/,
    });
    const { db, tables } = replicas;
    await live.socketMode.waitForConnection(2, 30_000);
    const slack = createSlackClient({ socketMode: live.socketMode, responseUrlBase: live.responseUrlBase });
    const topLevel = () => live.messages(HELPDESK_CHANNEL).filter((m) => (m.thread_ts ?? m.ts) === m.ts);
    const form = async (triggerId: string) =>
      live.waitFor(() => live.viewByTrigger(triggerId), 10_000, 'a form');

    // Open, claim, close: each step's envelopes go down whichever connection's turn it is.
    const openTrigger = slack.triggerId();
    await slack.command({ text: '', userId: STUDENT, channelId: 'C0GENERAL1', triggerId: openTrigger });
    const opened = await slack.viewSubmission({
      userId: STUDENT,
      view: await form(openTrigger),
      values: newTicketValues({ queue: 'helpdesk', subject: 'Il proiettore dell’aula 3 non si accende' }),
    });
    expect(opened.body).toBe('');
    const card = await live.waitFor(() => topLevel()[0], 10_000, 'the card');
    const number = ticketNumberIn(messageText(card));
    const press = async (actionId: string, triggerId?: string) => {
      const message = live.message(HELPDESK_CHANNEL, card.ts) ?? card;
      await slack.blockAction({
        userId: MARIA,
        actionId,
        channelId: HELPDESK_CHANNEL,
        message,
        triggerId,
        value: number,
      });
    };
    await press(ACTIONS.claim);
    await live.waitFor(
      () => messageText(live.message(HELPDESK_CHANNEL, card.ts)).includes(`<@${MARIA}>`),
      10_000,
      'the card to show its owner',
    );
    const closeTrigger = slack.triggerId();
    await press(ACTIONS.close, closeTrigger);
    const closed = await slack.viewSubmission({
      userId: MARIA,
      view: await form(closeTrigger),
      values: {
        [INPUTS.closeState]: {
          [INPUTS.closeState]: {
            type: 'radio_buttons',
            selected_option: { value: 'closed_successful', text: 'closed' },
          },
        },
        [INPUTS.message]: { [INPUTS.message]: { type: 'plain_text_input', value: null } },
      },
    });
    expect(closed.body).toBe('');
    const closedText = texts('it').state('closed_successful');
    await live.waitFor(
      () => messageText(live.message(HELPDESK_CHANNEL, card.ts)).includes(closedText),
      10_000,
      'the card to show the ticket closed',
    );
    await live.waitFor(async () => (await replicas?.pendingDeliveries()) === 0, 15_000, 'the outbox drained');

    const envelopes = live.socketMode.envelopes();
    // Both processes got their share, and acknowledged each envelope once.
    expect(new Set(envelopes.map((envelope) => envelope.connection))).toEqual(new Set([1, 2]));
    expect(envelopes.every((envelope) => envelope.ack?.connection === envelope.connection)).toBe(true);
    expect(live.socketMode.problems()).toEqual([]);
    // One ticket, one card, one claim, one close.
    const [ticket, ...others] = await db.select().from(tables.tickets);
    expect(others).toEqual([]);
    expect(ticket?.state).toBe('closed_successful');
    const events = (
      await db
        .select({ event: tables.history.event })
        .from(tables.history)
        .where(eq(tables.history.ticketId, ticket?.id ?? 0))
    ).map((row) => row.event);
    expect(events.filter((event) => event === 'OwnerUpdate')).toHaveLength(1);
    expect(events.filter((event) => event === 'NewTicket')).toHaveLength(1);
    expect(topLevel()).toHaveLength(1);

    // Each process answers its balancer's or orchestrator's health check on its port.
    for (const port of replicas.ports) {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
    }
  }, 120_000);
});
