import type { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { postingOnce } from '../../src/delivery/slack/post-once.js';
import { type FakeSlack, messageText, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { fakeSlackClient } from '../support/fake-slack-client.js';

const CHANNEL = 'C0HELPDESK';
let fake: FakeSlack;
let client: WebClient;
beforeEach(async () => {
  fake = await startFakeSlack({ users: [] });
  client = fakeSlackClient(fake);
});
afterEach(() => fake.close());

const card = (state: string) => ({
  channel: CHANNEL,
  text: `Ticket#2026113010000016 ${state}`,
  blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: `Stato: ${state}` } }],
});

it('brings a post an interrupted attempt made up to date instead of posting it again', async () => {
  // The first attempt posted the card, then its process died before recording it.
  const first = await postingOnce(client, { id: 7, attempts: 0, leaseUntil: null }).chat.postMessage(
    card('nuovo'),
  );
  // Meanwhile the ticket was claimed; the survivor delivers the same row again.
  const again = await postingOnce(client, { id: 7, attempts: 1, leaseUntil: null }).chat.postMessage(
    card('aperto'),
  );
  expect(again.ts).toBe(first.ts);
  const messages = fake.messages(CHANNEL);
  expect(messages).toHaveLength(1);
  expect(messageText(messages[0] as NonNullable<(typeof messages)[0]>)).toContain('Stato: aperto');
});

it('posts anew what no earlier attempt posted', async () => {
  await postingOnce(client, { id: 8, attempts: 2, leaseUntil: null }).chat.postMessage(card('nuovo'));
  expect(fake.messages(CHANNEL)).toHaveLength(1);
});
