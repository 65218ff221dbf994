import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { ticketNumberOf } from '../../src/core/model.js';
import { type FakeMessage, messageText } from '../../src/fake-slack/fake-slack.js';
import { ACTIONS, INPUTS } from '../../src/views/ids.js';
import { MARIA, STUDENT, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import {
  cardOf,
  HELPDESK_CHANNEL,
  openFormOnCard,
  openTicketInSlack,
  outboxSettled,
  pressOnCard,
} from '../support/flows.js';

/** The desk keeps files up to this size in these tests. */
const LIMIT = 1000;

describe('file sizes, types and names', () => {
  const h = useAppHarness(TEST_CONFIG, { maxFileBytes: LIMIT, mailIn: {} });
  const desk = { kind: 'system', label: 'test' } as const;

  function filesIn(messages: FakeMessage[]) {
    return messages.flatMap((m) => (m.files ?? []) as { id: string; name: string }[]);
  }

  async function customerSends(number: string, text: string, files: Record<string, unknown>[]) {
    const dm = h.fake.dmChannelOf(STUDENT);
    const parent = await h.fake.waitFor(() =>
      h.fake.messages(dm).find((m) => (m.thread_ts ?? m.ts) === m.ts && messageText(m).includes(number)),
    );
    await h.slack.messageEvent({ channel: dm, user: STUDENT, text, threadTs: parent.ts, files });
    return h.fake.waitFor(async () =>
      (await h.sportello.desk.getTicket(desk, ticketNumberOf(number))).articles.find((a) => a.body === text),
    );
  }

  it('keeps files of 0 bytes and at the limit, refuses one over it: said in the thread and to the sender, the message lands', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const empty = h.fake.shareFile(STUDENT, {
      name: 'vuoto.txt',
      bytes: Buffer.alloc(0),
      mimetype: 'text/plain',
    });
    const atLimit = h.fake.shareFile(STUDENT, { name: 'limite.bin', bytes: Buffer.alloc(LIMIT, 7) });
    const over = h.fake.shareFile(STUDENT, { name: 'enorme.bin', bytes: Buffer.alloc(LIMIT + 1, 7) });
    const article = await customerSends(number, 'Tre file', [empty, atLimit, over]);
    expect(article.attachments.map((a) => [a.filename, a.sizeBytes, a.refusedReason])).toEqual([
      ['vuoto.txt', 0, null],
      ['limite.bin', LIMIT, null],
      ['enorme.bin', LIMIT + 1, 'too_large'],
    ]);
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    const thread = () => h.fake.thread(HELPDESK_CHANNEL, card?.ts ?? '');
    const shared = await h.fake.waitFor(() => filesIn(thread()).find((f) => f.name === 'limite.bin'));
    expect(h.fake.file(shared.id)?.bytes?.length).toBe(LIMIT);
    // Slack takes no empty file and the refused one has no bytes: the relayed post lists both.
    const relayed = thread().map(messageText).join('\n');
    expect(relayed).toContain('vuoto.txt');
    expect(relayed).toMatch(/enorme\.bin.*non conservato: più grande/);
    expect(filesIn(thread()).map((f) => f.name)).toEqual(['limite.bin']);
    const dm = h.fake.dmChannelOf(STUDENT);
    const told = await h.fake.waitFor(() =>
      h.fake.ephemerals(dm).find((e) => messageText(e).includes('enorme.bin')),
    );
    expect(told.user).toBe(STUDENT);
  });

  it('refuses programs by type, and makes odd names safe (path separators, emoji kept)', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const files = [
      h.fake.shareFile(STUDENT, { name: 'setup.exe', bytes: Buffer.from('MZ') }),
      h.fake.shareFile(STUDENT, { name: '../../etc/passwd', bytes: Buffer.from('root:x') }),
      h.fake.shareFile(STUDENT, { name: 'a\\b.txt', bytes: Buffer.from('b') }),
      h.fake.shareFile(STUDENT, { name: '📷 foto.png', bytes: Buffer.from('png') }),
    ];
    const article = await customerSends(number, 'Nomi strani', files);
    expect(article.attachments.map((a) => [a.filename, a.refusedReason])).toEqual([
      ['setup.exe', 'blocked_type'],
      ['passwd', null],
      ['b.txt', null],
      ['📷 foto.png', null],
    ]);
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    await h.fake.waitFor(
      () => filesIn(h.fake.thread(HELPDESK_CHANNEL, card?.ts ?? '')).length === 3 || undefined,
    );
    const names = filesIn(h.fake.thread(HELPDESK_CHANNEL, card?.ts ?? '')).map((f) => f.name);
    expect(names).toEqual(['passwd', 'b.txt', '📷 foto.png']);
    const told = await h.fake.waitFor(() =>
      h.fake.ephemerals(h.fake.dmChannelOf(STUDENT)).find((e) => messageText(e).includes('setup.exe')),
    );
    // Sofia reads English.
    expect(messageText(told)).toContain('setup.exe: a type the desk does not accept');
  });

  it("an operator's reply with files refused by size or type goes out, and only the operator is told which", async () => {
    const number = await openTicketInSlack(h, STUDENT);
    await pressOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.claim);
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.reply);
    const files = [
      h.fake.shareFile(MARIA, { name: 'manuale.pdf', bytes: Buffer.alloc(LIMIT + 1, 7) }),
      h.fake.shareFile(MARIA, { name: 'installer.exe', bytes: Buffer.from('MZ') }),
      h.fake.shareFile(MARIA, { name: 'passi.txt', bytes: Buffer.from('1. apri le impostazioni') }),
    ];
    const response = await h.slack.viewSubmission({
      userId: MARIA,
      view,
      values: {
        [INPUTS.body]: { [INPUTS.body]: { type: 'plain_text_input', value: 'Ti allego le istruzioni.' } },
        [INPUTS.files]: { [INPUTS.files]: { type: 'file_input', files } },
      },
    });
    expect(response.body).toBe('');
    // The reply reaches the customer with the file the desk kept.
    const dm = h.fake.dmChannelOf(STUDENT);
    await h.fake.waitFor(() =>
      h.fake.messages(dm).find((m) => messageText(m).includes('Ti allego le istruzioni.')),
    );
    await h.fake.waitFor(() => filesIn(h.fake.messages(dm)).find((f) => f.name === 'passi.txt'));
    // Maria, in the channel she replied from, is told which files stayed behind and why (she reads Italian).
    const told = await h.fake.waitFor(() =>
      h.fake.ephemerals(HELPDESK_CHANNEL).find((e) => messageText(e).includes('installer.exe')),
    );
    expect(told.user).toBe(MARIA);
    expect(messageText(told)).toMatch(/manuale\.pdf: più grande/);
    expect(messageText(told)).toContain('installer.exe');
    expect(messageText(told)).not.toContain('passi.txt');
    await outboxSettled(h);
    expect(filesIn(h.fake.messages(dm)).map((f) => f.name)).toEqual(['passi.txt']);
    expect(h.fake.ephemerals(dm).filter((e) => messageText(e).includes('installer.exe'))).toHaveLength(0);
  });

  it('a mail attachment (RFC 2231 name) and an inline cid: image reach the queue thread', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const raw = [
      'From: Sofia Gallo <sofia.gallo@studenti.example>',
      'To: helpdesk@ateneo.example',
      'Subject: Stampante guasta',
      'Message-ID: <stampante-1@studenti.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/related; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>La stampante dice:</p><img src="cid:schermata@studenti">',
      '--inner',
      'Content-Type: image/png',
      'Content-ID: <schermata@studenti>',
      'Content-Disposition: inline; filename="schermata.png"',
      'Content-Transfer-Encoding: base64',
      '',
      png.toString('base64'),
      '--inner--',
      '--outer',
      'Content-Type: text/plain',
      "Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9%20stampa.txt",
      '',
      'errore 0x1F',
      '--outer--',
      '',
    ].join('\r\n');
    const smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: h.sportello.mailIn?.smtpPort ?? 0,
      secure: false,
      ignoreTLS: true,
    });
    await smtp.sendMail({
      envelope: { from: 'sofia.gallo@studenti.example', to: ['helpdesk@ateneo.example'] },
      raw,
    });
    smtp.close();
    const card = await h.fake.waitFor(() =>
      h.fake.messages(HELPDESK_CHANNEL).find((m) => messageText(m).includes('Stampante guasta')),
    );
    const thread = () => filesIn(h.fake.thread(HELPDESK_CHANNEL, card.ts));
    const image = await h.fake.waitFor(() => thread().find((f) => f.name === 'schermata.png'));
    const text = await h.fake.waitFor(() => thread().find((f) => f.name === 'résumé stampa.txt'));
    expect(h.fake.file(image.id)?.bytes).toEqual(png);
    expect(h.fake.file(text.id)?.bytes?.toString()).toBe('errore 0x1F');
  });
});
