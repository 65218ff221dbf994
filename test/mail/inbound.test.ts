import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueKeyOf, ticketNumberOf } from '../../src/core/model.js';
import { MAX_ARTICLE_BODY } from '../../src/core/tickets/article-store.js';
import { receiveMail } from '../../src/mail/inbound.js';
import { maria, paolo, type TestDesk } from '../support/desk.js';
import {
  attachmentRows,
  buildMail,
  contextFor,
  createMailDesk,
  customerByEmail,
  emailNotices,
  landed,
  receive,
  refusals,
  ticketCount,
} from './helpers.js';

let t: TestDesk;
beforeEach(async () => {
  t = await createMailDesk();
});
afterEach(() => t.close());

const DAY = 24 * 3_600_000;

describe('a new mail opens a ticket', () => {
  it('in the queue it was addressed to, as the sender, with the "received" notice by email', async () => {
    const raw = buildMail({ messageId: '<first@example.org>', subject: 'Printer on floor 2' });
    const result = landed(await receive(t, raw));
    expect(result.status).toBe('opened');
    expect(result).toMatchObject({ queueKey: 'helpdesk', autoReply: true });

    const details = await t.desk.getTicket(maria, result.ticketNumber);
    expect(details.ticket.title).toBe('Printer on floor 2');
    expect(details.customer.email).toBe('mario.bianchi@example.org');
    expect(details.customer.name).toBe('Mario Bianchi');
    const [article] = details.articles;
    expect(article).toMatchObject({
      channel: 'email',
      senderType: 'customer',
      messageId: '<first@example.org>',
      fromAddress: 'Mario Bianchi <mario.bianchi@example.org>',
      toAddress: 'helpdesk@ateneo.example',
      subject: 'Printer on floor 2',
      body: 'It keeps asking for my password.',
    });
    expect(await emailNotices(t, result.ticketNumber)).toEqual(['received:email']);
  });

  it('picks the queue by Cc or envelope recipient, case-insensitively, else the mailbox queue', async () => {
    const byCc = landed(
      await receive(t, buildMail({ to: 'someone@example.org', cc: 'BIBLIOTECA@ateneo.example' })),
    );
    expect(byCc).toMatchObject({ status: 'opened', queueKey: 'biblioteca' });

    const byEnvelope = landed(
      await receive(t, buildMail({ to: 'list@example.org' }), {
        recipients: ['segreteria.didattica@ateneo.example'],
      }),
    );
    expect(byEnvelope).toMatchObject({ status: 'opened', queueKey: 'didattica' });

    const byAccount = landed(
      await receive(t, buildMail({ to: 'undisclosed-recipients:;' }), {
        accountQueueKey: queueKeyOf('biblioteca'),
      }),
    );
    expect(byAccount).toMatchObject({ status: 'opened', queueKey: 'biblioteca' });
  });

  it('refuses a mail for no queue at all, and keeps it', async () => {
    const result = await receive(t, buildMail({ to: 'nobody@example.org', messageId: '<lost@example.org>' }));
    expect(result).toMatchObject({ status: 'refused' });
    expect(await ticketCount(t)).toBe(0);
    const [row] = await refusals(t);
    expect(row?.reason).toMatch(/no queue/);
    expect(row?.messageId).toBe('<lost@example.org>');
    expect(row?.raw?.toString()).toContain('Subject: Cannot connect to eduroam');
  });

  it('strips reply prefixes and the ticket tag from the title, and uses the body for an empty subject', async () => {
    const prefixed = landed(await receive(t, buildMail({ subject: 'R: Fwd: RE: Wi-Fi down' })));
    expect((await t.desk.getTicket(maria, prefixed.ticketNumber)).ticket.title).toBe('Wi-Fi down');
    const empty = landed(await receive(t, buildMail({ subject: '', body: '\nMy badge stopped working.\n' })));
    expect((await t.desk.getTicket(maria, empty.ticketNumber)).ticket.title).toBe(
      'My badge stopped working.',
    );
  });
});

