import { describe, expect, it } from 'vitest';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import { MARIA, STUDENT, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import { cardOf, HELPDESK_CHANNEL, openTicketInSlack } from '../support/flows.js';

/** The first bytes of a PNG and some more: what a screenshot starts with. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x20]);

/** Behind a firewall, Slack's events come down the Socket Mode link: a customer's file travels all the same. */
describe('files over Socket Mode', () => {
  const h = useAppHarness(TEST_CONFIG, { transport: 'socket mode' });
  const maria = { kind: 'slack', userId: MARIA } as const;

  it("a customer's file in their DM thread reaches the queue thread as a file operators can open", async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const dm = h.fake.dmChannelOf(STUDENT);
    const receipt = await h.fake.waitFor(() =>
      h.fake.messages(dm).find((m) => (m.thread_ts ?? m.ts) === m.ts && messageText(m).includes(number)),
    );
    const screenshot = h.fake.shareFile(STUDENT, { name: 'errore.png', bytes: PNG, mimetype: 'image/png' });
    const sent = await h.slack.messageEvent({
      channel: dm,
      user: STUDENT,
      text: 'Ecco la schermata',
      threadTs: receipt.ts,
      files: [screenshot],
    });
    expect(sent.status).toBe(200);
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    const shared = await h.fake.waitFor(
      () =>
        h.fake
          .thread(HELPDESK_CHANNEL, card?.ts ?? '')
          .flatMap((m) => (m.files ?? []) as { id: string; name?: string }[])
          .find((f) => f.name === 'errore.png'),
      5000,
      'errore.png shared in the queue thread',
    );
    expect(h.fake.file(shared.id)?.bytes).toEqual(PNG);
    const relayed = h.fake
      .thread(HELPDESK_CHANNEL, card?.ts ?? '')
      .map(messageText)
      .join('\n');
    expect(relayed).toContain('Ecco la schermata');
    const article = (await h.sportello.desk.getTicket(maria, number)).articles.at(-1);
    expect(article?.attachments).toMatchObject([
      { filename: 'errore.png', sizeBytes: PNG.length, refusedReason: null },
    ]);
    // The message with the file came down the link as an event envelope, acknowledged by its id.
    const envelope = h.fake.socketMode
      .envelopes()
      .find((e) => e.type === 'events_api' && JSON.stringify(e.payload).includes(screenshot.id as string));
    expect(envelope?.ack).toBeDefined();
  });
});
