/**
 * OTRS's own sample mails (`../shared/mail-corpus/otrs-family`: mail from the field and from the OTRS family's
 * parser tests; GPL-3 test data, read where it lies and never copied here) through the SMTP listener and
 * through the IMAP reader on a real Dovecot. Every mail is answered (250 / marked seen) and lands on a ticket;
 * its title, sender, text and file names read as its sender wrote them; only bounces and lists go without the
 * automatic notice.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queueKeyOf } from '../../src/core/model.js';
import { ImapReader } from '../../src/mail/imap-reader.js';
import { type InboundResult, receiveMail } from '../../src/mail/inbound.js';
import { type SmtpListener, startSmtpListener } from '../../src/mail/smtp-listener.js';
import { maria, type TestDesk } from '../support/desk.js';
import { type Dovecot, startDovecot } from '../support/dovecot.js';
import { contextFor, createMailDesk, emailNotices, imapAccount, quietLogger } from './helpers.js';

const CORPUS = fileURLToPath(new URL('../../../shared/mail-corpus/otrs-family/', import.meta.url));
const QUEUE_ADDRESS = 'helpdesk@ateneo.example';
/** A relay always has a MAIL FROM: for the samples that name their sender nowhere, one of its own. */
const RELAY_SENDER = 'sender@relay.example';

/** Samples whose own bytes are garbled, so what the desk shows may be too, and why. */
const UNSOUND: Record<string, string> = {
  'PostMaster/PostMaster-Test17.box':
    'its UTF-8 text holds three U+FFFD its sender wrote ("Some wront encoding")',
};

/** The samples that get no automatic notice, and why. */
const QUIET: Record<string, RegExp> = {
  'EmailParser/PostMaster-Test10.box': /bounce/,
  'PostMaster/PostMaster-Test10.box': /bounce/,
  'PostMaster/Issue24.eml': /bounce/,
  'PostMaster/UTF8Filename.box': /Precedence: list/,
};

/** A sample as a relay hands it over: no mbox separator, its envelope sender, a Message-ID of its own. */
interface Sample {
  path: string;
  raw: Buffer;
  /** '' is the null sender of a bounce. */
  envelopeFrom: string;
}

/** The first line of the first header of that name in the mail's header block. */
function header(head: string, name: string): string | undefined {
  return new RegExp(`^${name}:[ \\t]*([^\\r\\n]*)`, 'im').exec(head)?.[1]?.trim();
}

/** The address in `<…>`, or the bare address. */
const pathAddress = (value: string) => (/<([^<>]*)>/.exec(value)?.[1] ?? value).trim();

/** The header block of a mail, as Latin-1 text (bytes for bytes). */
function headOf(raw: Buffer): string {
  const text = raw.toString('latin1');
  const blank = /\r?\n\r?\n/.exec(text);
  return blank ? text.slice(0, blank.index) : text;
}

/** The mail with `id` as its only Message-ID. */
function withMessageId(raw: Buffer, id: string): Buffer {
  const head = headOf(raw);
  const others = head.replace(/^Message-Id:[^\r\n]*(\r?\n[ \t][^\r\n]*)*\r?\n?/gim, '');
  return Buffer.concat([
    Buffer.from(`Message-ID: ${id}\r\n${others}`, 'latin1'),
    raw.subarray(Buffer.byteLength(head, 'latin1')),
  ]);
}

function readSamples(): Sample[] {
  const manifest = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1);
  const paths = manifest.map((line) => line.split('\t')[0] ?? '').filter((path) => path !== '');
  const idsSeen = new Set<string>();
  return paths.map((path, index) => {
    let raw: Buffer = readFileSync(join(CORPUS, path));
    // The mbox separator some samples start with (`From sender date`): a relay never sends it.
    const separator = /^From (\S+) /.exec(raw.toString('latin1'))?.[1];
    if (separator !== undefined) raw = raw.subarray(raw.indexOf(0x0a) + 1);
    const head = headOf(raw);
    // Return-Path (null for `<>`), else the separator's sender, else From; one sample's is obscured to no address.
    const senders = [header(head, 'Return-Path'), separator, header(head, 'From')].flatMap((value) =>
      value === undefined ? [] : [pathAddress(value)],
    );
    const envelopeFrom = senders.find((sender) => sender === '' || sender.includes('@')) ?? RELAY_SENDER;
    // Several samples are edited copies of one mail: each gets a Message-ID of its own.
    const messageId = header(head, 'Message-Id');
    if (messageId === undefined || idsSeen.has(messageId)) {
      raw = withMessageId(raw, `<otrs-sample-${index}@corpus.test>`);
    }
    if (messageId !== undefined) idsSeen.add(messageId);
    return { path, raw, envelopeFrom };
  });
}

