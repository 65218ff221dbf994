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

  it('takes a Latin-1 body declared as UTF-8 without crashing', async () => {
    const { article } = await landedArticle('wrong-charset.eml');
    expect(article?.body).toMatch(/^Non funziona pi.{1,2} la stampante del piano terra\.$/u);
  });

  it('takes broken MIME (a bad base64 part, an unclosed multipart) and keeps what it can', async () => {
    const { result, article } = await landedArticle('broken-mime.eml');
    expect(article?.body).toMatch(/^This is the text of a broken mail/);
    expect((await attachmentRows(t, result.articleId)).map((a) => a.filename)).toEqual(['half.pdf']);
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

  it('refuses a mail without a sender, keeping it with the reason', async () => {
    const result = await receive(t, fixture('no-from.eml'), { envelopeFrom: 'x@example.org' });
    expect(result).toMatchObject({ status: 'refused' });
    const [row] = await refusals(t);
    expect(row).toMatchObject({
      messageId: '<no-from.1@example.org>',
      envelopeFrom: 'x@example.org',
      source: 'test',
    });
    expect(row?.reason).toMatch(/no sender/);
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
