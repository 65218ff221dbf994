import { describe, expect, it } from 'vitest';
import { type FakeMessage, messageText } from '../../src/fake-slack/fake-slack.js';
import { MARIA, STUDENT, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import { cardOf, HELPDESK_CHANNEL, openTicketInSlack, pressOnCard } from '../support/flows.js';

/** The first bytes of a PNG and some more: what a screenshot starts with. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x20]);

describe('files, both ways', () => {
  const h = useAppHarness(TEST_CONFIG);
  const maria = { kind: 'slack', userId: MARIA } as const;

  /** The customer's DM receipt: the message their thread hangs from. */
  async function receipt(number: string) {
    const dm = h.fake.dmChannelOf(STUDENT);
    return h.fake.waitFor(() =>
      h.fake.messages(dm).find((m) => (m.thread_ts ?? m.ts) === m.ts && messageText(m).includes(number)),
    );
  }

  /** A file shared (by the app) in a thread, with its bytes as Slack holds them. */
  async function sharedFile(channel: string, threadTs: string, name: string) {
    const message = await h.fake.waitFor(
      () =>
        h.fake
          .thread(channel, threadTs)
          .find((m: FakeMessage) =>
            m.files?.some((f) => typeof f === 'object' && f !== null && 'name' in f && f.name === name),
          ),
      5000,
      `${name} shared in ${channel}/${threadTs}`,
    );
    const [object] = (message.files ?? []) as { id: string }[];
    return { message, file: h.fake.file(object?.id ?? '') };
  }

  async function customerWrites(number: string, text: string, files: Record<string, unknown>[]) {
    const dm = h.fake.dmChannelOf(STUDENT);
    const parent = await receipt(number);
    return h.slack.messageEvent({ channel: dm, user: STUDENT, text, threadTs: parent.ts, files });
  }

  it("a customer's file in their DM thread reaches the queue thread as a file operators can open", async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const screenshot = h.fake.shareFile(STUDENT, { name: 'errore.png', bytes: PNG, mimetype: 'image/png' });
    await customerWrites(number, 'Ecco la schermata', [screenshot]);
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    const { message, file } = await sharedFile(HELPDESK_CHANNEL, card?.ts ?? '', 'errore.png');
    expect(file?.bytes).toEqual(PNG);
    expect(message.user).toBe(h.fake.botUserId);
    expect(file?.id).not.toBe(screenshot.id);
    // The relayed message names the file too, and the desk keeps the bytes.
    const relayed = h.fake
      .thread(HELPDESK_CHANNEL, card?.ts ?? '')
      .map(messageText)
      .join('\n');
    expect(relayed).toContain('Ecco la schermata');
    expect(relayed).toContain('errore.png');
    const article = (await h.sportello.desk.getTicket(maria, number)).articles.at(-1);
    expect(article?.attachments).toMatchObject([
      { filename: 'errore.png', sizeBytes: PNG.length, refusedReason: null },
    ]);
  });

  it('fetches files with the bot token only: a download without it gets the sign-in page', async () => {
    const shared = h.fake.shareFile(STUDENT, { name: 'a.txt', bytes: Buffer.from('ciao') });
    const url = shared.url_private_download as string;
    const anonymous = await fetch(url);
    expect(anonymous.headers.get('content-type')).toMatch(/text\/html/);
    const withToken = await fetch(url, { headers: { Authorization: 'Bearer xoxb-any-bot-token' } });
    expect(await withToken.text()).toBe('ciao');
  });

  it("an operator's note with a file stays internal: kept, never sent to the customer", async () => {
    const number = await openTicketInSlack(h, STUDENT);
    await pressOnCard(h, MARIA, HELPDESK_CHANNEL, number, 'ticket_claim');
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    const log = h.fake.shareFile(MARIA, {
      name: 'radius.log',
      bytes: Buffer.from('auth failed'),
      mimetype: 'text/plain',
    });
    await h.slack.messageEvent({
      channel: HELPDESK_CHANNEL,
      user: MARIA,
      text: 'Log del RADIUS',
      threadTs: card?.ts,
      files: [log],
    });
    const note = await h.fake.waitFor(async () =>
      (await h.sportello.desk.getTicket(maria, number)).articles.find((a) => a.body === 'Log del RADIUS'),
    );
    expect(note.customerVisible).toBe(false);
    expect(note.attachments).toMatchObject([{ filename: 'radius.log', sizeBytes: 11 }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const dm = h.fake.dmChannelOf(STUDENT);
    expect(h.fake.messages(dm).filter((m) => m.files)).toEqual([]);
    expect(h.fake.calls('files.completeUploadExternal')).toEqual([]);
  });
  it('an upload cut off before it is shared is retried and the file appears in the thread once', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    h.fake.failNext('files.completeUploadExternal', { status: 500 });
    const screenshot = h.fake.shareFile(STUDENT, { name: 'errore.png', bytes: PNG, mimetype: 'image/png' });
    await customerWrites(number, 'Di nuovo', [screenshot]);
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    await sharedFile(HELPDESK_CHANNEL, card?.ts ?? '', 'errore.png');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const shared = h.fake.thread(HELPDESK_CHANNEL, card?.ts ?? '').filter((m) => m.files?.length);
    expect(shared).toHaveLength(1);
    const relayed = h.fake
      .thread(HELPDESK_CHANNEL, card?.ts ?? '')
      .filter((m) => messageText(m).includes('Di nuovo'));
    expect(relayed).toHaveLength(1);
  });

  it('/ticket <number> lists each article’s attachments', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const screenshot = h.fake.shareFile(STUDENT, { name: 'errore.png', bytes: PNG, mimetype: 'image/png' });
    await customerWrites(number, 'Ecco la schermata', [screenshot]);
    await h.fake.waitFor(async () =>
      (await h.sportello.desk.getTicket(maria, number)).articles.find((a) => a.attachments.length > 0),
    );
    const lookup = await h.slack.command({ text: number, userId: MARIA, channelId: HELPDESK_CHANNEL });
    const summary = lookup.json();
    expect(messageText(summary)).toContain('errore.png (12 B)');
  });
});
