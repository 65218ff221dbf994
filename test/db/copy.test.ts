import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getTableName } from 'drizzle-orm';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { type HelpDesk, openHelpDesk } from '../../src/core/help-desk.js';
import { queueKeyOf, ticketNumberOf } from '../../src/core/model.js';
import { createDb } from '../../src/db/client.js';
import { copyDesk } from '../../src/db/copy/copy-desk.js';
import { SQLITE_TABLES } from '../../src/db/tables.js';
import { buildMail, landed, MAIL_CONFIG, receive } from '../mail/helpers.js';
import { createTestDesk, maria, openSimple, START, student, type TestDesk } from '../support/desk.js';
import { freshPostgresDatabase } from '../support/postgres.js';

const run = promisify(execFile);

/** The mail desk, with a queue's canned response, suggested tags and a field (tables of their own). */
const COPY_CONFIG = MAIL_CONFIG.replace(
  '    reopen_window_days: 7\n',
  `    reopen_window_days: 7
    tags: [eduroam, vpn]
    responses:
      - key: forget-network
        title: Forget the network
        text: { it: "Dimentica la rete e ricollegati, {customer_name}." }
    fields:
      - { key: room, label: Room, type: text }
`,
);

/** The first test to ask for a PostgreSQL database starts the test cluster. */
const STARTS_POSTGRES = { timeout: 60_000 };

/** A desk with a row in every table a desk fills in its life: the tickets and what goes with them. */
async function fillDesk(t: TestDesk): Promise<{ numbers: string[] }> {
  const bySlack = await openSimple(t, student);
  await t.desk.claimTicket(maria, bySlack.ticket.number);
  await t.desk.addArticle(maria, bySlack.ticket.number, {
    kind: 'note',
    channel: 'slack',
    body: 'Checked the RADIUS logs.',
  });
  await t.desk.addWatcher(maria, bySlack.ticket.number);
  await t.desk.recordSlackPost({
    ticketId: bySlack.ticket.id,
    kind: 'queue_card',
    queueId: bySlack.ticket.queueId,
    channelId: 'C0HELPDESK',
    ts: '1700000000.000100',
  });
  await t.desk.markInteractionHandled('copy-test-interaction');
  await t.desk.takePeriodicTurn({ task: 'slack_presence', intervalMs: 60_000, now: t.clock.now() });
  await t.desk.addArticle(maria, bySlack.ticket.number, {
    kind: 'note',
    channel: 'slack',
    body: 'Access point 3 rebooted.',
    slackChannelId: 'C0HELPDESK',
    slackTs: '1700000000.000200',
  });
  await t.desk.recordMessageEdit(maria, 'C0HELPDESK', '1700000000.000200', 'Access points 3 and 4 rebooted.');
  await t.desk.setTicketTags(maria, bySlack.ticket.number, ['eduroam']);
  await t.desk.setTicketFields(maria, bySlack.ticket.number, { room: ['Aula 3'] });
  await t.desk.sendReply(maria, bySlack.ticket.number, {
    body: 'Please forget the network and join it again.',
    saveAs: { title: 'Forget the network', language: 'it' },
  });

  const byMail = landed(await receive(t, mailWithAttachment()));
  const colleague = landed(
    await receive(
      t,
      buildMail({ from: 'Colleague <colleague@example.org>', subject: `[Ticket#${byMail.ticketNumber}]` }),
    ),
  );
  const colleagueArticle = (await t.desk.getTicket(maria, byMail.ticketNumber)).articles.find(
    (article) => article.id === colleague.articleId,
  );
  await t.desk.acceptSender(maria, byMail.ticketNumber, colleagueArticle?.articleNumber ?? 0);
  const screenshot = (await t.desk.getTicket(maria, byMail.ticketNumber)).articles[0]?.attachments[0];
  await t.desk.recordAttachmentUpload({
    attachmentId: screenshot?.id ?? 0,
    channelId: 'C0HELPDESK',
    fileId: 'F0SCREENSHOT',
  });
  expect(await receive(t, buildMail({ body: 'x'.repeat(5000) }), { maxMessageBytes: 1000 })).toMatchObject({
    status: 'refused',
  });
  const duplicate = await openSimple(t, student, 'helpdesk', 'Eduroam again');
  await t.desk.mergeTickets(maria, duplicate.ticket.number, bySlack.ticket.number);
  return { numbers: [bySlack.ticket.number, byMail.ticketNumber, duplicate.ticket.number] };
}