describe('a reply follows up its ticket', () => {
  async function openByMail() {
    return landed(await receive(t, buildMail({ messageId: '<request@example.org>' })));
  }

  it('by the ticket number in the subject', async () => {
    const opened = await openByMail();
    const reply = buildMail({
      subject: `Re: [Ticket#${opened.ticketNumber}] Cannot connect`,
      body: 'Any news?',
    });
    const result = landed(await receive(t, reply));
    expect(result).toMatchObject({
      status: 'followed_up',
      outcome: 'appended',
      ticketNumber: opened.ticketNumber,
    });
    const details = await t.desk.getTicket(maria, opened.ticketNumber);
    expect(details.articles.map((a) => a.body)).toEqual(['It keeps asking for my password.', 'Any news?']);
    expect(details.articles[1]?.senderType).toBe('customer');
  });

  it('ignores a ticket number with a wrong check digit or system id', async () => {
    const opened = await openByMail();
    const wrong = `${opened.ticketNumber.slice(0, -1)}${(Number(opened.ticketNumber.slice(-1)) + 1) % 10}`;
    const result = landed(await receive(t, buildMail({ subject: `[Ticket#${wrong}] hello` })));
    expect(result.status).toBe('opened');
    expect(result.ticketNumber).not.toBe(opened.ticketNumber);
  });

  it('by In-Reply-To and by References against the stored Message-IDs', async () => {
    const opened = await openByMail();
    const byInReplyTo = landed(
      await receive(t, buildMail({ subject: 'Re: hello', inReplyTo: '<request@example.org>' })),
    );
    expect(byInReplyTo).toMatchObject({ status: 'followed_up', ticketNumber: opened.ticketNumber });
    const byReferences = landed(
      await receive(
        t,
        buildMail({ subject: 'Re: hello', references: '<unknown@elsewhere.org> <request@example.org>' }),
      ),
    );
    expect(byReferences).toMatchObject({ status: 'followed_up', ticketNumber: opened.ticketNumber });
    expect((await t.desk.getTicket(maria, opened.ticketNumber)).articles).toHaveLength(3);
  });

  it('not by a Message-ID merely shaped like ours: only the ids the desk stored count', async () => {
    const opened = await openByMail();
    const forged = `<sportello.99.${opened.ticketNumber}@ateneo.example>`;
    const result = landed(await receive(t, buildMail({ subject: 'Re: hello', inReplyTo: forged })));
    expect(result.status).toBe('opened');
    expect(result.ticketNumber).not.toBe(opened.ticketNumber);
  });

  it('from someone other than the customer: kept, internal, showing its sender, and nothing else', async () => {
    const opened = await openByMail();
    await t.desk.closeTicket(maria, opened.ticketNumber, { state: 'closed_successful' });
    const before = await emailNotices(t, opened.ticketNumber);
    const result = landed(
      await receive(
        t,
        buildMail({
          from: 'Mario Bianchi <attacker@evil.example>',
          subject: `Re: [Ticket#${opened.ticketNumber}] hi`,
          body: 'Please reset my password and send it to attacker@evil.example',
        }),
      ),
    );
    expect(result).toMatchObject({ status: 'followed_up', outcome: 'not_from_customer', autoReply: false });
    const details = await t.desk.getTicket(maria, opened.ticketNumber);
    expect(details.ticket.state).toBe('closed_successful');
    expect(details.articles[1]).toMatchObject({
      senderType: 'external',
      customerVisible: false,
      authorCustomerId: null,
      fromAddress: 'Mario Bianchi <attacker@evil.example>',
    });
    expect(await emailNotices(t, opened.ticketNumber)).toEqual(before);
    expect(await customerByEmail(t, 'attacker@evil.example')).toBeUndefined();
    // The real customer never sees it.
    const customerView = await t.desk.getTicket(
      { kind: 'email', address: 'mario.bianchi@example.org' },
      opened.ticketNumber,
    );
    expect(customerView.articles).toHaveLength(1);
  });

  it("from a participant an operator accepted: a follow-up like the customer's", async () => {
    const opened = await openByMail();
    const colleague = (body: string) =>
      buildMail({
        from: 'Colleague <colleague@example.org>',
        subject: `[Ticket#${opened.ticketNumber}]`,
        body,
      });
    const first = landed(await receive(t, colleague('Same here.')));
    expect(first).toMatchObject({ outcome: 'not_from_customer' });
    const article = (await t.desk.getTicket(maria, opened.ticketNumber)).articles[1];
    await t.desk.acceptSender(maria, opened.ticketNumber, article?.articleNumber ?? 0);
    const second = landed(await receive(t, colleague('Still broken here.')));
    expect(second).toMatchObject({ status: 'followed_up', outcome: 'appended' });
    const last = (await t.desk.getTicket(maria, opened.ticketNumber)).articles.at(-1);
    expect(last).toMatchObject({ senderType: 'customer', customerVisible: true, body: 'Still broken here.' });
    expect(await customerByEmail(t, 'colleague@example.org')).toBeUndefined();
  });

  describe('on a closed ticket, as its queue says', () => {
    it('helpdesk reopens within 7 days, then opens a new linked ticket', async () => {
      const opened = await openByMail();
      await t.desk.closeTicket(maria, opened.ticketNumber, { state: 'closed_successful' });
      t.clock.advance(2 * DAY);
      const reopened = landed(
        await receive(t, buildMail({ subject: `Re: [Ticket#${opened.ticketNumber}]` })),
      );
      expect(reopened).toMatchObject({ outcome: 'reopened', ticketNumber: opened.ticketNumber });
      expect(await emailNotices(t, opened.ticketNumber)).toContain('reopened:email');

      await t.desk.closeTicket(maria, opened.ticketNumber, { state: 'closed_successful' });
      t.clock.advance(8 * DAY);
      const late = landed(await receive(t, buildMail({ subject: `Re: [Ticket#${opened.ticketNumber}]` })));
      expect(late).toMatchObject({ outcome: 'new_ticket', previousTicketNumber: opened.ticketNumber });
      expect((await t.desk.getTicket(maria, late.ticketNumber)).links.followUpOf).toBe(opened.ticketNumber);
    });

    it('didattica rejects: the mail is kept and the customer told to open a new request', async () => {
      const opened = landed(await receive(t, buildMail({ to: 'segreteria.didattica@ateneo.example' })));
      await t.desk.closeTicket(paolo, opened.ticketNumber, { state: 'closed_successful' });
      const result = landed(await receive(t, buildMail({ subject: `Re: [Ticket#${opened.ticketNumber}]` })));
      expect(result).toMatchObject({ outcome: 'rejected', ticketNumber: opened.ticketNumber });
      expect((await t.desk.getTicket(paolo, opened.ticketNumber)).ticket.state).toBe('closed_successful');
      expect(await emailNotices(t, opened.ticketNumber)).toEqual([
        'received:email',
        'closed:email',
        'follow_up_rejected:email',
      ]);
    });

    it('biblioteca opens a new ticket linked to the closed one', async () => {
      const opened = landed(await receive(t, buildMail({ to: 'biblioteca@ateneo.example' })));
      await t.desk.closeTicket(paolo, opened.ticketNumber, { state: 'closed_successful' });
      const result = landed(await receive(t, buildMail({ subject: `Re: [Ticket#${opened.ticketNumber}]` })));
      expect(result).toMatchObject({ outcome: 'new_ticket', previousTicketNumber: opened.ticketNumber });
      expect(await emailNotices(t, result.ticketNumber)).toEqual(['received:email']);
    });
  });
});

