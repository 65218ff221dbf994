import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMessage, messageText } from '../../src/fake-slack/fake-slack.js';
import type { ViewInput } from '../../src/fake-slack/slack-requests.js';
import { ACTIONS, INPUTS } from '../../src/views/ids.js';
import { MARIA, STUDENT, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import {
  cardOf,
  HELPDESK_CHANNEL,
  newTicketValues,
  openedView,
  openFormOnCard,
  openTicketInSlack,
  pressOnCard,
} from '../support/flows.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

const PDF = Buffer.from('%PDF-1.4\n% istruzioni eduroam\n');

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.stop();
});

describe('files from operators and forms', () => {
  const h = useAppHarness(TEST_CONFIG, {
    get smtpUrl() {
      return sink.url();
    },
  });
  const desk = { kind: 'system', label: 'test' } as const;

  function filesIn(messages: FakeMessage[]) {
    return messages.flatMap((m) => (m.files ?? []) as { id: string; name: string }[]);
  }

  async function replyWithFile(number: string, file: Record<string, unknown>) {
    await pressOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.claim);
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.reply);
    expect(JSON.stringify(view.blocks)).toContain('"file_input"');
    await submitReply(view, 'Segui le istruzioni allegate.', [file]);
  }

  async function submitReply(view: ViewInput, body: string, files: Record<string, unknown>[]) {
    const response = await h.slack.viewSubmission({
      userId: MARIA,
      view,
      values: {
        [INPUTS.body]: { [INPUTS.body]: { type: 'plain_text_input', value: body } },
        [INPUTS.files]: { [INPUTS.files]: { type: 'file_input', files } },
      },
    });
    expect(response.body).toBe('');
  }

  it("an operator's reply with a file reaches the customer's DM thread and the queue thread", async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const file = h.fake.shareFile(MARIA, { name: 'istruzioni.pdf', bytes: PDF, mimetype: 'application/pdf' });
    await replyWithFile(number, file);
    const dm = h.fake.dmChannelOf(STUDENT);
    const inDm = await h.fake.waitFor(() =>
      filesIn(h.fake.messages(dm)).find((f) => f.name === 'istruzioni.pdf'),
    );
    expect(h.fake.file(inDm.id)?.bytes).toEqual(PDF);
    const shared = h.fake.messages(dm).find((m) => m.files?.length);
    // The receipt: top-level, its thread_ts its own once replies hang from it.
    const receipt = h.fake
      .messages(dm)
      .find((m) => messageText(m).includes(number) && (m.thread_ts ?? m.ts) === m.ts);
    expect(shared?.thread_ts).toBe(receipt?.ts);
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    await h.fake.waitFor(() =>
      filesIn(h.fake.thread(HELPDESK_CHANNEL, card?.ts ?? '')).find((f) => f.name === 'istruzioni.pdf'),
    );
  });

  it("an operator's reply with a file reaches a customer told by email as a mail attachment", async () => {
    const number = await openTicketInSlack(h, STUDENT, { notifyVia: 'email' });
    const file = h.fake.shareFile(MARIA, { name: 'istruzioni.pdf', bytes: PDF, mimetype: 'application/pdf' });
    await replyWithFile(number, file);
    const mail = await h.fake.waitFor(() =>
      sink.messages.find((m) => m.subject.includes(number) && m.attachments.length > 0),
    );
    expect(mail.attachments).toEqual([
      expect.objectContaining({ filename: 'istruzioni.pdf', contentType: 'application/pdf', content: PDF }),
    ]);
    expect(mail.text).toContain('Segui le istruzioni allegate.');
  });

  it("Send to customer on a thread message with files sends the message's files along", async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    const file = h.fake.shareFile(MARIA, {
      name: 'config.txt',
      bytes: Buffer.from('ssid=eduroam'),
      mimetype: 'text/plain',
    });
    const sent = await h.slack.messageEvent({
      channel: HELPDESK_CHANNEL,
      user: MARIA,
      text: 'Usa questa configurazione',
      threadTs: card?.ts,
      files: [file],
    });
    await h.fake.waitFor(async () =>
      (await h.sportello.desk.getTicket(desk, number)).articles.find((a) => a.attachments.length > 0),
    );
    const triggerId = h.slack.triggerId();
    await h.slack.messageShortcut({
      userId: MARIA,
      callbackId: 'sportello_send_to_customer',
      channelId: HELPDESK_CHANNEL,
      message: {
        ts: sent.ts,
        user: MARIA,
        text: 'Usa questa configurazione',
        thread_ts: card?.ts,
        files: [file],
      },
      triggerId,
    });
    const view = await openedView(h, triggerId);
    expect(messageText(view)).toContain('config.txt');
    await submitReply(view, 'Usa questa configurazione', []);
    const dm = h.fake.dmChannelOf(STUDENT);
    const inDm = await h.fake.waitFor(() =>
      filesIn(h.fake.messages(dm)).find((f) => f.name === 'config.txt'),
    );
    expect(h.fake.file(inDm.id)?.bytes?.toString()).toBe('ssid=eduroam');
  });

  it('a file in the new-ticket form reaches the queue thread of the new card', async () => {
    const file = h.fake.shareFile(STUDENT, { name: 'errore.png', bytes: PDF, mimetype: 'image/png' });
    const triggerId = h.slack.triggerId();
    await h.slack.command({ text: '', userId: STUDENT, channelId: 'C0GENERAL1', triggerId });
    const view = await openedView(h, triggerId);
    expect(JSON.stringify(view.blocks)).toContain('"file_input"');
    const values = newTicketValues({
      queue: 'helpdesk',
      subject: 'Schermata blu',
      description: 'Vedi allegato',
    });
    values[INPUTS.files] = { [INPUTS.files]: { type: 'file_input', files: [file] } };
    await h.slack.viewSubmission({ userId: STUDENT, view, values });
    const card = await h.fake.waitFor(() =>
      h.fake.messages(HELPDESK_CHANNEL).find((m) => messageText(m).includes('Schermata blu')),
    );
    const shared = await h.fake.waitFor(() =>
      filesIn(h.fake.thread(HELPDESK_CHANNEL, card.ts)).find((f) => f.name === 'errore.png'),
    );
    expect(h.fake.file(shared.id)?.bytes).toEqual(PDF);
  });
});