function mailWithAttachment(): Buffer {
  const boundary = 'copy-boundary';
  return Buffer.from(
    [
      'From: Mario Bianchi <mario.bianchi@example.org>',
      'To: helpdesk@ateneo.example',
      'Subject: Printer screenshot',
      'Message-ID: <copy-attachment@example.org>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The printer shows this.',
      `--${boundary}`,
      'Content-Type: application/octet-stream; name="screen.bin"',
      'Content-Disposition: attachment; filename="screen.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from([0, 1, 2, 250, 251, 252, 255]).toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}

/** The desk at `location` as the app opens it. */
async function openDesk(location: string) {
  const database = location.startsWith('postgres://') ? { url: location, poolSize: 2 } : { path: location };
  return openHelpDesk({
    database,
    clock: new ManualClock(new Date(START.getTime() + 3_600_000)),
    systemId: '10',
    timeZone: 'Europe/Rome',
  });
}

/** Everything an operator sees of each ticket, and what the desk finds by searching. */
async function whatOperatorsSee(desk: HelpDesk, numbers: string[]) {
  const tickets = [];
  for (const number of numbers) tickets.push(await desk.getTicket(maria, ticketNumberOf(number)));
  const found = (await desk.searchTickets(maria, 'printer')).map((ticket) => ticket.number);
  return { tickets, found };
}

async function rowCounts(location: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const names = Object.values(SQLITE_TABLES).map((table) => getTableName(table));
  if (location.startsWith('postgres://')) {
    const client = new Client({ connectionString: location });
    await client.connect();
    for (const name of names)
      counts[name] = Number((await client.query(`select count(*) as n from "${name}"`)).rows[0].n);
    await client.end();
  } else {
    const handle = createDb(location);
    for (const name of names)
      counts[name] = (handle.sqlite.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n;
    handle.close();
  }
  return counts;
}

let dir: string;
let sourcePath: string;
let numbers: string[];
let seenAtSource: Awaited<ReturnType<typeof whatOperatorsSee>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-copy-'));
  sourcePath = join(dir, 'source.db');
  const t = await createTestDesk(sourcePath, COPY_CONFIG);
  ({ numbers } = await fillDesk(t));
  await t.close();
  const source = await openDesk(sourcePath);
  seenAtSource = await whatOperatorsSee(source.desk, numbers);
  await source.close();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every table of the desk is copied', STARTS_POSTGRES, () => {
  it('the copy knows every table the SQLite and PostgreSQL databases have', async () => {
    const copied = Object.values(SQLITE_TABLES)
      .map((table) => getTableName(table))
      .sort();
    const handle = createDb(sourcePath);
    const sqliteTables = (
      handle.sqlite
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
        .all() as { name: string }[]
    )
      .map((row) => row.name)
      // The migrations' own record, and the full-text index (rebuilt by the target, see copy-plan.ts).
      .filter((name) => name !== '__drizzle_migrations' && !name.includes('_fts'))
      .sort();
    handle.close();
    expect(sqliteTables).toEqual(copied);

    const client = new Client({ connectionString: await freshPostgresDatabase() });
    await client.connect();
    const pgTables = (
      await client.query<{ name: string }>(
        "select table_name as name from information_schema.tables where table_schema = 'public'",
      )
    ).rows
      .map((row) => row.name)
      .filter((name) => !name.endsWith('_search'))
      .sort();
    await client.end();
    expect(pgTables).toEqual(copied);
  });
});

describe('moving a desk', STARTS_POSTGRES, () => {
  let pgUrl: string;

  it('SQLite to PostgreSQL: the same rows, the same tickets, and new tickets go on from them', async () => {
    pgUrl = await freshPostgresDatabase({ migrated: false });
    const report = await copyDesk(sourcePath, pgUrl);
    expect(report.ticketNumbers).toEqual([...numbers].sort());

    const sourceCounts = await rowCounts(sourcePath);
    const filled = Object.entries(sourceCounts).filter(([name, rows]) => rows === 0 && name !== 'calendars');
    // Every table the desk has is filled (the test copies more than empty tables); calendars: none configured.
    expect(filled).toEqual([]);
    expect(await rowCounts(pgUrl)).toEqual(sourceCounts);

    const target = await openDesk(pgUrl);
    expect(seenAtSource.found).toEqual([numbers[1]]);
    expect(await whatOperatorsSee(target.desk, numbers)).toEqual(seenAtSource);
    const attachment = seenAtSource.tickets[1]?.articles[0]?.attachments[0];
    expect(attachment).toMatchObject({ filename: 'screen.bin' });
    const next = await target.desk.openTicket(student, {
      queueKey: queueKeyOf('helpdesk'),
      title: 'After the move',
      article: { channel: 'slack', body: 'First ticket on PostgreSQL.' },
    });
    await target.close();
    expect(numbers).not.toContain(next.ticket.number);
    expect(next.ticket.id).toBeGreaterThan(Math.max(...seenAtSource.tickets.map((t) => t.ticket.id)));
  });

  it('PostgreSQL to SQLite: the desk comes back as it was', async () => {
    const back = join(dir, 'back.db');
    const report = await copyDesk(pgUrl, back);
    expect(report.ticketNumbers).toHaveLength(numbers.length + 1);
    expect(await rowCounts(back)).toEqual(await rowCounts(pgUrl));

    const desk = await openDesk(back);
    expect(await whatOperatorsSee(desk.desk, numbers)).toEqual(seenAtSource);
    const next = await desk.desk.openTicket(student, {
      queueKey: queueKeyOf('helpdesk'),
      title: 'Back on SQLite',
      article: { channel: 'slack', body: 'First ticket after moving back.' },
    });
    await desk.close();
    expect(report.ticketNumbers).not.toContain(next.ticket.number);
  });
});

describe('what the copy refuses', STARTS_POSTGRES, () => {
  it('a target that already holds a desk is left as it was', async () => {
    const other = join(dir, 'other.db');
    const t = await createTestDesk(other);
    await openSimple(t);
    await t.close();
    const before = await rowCounts(other);
    await expect(copyDesk(sourcePath, other)).rejects.toThrow(/is not empty: it has rows in .*tickets \(1\)/);
    expect(await rowCounts(other)).toEqual(before);
  });

  it('from the command line: a short report, a refusal in words, never the password', async () => {
    const password = 'S3cret-pw';
    const url = (await freshPostgresDatabase({ migrated: false })).replace(
      'postgres@',
      `postgres:${password}@`,
    );
    const command = [
      'node_modules/.bin/tsx',
      ['src/db/copy/main.ts', '--from', sourcePath, '--to', url],
    ] as const;
    const copied = await run(...command);
    expect(copied.stdout).toContain(`${numbers.length} tickets, ${[...numbers].sort()[0]}`);
    expect(copied.stdout).toMatch(/attachments\s+1\n/);
    expect(copied.stdout).not.toContain(password);

    const refused = await run(...command).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toMatch(
      /^The desk was not copied: the target postgres:\/\/postgres:\*\*\*@.* is not empty/,
    );
    expect(`${refused?.stdout}${refused?.stderr}`).not.toContain(password);
  });
});
