import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseQueuesConfig } from '../../src/config/queues-file.js';
import { ManualClock } from '../../src/core/clock.js';
import { queueKeyOf, ticketNumberOf } from '../../src/core/model.js';
import { type FakeSlack, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createLogger } from '../../src/logging.js';
import { type Sportello, startSportello } from '../../src/server.js';
import { BOT_TOKEN, SIGNING_SECRET, USERS } from '../support/app-harness.js';
import { externalUser, maria, TEST_CONFIG } from '../support/desk.js';

let fake: FakeSlack;
let sportello: Sportello;
let dir: string;
let clock: ManualClock;

beforeEach(async () => {
  fake = await startFakeSlack({ users: USERS });
  dir = mkdtempSync(join(tmpdir(), 'sportello-rate-'));
  clock = new ManualClock(new Date());
  sportello = await startSportello({
    databasePath: join(dir, 'sportello.db'),
    config: parseQueuesConfig(TEST_CONFIG, 'test.yml'),
    clock,
    logger: createLogger({ level: LogLevel.ERROR, secrets: [BOT_TOKEN, SIGNING_SECRET], sink: () => {} }),
    slack: {
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: fake.apiUrl,
      port: 0,
      host: '127.0.0.1',
    },
    intervalMs: 100,
    mail: { from: 'Sportello <sportello@ateneo.example>', mailDir: join(dir, 'mail') },
    // Behind a proxy that serves the app under /servizi/sportello and strips that prefix.
    publicUrl: 'https://sportello.example.org/servizi/sportello',
  });
});
afterEach(async () => {
  await sportello.stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The text of every mail written so far. */
function mails(): string {
  const folder = join(dir, 'mail');
  try {
    return readdirSync(folder)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => readFileSync(join(folder, f), 'utf8'))
      .join('\n');
  } catch {
    return '';
  }
}

const PUBLIC = 'https://sportello.example.org/servizi/sportello';

/** Closes a new mail ticket and waits for the closing mail's link for `rating`, as the app answers it here. */
async function closedTicketLink(rating: number): Promise<{ number: string; local: string }> {
  const { desk } = sportello;
  const { ticket } = await desk.openTicket(externalUser, {
    queueKey: queueKeyOf('helpdesk'),
    title: 'Posta piena',
    article: { channel: 'email', body: 'La casella è piena.' },
  });
  await desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
  await sportello.mailWorker.kick();
  const pattern = new RegExp(
    `${PUBLIC.replace(/[./]/g, '\\$&')}/rate\\?t=${ticket.number}&(?:amp;)?r=${rating}&(?:amp;)?e=\\d+&(?:amp;)?s=[\\w-]+`,
  );
  const link = await fake.waitFor(
    () => {
      const found = pattern.exec(
        mails()
          .replace(/=\r?\n/g, '')
          .replace(/=3D/g, '='),
      );
      return found?.[0].replace(/&amp;/g, '&');
    },
    5000,
    'a rating link in the closing mail',
  );
  return { number: ticket.number, local: link.replace(PUBLIC, `http://127.0.0.1:${sportello.port}`) };
}

/** Sends the confirm form as a browser does: the link's fields and the comment, posted urlencoded. */
function postForm(local: string, fields: URLSearchParams) {
  return fetch(new URL(local).origin + new URL(local).pathname, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  });
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

describe('the rating links of the closing mail, end to end', () => {
  it('are in the mail; opening one asks to confirm, and the form posted under the public path rates', async () => {
    const { desk } = sportello;
    const { number, local } = await closedTicketLink(4);

    const opened = await fetch(local);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toContain('text/html');
    expect(Object.fromEntries(opened.headers)).toMatchObject(SECURITY_HEADERS);
    const page = await opened.text();
    expect(page).toContain('★★★★ 4/5');
    expect(page).toContain('<form method="post" action="/servizi/sportello/rate">');
    // The confirm step of before, a GET with the comment in its query, no longer rates.
    await fetch(`${local}&confirm=1&comment=${encodeURIComponent('Grazie!')}`);
    expect((await desk.getTicket(maria, ticketNumberOf(number))).ticket.satisfactionRating).toBeNull();

    const fields = new URL(local).searchParams;
    fields.set('comment', 'Grazie!');
    const confirmed = await postForm(local, fields);
    expect(confirmed.status).toBe(200);
    expect(Object.fromEntries(confirmed.headers)).toMatchObject(SECURITY_HEADERS);
    expect(await confirmed.text()).toContain('4/5');
    expect((await desk.getTicket(maria, ticketNumberOf(number))).ticket).toMatchObject({
      satisfactionRating: 4,
      satisfactionComment: 'Grazie!',
    });
    const forged = await fetch(local.replace('r=4', 'r=1'));
    expect(forged.status).toBe(400);
  });

  it('say the link has expired 30 days after the closing', async () => {
    const { desk } = sportello;
    const { number, local } = await closedTicketLink(5);
    clock.set(new Date(clock.now().getTime() + 31 * 86_400_000));
    const opened = await fetch(local);
    expect(opened.status).toBe(410);
    expect(await opened.text()).toContain('Questo link è scaduto');
    const posted = await postForm(local, new URL(local).searchParams);
    expect(posted.status).toBe(410);
    expect((await desk.getTicket(maria, ticketNumberOf(number))).ticket.satisfactionRating).toBeNull();
  });

  it('refuse a posted form larger than a comment can be, without reading it all', async () => {
    const { local } = await closedTicketLink(3);
    const fields = new URL(local).searchParams;
    fields.set('comment', 'x'.repeat(200_000));
    const answer = await postForm(local, fields);
    expect(answer.status).toBe(413);
    expect(
      (await sportello.desk.getTicket(maria, ticketNumberOf(new URL(local).searchParams.get('t') ?? '')))
        .ticket.satisfactionRating,
    ).toBeNull();
  });
});