describe('each mail is stored once', () => {
  it('the same Message-ID again changes nothing', async () => {
    const raw = buildMail({ messageId: '<twice@example.org>' });
    const first = landed(await receive(t, raw));
    const second = await receive(t, raw);
    expect(second).toEqual({
      status: 'duplicate',
      ticketNumber: first.ticketNumber,
      articleId: first.articleId,
    });
    const reply = buildMail({ messageId: '<reply@example.org>', subject: `[Ticket#${first.ticketNumber}]` });
    await receive(t, reply);
    expect(await receive(t, reply)).toMatchObject({ status: 'duplicate', ticketNumber: first.ticketNumber });
    expect(await ticketCount(t)).toBe(1);
    expect((await t.desk.getTicket(maria, first.ticketNumber)).articles).toHaveLength(2);
    expect(await emailNotices(t, first.ticketNumber)).toEqual(['received:email']);
  });

  it('a mail without a Message-ID gets one from its bytes, so reading it twice changes nothing', async () => {
    const raw = buildMail({ messageId: null });
    const first = landed(await receive(t, raw));
    expect((await t.desk.getTicket(maria, first.ticketNumber)).articles[0]?.messageId).toMatch(
      /@no-message-id\./,
    );
    expect(await receive(t, raw)).toMatchObject({ status: 'duplicate' });
    expect(await ticketCount(t)).toBe(1);
  });

  it('two readers taking the same mail at once create one ticket', async () => {
    const raw = buildMail({ messageId: '<race@example.org>' });
    const results = await Promise.all([receive(t, raw), receive(t, raw), receive(t, raw)]);
    expect(results.filter((r) => r.status === 'opened')).toHaveLength(1);
    expect(await ticketCount(t)).toBe(1);
  });
});