/** UTF-8 read as Latin-1 or Windows-1252 (`Ã©` for é, `Ð°` for а), or bytes no charset could read. */
const GARBLED = /\uFFFD|[ÂÃÐÑ][\u0080-\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/u;

/** What a person sees of the ticket a sample landed on. */
async function seen(t: TestDesk, result: InboundResult) {
  if (result.status !== 'opened' && result.status !== 'followed_up') return undefined;
  const details = await t.desk.getTicket(maria, result.ticketNumber);
  const article = details.articles.find((a) => a.id === result.articleId);
  return {
    title: details.ticket.title,
    customer: details.customer.name ?? '',
    from: article?.fromAddress ?? '',
    subject: article?.subject ?? '',
    body: article?.body ?? '',
    files: (article?.attachments ?? []).map((file) => file.filename),
    noticesByEmail: await emailNotices(t, result.ticketNumber),
  };
}

/** Every sample landed, reads as written, and got the automatic notice unless it is a bounce or a list. */
async function expectTakenAsWritten(t: TestDesk, samples: Sample[], results: InboundResult[]) {
  expect(results).toHaveLength(samples.length);
  const views = new Map<string, NonNullable<Awaited<ReturnType<typeof seen>>>>();
  const notLanded: string[] = [];
  const garbled: string[] = [];
  const quiet: Record<string, string> = {};
  for (const [index, sample] of samples.entries()) {
    const result = results[index] as InboundResult;
    const view = await seen(t, result);
    if (!view || result.status === 'duplicate' || result.status === 'refused') {
      notLanded.push(`${sample.path}: ${JSON.stringify(result)}`);
      continue;
    }
    views.set(sample.path, view);
    const texts = [view.title, view.customer, view.from, view.subject, view.body, ...view.files];
    if (texts.some((text) => GARBLED.test(text))) garbled.push(sample.path);
    if (!result.autoReply) quiet[sample.path] = result.noAutoReplyReason ?? '';
    expect(view.noticesByEmail, sample.path).toEqual(result.autoReply ? ['received:email'] : []);
  }
  expect(notLanded).toEqual([]);
  expect(garbled).toEqual(Object.keys(UNSOUND));
  expect(Object.keys(quiet).sort()).toEqual(Object.keys(QUIET).sort());
  for (const [path, reason] of Object.entries(QUIET)) expect(quiet[path], path).toMatch(reason);

  const view = (path: string) => views.get(path);
  // Cyrillic in alternating Q and B encoded-words, a character split between two of them.
  expect(view('EmailParser/PostMaster-Test22.box')?.title).toBe(
    'QBQB Евгений Васильев Новоподзалупинский <xxzzyy@gmail.com>',
  );
  expect(view('PostMaster/PostMaster-Test4.box')?.title).toBe(
    'utf8: 使って / ISO-8859-1: Priorität" / cp-1251: Сергей Углицких',
  );
  // Latin-1 written raw into the From header.
  expect(view('PostMaster/PostMaster-Test14.box')?.customer).toBe('VIAGRA ® Official Site');
  // A text part with no charset, in Latin-1.
  expect(view('PostMaster/PostMaster-Test11.box')?.body).toContain('... pc va demasiado rápido ...');
  // An HTML part whose charset is garbled in its Content-Type but declared in its <meta>: Windows-1250.
  expect(view('EmailParser/BrokenEncoding.box')?.body).toContain('Majdnem mindenkivel előfordult már');
  // UTF-8 but for one Latin-1 byte: the UTF-8 lines stay, that one is read as Latin-1.
  expect(view('PostMaster/PostMaster-Test17.box')?.body).toMatch(/Mahalo,\s+Á$/);
  // No From: the envelope sender is the customer.
  expect(view('EmailParser/MultipartMixedPlain.eml')).toMatchObject({
    from: RELAY_SENDER,
    title: 'test multipart/mixed',
  });
}

describe.skipIf(!existsSync(CORPUS))("OTRS's sample mails (../shared/mail-corpus/otrs-family)", () => {
  const samples = existsSync(CORPUS) ? readSamples() : [];
  let t: TestDesk;
  let results: InboundResult[];
  /** The pipeline as the server binds it, with caps no sample reaches: many samples share a sender. */
  const receive = async (raw: Buffer, extra: Parameters<typeof contextFor>[1]) => {
    const result = await receiveMail(
      raw,
      contextFor(t, {
        autoReplyHourlyCap: 1000,
        deskAutoReplyHourlyCap: 1000,
        senderHourlyCap: 1000,
        ticketHourlyCap: 1000,
        ...extra,
      }),
    );
    results.push(result);
    return result;
  };
  beforeEach(async () => {
    t = await createMailDesk();
    results = [];
  });
  afterEach(() => t.close());

  it('through the SMTP listener: each answered 250, taken as its sender wrote it', async () => {
    const listener: SmtpListener = await startSmtpListener({
      desk: t.desk,
      host: '127.0.0.1',
      port: 0,
      maxMessageBytes: 25 * 1024 * 1024,
      maxClients: 20,
      maxRecipients: 50,
      logger: quietLogger(),
      receive: (raw, envelope) => receive(raw, { ...envelope, source: 'smtp' }),
    });
    // One connection for all, as a relay keeps it.
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: listener.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
      maxMessages: Number.POSITIVE_INFINITY,
    });
    try {
      const answers: string[] = [];
      for (const sample of samples) {
        const info = await transport.sendMail({
          envelope: { from: sample.envelopeFrom, to: [QUEUE_ADDRESS] },
          raw: sample.raw,
        });
        answers.push(info.response);
      }
      expect(new Set(answers)).toEqual(new Set(['250 2.0.0 queued']));
    } finally {
      transport.close();
      await listener.stop();
    }
    await expectTakenAsWritten(t, samples, results);
  }, 120_000);

  describe('through the IMAP reader', () => {
    let dovecot: Dovecot;
    beforeAll(async () => {
      dovecot = await startDovecot();
    }, 30_000);
    afterAll(async () => {
      await dovecot?.dispose();
    });

    it('each marked seen, taken as its sender wrote it', async () => {
      const folder = 'Corpus';
      await dovecot.createFolder(folder);
      for (const sample of samples) {
        // Delivered as the mail server's delivery agent does: the envelope sender written as Return-Path.
        const returnPath = header(headOf(sample.raw), 'Return-Path');
        const stamp = returnPath === undefined ? `Return-Path: <${sample.envelopeFrom}>\r\n` : '';
        await dovecot.deliver(Buffer.concat([Buffer.from(stamp), sample.raw]), folder);
      }
      const reader = new ImapReader({
        account: imapAccount(dovecot, folder),
        receive: (raw) => receive(raw, { accountQueueKey: queueKeyOf('helpdesk'), source: `imap:${folder}` }),
        giveUp: () => {},
        logger: quietLogger(),
        idleDelayMs: 50,
        pollIntervalMs: 30_000,
        backoff: { initialMs: 100, maxMs: 500 },
      });
      reader.start();
      try {
        const deadline = Date.now() + 60_000;
        const allSeen = async () =>
          (await dovecot.messages(folder)).every((message) => message.flags.includes('\\Seen'));
        while (!(results.length === samples.length && (await allSeen()))) {
          if (Date.now() > deadline) {
            throw new Error(`${results.length} of ${samples.length} taken\n${dovecot.log().slice(-2000)}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        await reader.stop();
      }
      await expectTakenAsWritten(t, samples, results);
    }, 120_000);
  });
});
