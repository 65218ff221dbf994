import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { BOT_TOKEN, LUCA, MARIA, PAOLO, SIGNING_SECRET, USERS } from '../support/app-harness.js';
import { REPLICA_DATABASES, type Replicas, startReplicas } from '../support/replicas.js';
import { ROUTING_CONFIG } from '../support/routing-config.js';

let fake: FakeSlack | undefined;
let replicas: Replicas | undefined;
afterEach(async () => {
  await replicas?.stop();
  await fake?.close();
});

describe.each(REPLICA_DATABASES)('two app processes on one %s database', (database) => {
  it('ask Slack about the operators’ presence once per interval between them, not once each', async () => {
    fake = await startFakeSlack({ users: USERS });
    fake.setPresence(MARIA, 'away');
    replicas = await startReplicas({
      database,
      config: ROUTING_CONFIG,
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        // An interval longer than the test: each app's timer fires once, as it starts.
        PRESENCE_POLL_SECONDS: '3600',
      },
      // Printed once the app's loops (the presence poll among them) have run their first round.
      ready: /scheduler running every/,
    });
    // biblioteca passes over those Slack shows away: its three operators are asked about, by one app.
    expect(fake.calls('users.getPresence').map((call) => call.args.user)).toEqual([LUCA, MARIA, PAOLO]);
    const { agents } = replicas.tables;
    const heard = await replicas.db
      .select({ slackUserId: agents.slackUserId, presence: agents.slackPresence })
      .from(agents);
    expect(heard.filter((agent) => agent.presence !== null)).toEqual(
      expect.arrayContaining([
        { slackUserId: LUCA, presence: 'active' },
        { slackUserId: MARIA, presence: 'away' },
        { slackUserId: PAOLO, presence: 'active' },
      ]),
    );
  }, 180_000);
});
