import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, messageText, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient } from '../../src/fake-slack/slack-requests.js';
import { BOT_TOKEN, SIGNING_SECRET, STUDENT, USERS } from '../support/app-harness.js';
import { HELPDESK_CHANNEL, newTicketValues } from '../support/flows.js';
import { REPLICA_DATABASES, type Replicas, startReplicas } from '../support/replicas.js';

const TICKETS = 6;

let fake: FakeSlack | undefined;
let replicas: Replicas | undefined;
afterEach(async () => {
  await replicas?.stop();
  await fake?.close();
});

describe.each(REPLICA_DATABASES)('SIGTERM to one of two app processes on one %s database', (database) => {
  it('stops it taking requests, finishes or gives back the deliveries it holds, and the other delivers the rest', async () => {
    fake = await startFakeSlack({ users: USERS });
    const live = fake;
    replicas = await startReplicas({
      database,
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        // Far longer than the test: a delivery held by the stopped process is only done in time if it
        // finished it or gave it back.
        OUTBOX_LEASE_SECONDS: '600',
      },
    });
    const [stopping, staying] = replicas.apps;
    if (!stopping || !staying) throw new Error('two apps expected');
    const slack = createSlackClient({
      url: `http://127.0.0.1:${replicas.ports[0]}`,
      signingSecret: SIGNING_SECRET,
      responseUrlBase: live.responseUrlBase,
    });
    const forms = [];
    for (let i = 0; i < TICKETS; i++) {
      const triggerId = slack.triggerId();
      await slack.command({ text: '', userId: STUDENT, channelId: 'C0GENERAL1', triggerId });
      forms.push(await live.waitFor(() => live.viewByTrigger(triggerId), 10_000, 'the form'));
    }
    // Slack posts slowly now: the cards and receipts are still being delivered when the signal comes.
    live.setLatency(500, ['chat.postMessage', 'chat.update']);
    for (const [i, view] of forms.entries()) {
      const answer = await slack.viewSubmission({
        userId: STUDENT,
        view,
        values: newTicketValues({ queue: 'helpdesk', subject: `Stampante ${i} guasta` }),
      });
      expect(answer.status).toBe(200);
    }
    await live.waitFor(() => live.calls('chat.postMessage').length > 0, 10_000, 'a delivery under way');

    const exit = await stopping.stop();
    expect(exit).toBe(0);
    // The stopped process takes no more requests.
    await expect(fetch(`http://127.0.0.1:${replicas.ports[0]}/slack/events`)).rejects.toThrow();

    await live.waitFor(async () => (await replicas?.pendingDeliveries()) === 0, 30_000, 'the outbox drained');
    const cards = live.messages(HELPDESK_CHANNEL).filter((m) => (m.thread_ts ?? m.ts) === m.ts);
    expect(cards.map((card) => /Stampante (\d) guasta/.exec(messageText(card))?.[1]).sort()).toEqual(
      forms.map((_, i) => String(i)),
    );
    const receipts = live.messages(live.dmChannelOf(STUDENT)).filter((m) => (m.thread_ts ?? m.ts) === m.ts);
    expect(receipts).toHaveLength(TICKETS);
    expect(stopping.output.join('\n')).toMatch(/SIGTERM: stopping/);
    expect(staying.running).toBe(true);
  }, 120_000);
});