describe('attachments', () => {
  function withAttachments(files: { name: string; type: string; content: Buffer }[]): Buffer {
    const boundary = 'b-boundary-1';
    const parts = files.map((file) =>
      [
        `--${boundary}`,
        `Content-Type: ${file.type}; name="${file.name}"`,
        `Content-Disposition: attachment; filename="${file.name}"`,
        'Content-Transfer-Encoding: base64',
        '',
        (file.content.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n'),
      ].join('\r\n'),
    );
    return Buffer.from(
      [
        'From: Mario Bianchi <mario.bianchi@example.org>',
        'To: helpdesk@ateneo.example',
        'Subject: Screenshots',
        `Message-ID: <att.${Math.random()}@example.org>`,
        'MIME-Version: 1.0',
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'See the attached files.',
        ...parts,
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    );
  }

  it('are kept with their content; one over the limit is recorded as refused and the mail still lands', async () => {
    const small = Buffer.from('%PDF-1.4 small file');
    const big = Buffer.alloc(3000, 7);
    const raw = withAttachments([
      { name: 'small.pdf', type: 'application/pdf', content: small },
      { name: 'big.bin', type: 'application/octet-stream', content: big },
    ]);
    const result = landed(await receive(t, raw, { maxAttachmentBytes: 2000 }));
    const rows = await attachmentRows(t, result.articleId);
    expect(rows.map((r) => r.filename)).toEqual(['small.pdf', 'big.bin']);
    expect(rows[0]).toMatchObject({
      contentType: 'application/pdf',
      sizeBytes: small.length,
      refusedReason: null,
    });
    expect(rows[0]?.content?.equals(small)).toBe(true);
    expect(rows[1]).toMatchObject({ sizeBytes: 3000, content: null });
    expect(rows[1]?.refusedReason).toBe('too_large');
    expect((await t.desk.getTicket(maria, result.ticketNumber)).articles[0]?.body).toBe(
      'See the attached files.',
    );
  });
});

describe('automatic notices', () => {
  const cases: [string, Parameters<typeof buildMail>[0], Partial<Parameters<typeof receiveMail>[1]>?][] = [
    ['Auto-Submitted: auto-replied', { headers: { 'Auto-Submitted': 'auto-replied' } }],
    ['Precedence: bulk', { headers: { Precedence: 'bulk' } }],
    ['Precedence: junk', { headers: { Precedence: 'junk' } }],
    ['Precedence: list', { headers: { Precedence: 'list' } }],
    ['X-Auto-Response-Suppress', { headers: { 'X-Auto-Response-Suppress': 'All' } }],
    ['X-Loop: yes', { headers: { 'X-Loop': 'yes' } }],
    ['X-Loop naming a list', { headers: { 'X-Loop': 'announce@lists.example.org' } }],
    ['an empty Return-Path', { headers: { 'Return-Path': '<>' } }],
    ['a null envelope sender', {}, { envelopeFrom: '' }],
    ['MAILER-DAEMON', { from: 'Mail Delivery System <MAILER-DAEMON@mx.example.org>' }],
    ['one of our Message-IDs', { messageId: '<sportello.7.2026113010000013@ateneo.example>' }],
  ];

  it.each(cases)('none for a mail with %s, but the ticket is opened', async (_name, spec, extra) => {
    const result = landed(await receive(t, buildMail(spec), extra ?? {}));
    expect(result.status).toBe('opened');
    expect(result.autoReply).toBe(false);
    expect(result.noAutoReplyReason).toBeTruthy();
    expect(await emailNotices(t, result.ticketNumber)).toEqual([]);
  });

  it('Auto-Submitted: no is a person: answered', async () => {
    const result = landed(await receive(t, buildMail({ headers: { 'Auto-Submitted': 'no' } })));
    expect(result.autoReply).toBe(true);
  });

  it('none for a follow-up that reopens, when the follow-up is automatic', async () => {
    const opened = landed(await receive(t, buildMail()));
    await t.desk.closeTicket(maria, opened.ticketNumber, { state: 'closed_successful' });
    const vacation = buildMail({
      subject: `Auto: Re: [Ticket#${opened.ticketNumber}]`,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const result = landed(await receive(t, vacation));
    expect(result).toMatchObject({ outcome: 'reopened' });
    expect(await emailNotices(t, opened.ticketNumber)).toEqual(['received:email', 'closed:email']);
  });

  it('at most the hourly cap per sender; the next hour they are answered again', async () => {
    const opened: string[] = [];
    for (let i = 0; i < 4; i++) {
      const result = landed(
        await receive(t, buildMail({ subject: `Request ${i}` }), { autoReplyHourlyCap: 3 }),
      );
      opened.push(result.ticketNumber);
      expect(result.autoReply).toBe(i < 3);
    }
    expect(await ticketCount(t)).toBe(4);
    const noticeCounts = [];
    for (const n of opened) noticeCounts.push((await emailNotices(t, ticketNumberOf(n))).length);
    expect(noticeCounts).toEqual([1, 1, 1, 0]);
    const other = landed(
      await receive(t, buildMail({ from: 'other@example.org' }), { autoReplyHourlyCap: 3 }),
    );
    expect(other.autoReply).toBe(true);
    t.clock.advance(61 * 60_000);
    const later = landed(await receive(t, buildMail({ subject: 'Later' }), { autoReplyHourlyCap: 3 }));
    expect(later.autoReply).toBe(true);
  });

  it('defaults to 10 an hour', async () => {
    const results = [];
    for (let i = 0; i < 11; i++) results.push(landed(await receive(t, buildMail({ subject: `R${i}` }))));
    expect(results.map((r) => r.autoReply).filter(Boolean)).toHaveLength(10);
  });

  it('a mail from one of the desk’s own addresses is refused', async () => {
    const result = await receive(t, buildMail({ from: 'Helpdesk <HelpDesk@ateneo.example>' }));
    expect(result).toMatchObject({ status: 'refused' });
    expect(await ticketCount(t)).toBe(0);
  });
});

describe('the core refusing a mail', () => {
  it('is kept as a refused mail, not thrown', async () => {
    const result = await receive(t, buildMail({ from: 'someone@localhost' }));
    expect(result).toMatchObject({ status: 'refused' });
    expect((await refusals(t))[0]?.reason).toMatch(/not valid/);
  });

  it('a refused mail read again is not stored twice', async () => {
    const raw = buildMail({ to: 'nobody@example.org', messageId: '<refused-twice@example.org>' });
    await receive(t, raw);
    expect(await receive(t, raw)).toMatchObject({ status: 'refused', again: true });
    expect(await refusals(t)).toHaveLength(1);
  });

  it('a body longer than an article takes is cut, with the whole text attached', async () => {
    const long = `${'Lorem ipsum dolor sit amet. '.repeat(Math.ceil((MAX_ARTICLE_BODY + 5000) / 28))}END`;
    const result = landed(await receive(t, buildMail({ body: long })));
    const article = (await t.desk.getTicket(maria, result.ticketNumber)).articles[0];
    expect(article?.body.length).toBeLessThanOrEqual(MAX_ARTICLE_BODY);
    expect(article?.body).toMatch(/attached as message\.txt\]$/);
    const [file] = await attachmentRows(t, result.articleId);
    expect(file?.filename).toBe('message.txt');
    expect(file?.content?.toString('utf8').trimEnd().endsWith('END')).toBe(true);
  });

  it('a mail over the size limit is refused whole', async () => {
    const result = await receiveMail(
      buildMail({ body: 'x'.repeat(5000) }),
      contextFor(t, { maxMessageBytes: 1000 }),
    );
    expect(result).toMatchObject({ status: 'refused' });
    expect((await refusals(t))[0]?.reason).toMatch(/too large/);
  });
});
