import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ARTICLE_BODY } from '../../src/core/tickets/article-store.js';
import { maria, type TestDesk } from '../support/desk.js';
import {
  attachmentRows,
  createMailDesk,
  emailNotices,
  fixture,
  landed,
  receive,
  refusals,
} from './helpers.js';

let t: TestDesk;
beforeEach(async () => {
  t = await createMailDesk();
});
afterEach(() => t.close());

/** A mail whose header and body lines are written byte for byte as given (each char one Latin-1 byte). */
function latin1Mail(headers: string[], body: string): Buffer {
  const head = [...headers, 'To: helpdesk@ateneo.example', 'MIME-Version: 1.0'];
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}`, 'latin1');
}

async function landedRaw(raw: Buffer) {
  const result = landed(await receive(t, raw));
  return { result, details: await t.desk.getTicket(maria, result.ticketNumber) };
}

async function landedArticle(name: string) {
  const result = landed(await receive(t, fixture(name)));
  const details = await t.desk.getTicket(maria, result.ticketNumber);
  return { result, details, article: details.articles[0] };
}

describe('the malformed mail corpus', () => {
  it('decodes an ISO-8859-1 body, subject and sender name', async () => {
    const { details, article } = await landedArticle('latin1.eml');
    expect(article?.body).toBe('Buongiorno, non riesco più ad accedere: perché? Città, università, caffè.');
    expect(details.ticket.title).toBe("Problème d'accès");
    expect(details.customer.name).toBe('José Pérez');
  });

  it('decodes a windows-1252 body (euro sign, curly quotes, dashes)', async () => {
    const { article } = await landedArticle('windows-1252.eml');
    expect(article?.body).toBe('The fee is 20 € – “smart quotes” and ‘single’ ones… done.');
  });

  it('takes a body in an unknown charset as well as it can', async () => {
    const { article } = await landedArticle('unknown-charset.eml');
    expect(article?.body).toBe('Plain ASCII text in a charset nobody knows.');
  });

  it('reads a Latin-1 body declared as UTF-8 as Latin-1', async () => {
    const { article } = await landedArticle('wrong-charset.eml');
    expect(article?.body).toBe('Non funziona più la stampante del piano terra.');
  });

  it('takes broken MIME (a bad base64 part, an unclosed multipart) and keeps what it can', async () => {
    const { result, article } = await landedArticle('broken-mime.eml');
    expect(article?.body).toMatch(/^This is the text of a broken mail/);
    expect((await attachmentRows(t, result.articleId)).map((a) => a.filename)).toEqual(['half.pdf']);
  });

  it('joins a character split between a Q and a B encoded-word (subject, sender name)', async () => {
    // "Новоподзалупинский": the two bytes of "о" are split between the first and the second word.
    const split = '=?utf-8?Q?=D0=9D=D0=BE=D0=B2=D0?= =?utf-8?B?vtC/0L7QtNC30LDQu9GD0L/QuNC90YHQutC40Lk=?=';
    const { details } = await landedRaw(
      latin1Mail([`From: ${split} <ivan@example.org>`, `Subject: Re: ${split}`], 'x'),
    );
    expect(details.ticket.title).toBe('Новоподзалупинский');
    expect(details.customer.name).toBe('Новоподзалупинский');
  });

  it('reads 8-bit Latin-1 written raw into the headers', async () => {
    const raw = latin1Mail(
      ['From: Jos\u00e9 P\u00e9rez <jose@example.org>', 'Subject: Caf\u00e8 \u00ae'],
      'x',
    );
    const { details } = await landedRaw(raw);
    expect(details.ticket.title).toBe('Cafè ®');
    expect(details.customer.name).toBe('José Pérez');
  });

  it('reads a text part without a charset as Windows-1252, keeping any line that is UTF-8', async () => {
    const body = Buffer.concat([
      Buffer.from('Il prezzo \u00e8 20 \x80.\r\n', 'latin1'),
      Buffer.from('Già pagato.', 'utf8'),
    ]);
    const { details } = await landedRaw(
      Buffer.concat([latin1Mail(['From: mario@example.org', 'Subject: Prezzo'], ''), body]),
    );
    expect(details.articles[0]?.body).toBe('Il prezzo è 20 €.\nGià pagato.');
  });

  it('reads an HTML part without a charset in the one its <meta> declares', async () => {
    const html =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1250"></head>';
    const raw = latin1Mail(
      ['From: anna@example.org', 'Subject: Adatment\u00e9s', 'Content-Type: text/html'],
      `${html}<body><p>Majdnem mindenkivel el\u00f5fordult m\u00e1r.</p></body></html>`,
    );
    const { details } = await landedRaw(raw);
    expect(details.articles[0]?.body).toBe('Majdnem mindenkivel előfordult már.');
  });

  it('takes a multipart without a boundary', async () => {
    const { article } = await landedArticle('no-boundary.eml');
    expect(article?.body.length).toBeGreaterThan(0);
  });

  it('converts an HTML-only mail to readable text, without scripts or styles', async () => {
    const { article } = await landedArticle('html-only.eml');
    expect(article?.body).toContain('Buongiorno,');
    expect(article?.body).toContain('la stampante del piano terra non stampa.');
    expect(article?.body).toMatch(/\* modello HP/);
    expect(article?.body).not.toMatch(/<|alert\(|color: red/);
  });

  it('keeps CR/LF in an encoded subject or name out of the title, the subject and the sender', async () => {
    const { details, article } = await landedArticle('header-injection.eml');
    expect(details.ticket.title).toBe('Hello Bcc: victim@example.net injected');
    expect(article?.subject).not.toMatch(/[\r\n]/);
    expect(article?.fromAddress).not.toMatch(/[\r\n]/);
    expect(article?.fromAddress).toBe('Evil Bcc: victim@example.net <evil@example.org>');
    expect(details.customer.email).toBe('evil@example.org');
  });

  it('opens a ticket for a bounce, without answering it', async () => {
    const { result, article } = await landedArticle('bounce.eml');
    expect(result.autoReply).toBe(false);
    expect(article?.body).toContain('could not be delivered');
    expect(await emailNotices(t, result.ticketNumber)).toEqual([]);
  });

  it('takes a mail without From with its envelope sender as the customer', async () => {
    const result = landed(await receive(t, fixture('no-from.eml'), { envelopeFrom: 'x@example.org' }));
    const details = await t.desk.getTicket(maria, result.ticketNumber);
    expect(details.customer.email).toBe('x@example.org');
    expect(details.articles[0]?.fromAddress).toBe('x@example.org');
    expect(details.ticket.title).toBe('Who am I?');
  });

  it('takes a mail without From read from a mailbox with its Return-Path as the customer', async () => {
    const raw = Buffer.concat([Buffer.from('Return-Path: <Y@Example.org>\r\n'), fixture('no-from.eml')]);
    const result = landed(await receive(t, raw));
    expect((await t.desk.getTicket(maria, result.ticketNumber)).customer.email).toBe('y@example.org');
  });

  it('refuses a mail with no sender anywhere, keeping it with the reason', async () => {
    const result = await receive(t, fixture('no-from.eml'), { envelopeFrom: '' });
    expect(result).toMatchObject({ status: 'refused' });
    const [row] = await refusals(t);
    expect(row).toMatchObject({ messageId: '<no-from.1@example.org>', envelopeFrom: '', source: 'test' });
    expect(row?.reason).toBe(
      'no sender: the mail has no From address and no envelope sender (MAIL FROM, Return-Path)',
    );
    expect(row?.raw?.equals(fixture('no-from.eml'))).toBe(true);
  });

  it('refuses bytes that are no mail at all', async () => {
    const raw = fixture('garbage.eml');
    const result = await receive(t, raw, { recipients: ['helpdesk@ateneo.example'] });
    expect(result).toMatchObject({ status: 'refused' });
    expect((await refusals(t))[0]).toMatchObject({
      rawSize: raw.length,
      envelopeTo: 'helpdesk@ateneo.example',
    });
  });

  it('takes a 10 MB body: cut to what an article holds, the whole text kept as an attachment', async () => {
    const line = 'This line repeats to make a very long mail body of about ten megabytes.\r\n';
    const body = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
    const raw = Buffer.from(
      [
        'From: Mario Bianchi <mario.bianchi@example.org>',
        'To: helpdesk@ateneo.example',
        'Subject: Log file pasted in the mail',
        'Message-ID: <ten-mb@example.org>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        body,
      ].join('\r\n'),
    );
    const result = landed(await receive(t, raw, { maxAttachmentBytes: 20 * 1024 * 1024 }));
    const article = (await t.desk.getTicket(maria, result.ticketNumber)).articles[0];
    expect(article?.body.length).toBeLessThanOrEqual(MAX_ARTICLE_BODY);
    const [file] = await attachmentRows(t, result.articleId);
    expect(file?.sizeBytes).toBeGreaterThan(10_000_000);
    expect(file?.refusedReason).toBeNull();
  });
});
