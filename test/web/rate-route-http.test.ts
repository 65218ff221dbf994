import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseQueuesConfig } from '../../src/config/queues-file.js';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/logging.js';
import { type Sportello, startSportello } from '../../src/server.js';
import { BOT_TOKEN, SIGNING_SECRET, USERS } from '../support/app-harness.js';
import { externalUser, maria, TEST_CONFIG } from '../support/desk.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';

let fake: FakeSlack;
let sportello: Sportello;
let dir: string;

beforeEach(async () => {
  fake = await startFakeSlack({ users: USERS });
  dir = mkdtempSync(join(tmpdir(), 'sportello-rate-'));
  sportello = await startSportello({
    databasePath: join(dir, 'sportello.db'),
    config: parseQueuesConfig(TEST_CONFIG, 'test.yml'),
    clock: new ManualClock(new Date()),
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
    publicUrl: 'https://sportello.example.org',
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

describe('the rating links of the closing mail, end to end', () => {
  it('are in the mail, and the receiver answers them at /rate next to Slack’s endpoint', async () => {
    const { desk } = sportello;
    const { ticket } = desk.openTicket(externalUser, {
      queueKey: 'helpdesk',
      title: 'Posta piena',
      article: { channel: 'email', body: 'La casella è piena.' },
    });
    desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    sportello.mailWorker.kick();
    const link = await fake.waitFor(
      () => {
        const found = /https:\/\/sportello\.example\.org\/rate\?t=\d+&(?:amp;)?r=4&(?:amp;)?s=[\w-]+/.exec(
          mails()
            .replace(/=\r?\n/g, '')
            .replace(/=3D/g, '='),
        );
        return found?.[0].replace(/&amp;/g, '&');
      },
      5000,
      'a rating link in the closing mail',
    );

    const local = link.replace('https://sportello.example.org', `http://127.0.0.1:${sportello.port}`);
    const opened = await fetch(local);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toContain('text/html');
    expect(await opened.text()).toContain('★★★★ 4/5');
    expect(desk.getTicket(maria, ticket.number).ticket.satisfactionRating).toBeNull();

    const confirmed = await fetch(`${local}&confirm=1&comment=${encodeURIComponent('Grazie!')}`);
    expect(confirmed.status).toBe(200);
    expect(desk.getTicket(maria, ticket.number).ticket).toMatchObject({
      satisfactionRating: 4,
      satisfactionComment: 'Grazie!',
    });
    const forged = await fetch(local.replace('r=4', 'r=1'));
    expect(forged.status).toBe(400);
  });
});
