import { describe, expect, it } from 'vitest';
import { slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';
import { type FakeFile, messageText } from '../../src/fake-slack/fake-slack.js';
import { TICKET_CSV_COLUMNS } from '../../src/views/csv/tickets-csv.js';
import { GIULIA, MARIA, PAOLO, STUDENT, useAppHarness } from '../support/app-harness.js';
import { parseCsv } from '../support/csv-parse.js';
import { openTicketInSlack } from '../support/flows.js';
import { decodePng } from '../support/png-decode.js';

const h = useAppHarness();

const maria = { kind: 'slack', userId: MARIA } as const;

/** Two helpdesk tickets: one answered, closed and rated 4; one still new. */
async function twoTickets(): Promise<[string, string]> {
  const solved = await openTicketInSlack(h, STUDENT, { subject: 'Stampante, "guasta", =SUM(A1)' });
  const waiting = await openTicketInSlack(h, STUDENT, { subject: 'VPN' });
  const { desk } = h.sportello;
  await desk.claimTicket(maria, solved);
  await desk.addArticle(maria, solved, { kind: 'reply', channel: 'slack', body: 'Fatto.' });
  await desk.closeTicket(maria, solved, { state: 'closed_successful' });
  await desk.rateTicket({ kind: 'slack', userId: slackUserIdOf(STUDENT) }, ticketNumberOf(solved), 4);
  return [solved, waiting];
}

async function command(userId: string, text: string) {
  const response = await h.slack.command({ text, userId, channelId: 'C0GENERAL1' });
  expect(response.status).toBe(200);
  return response;
}

/** The file shared into `userId`'s DM whose name ends with `extension`, once the upload completes. */
async function fileInDm(userId: string, extension: string): Promise<FakeFile & { bytes: Buffer }> {
  const dm = h.fake.dmChannelOf(userId);
  return h.fake.waitFor(
    () => {
      const file = h.fake
        .files()
        .find((f) => f.completed && f.name.endsWith(extension) && f.shares.some((s) => s.channel === dm));
      return file?.bytes ? { ...file, bytes: file.bytes } : undefined;
    },
    5000,
    `a ${extension} file in ${dm}`,
  );
}

describe('/ticket stats', () => {
  it('answers an operator privately with the figures, and puts the chart in their DM', async () => {
    await twoTickets();
    const response = await command(MARIA, 'stats');
    const body = response.json<{ response_type: string; text: string; blocks: unknown[] }>();
    expect(body.response_type).toBe('ephemeral');
    const text = messageText(body.blocks);
    expect(text).toContain('Statistiche: tutte le tue code');
    expect(text).toMatch(/\*Aperti\*\n2/);
    expect(text).toMatch(/\*Chiusi\*\n1/);
    expect(text).toContain('★ 4/5 (1)');
    expect(text).toContain('<@U0MARIA001>');

    const chart = await fileInDm(MARIA, '.png');
    const png = decodePng(chart.bytes);
    expect(png.width).toBeGreaterThan(600);
    const share = h.fake.messages(h.fake.dmChannelOf(MARIA)).find((m) => m.files);
    expect(share?.text).toContain('Aperti e chiusi per giorno');
    expect(h.fake.calls('files.getUploadURLExternal')[0]?.args).toMatchObject({
      filename: expect.stringMatching(/\.png$/),
    });
  });

  it('takes a queue and a period, in either order, and refuses unknown ones politely', async () => {
    await twoTickets();
    const one = messageText(
      (await command(MARIA, 'stats oggi helpdesk')).json<{ blocks: unknown[] }>().blocks,
    );
    expect(one).toContain('Statistiche: Helpdesk informatico');
    const range = messageText(
      (await command(MARIA, 'stats 2026-01-01..2026-01-31')).json<{ blocks: unknown[] }>().blocks,
    );
    expect(range).toContain('01/01/2026 – 31/01/2026');
    expect(range).toMatch(/\*Aperti\*\n0/);

    const badPeriod = await command(MARIA, 'stats helpdesk lastyear');
    expect(badPeriod.body).toBe('');
    const told = await h.fake.waitFor(() => h.fake.ephemerals('C0GENERAL1').find((e) => e.user === MARIA));
    expect(messageText(told)).toContain('Non conosco il periodo «lastyear»');

    await command(MARIA, 'stats didattica');
    await h.fake.waitFor(() => h.fake.ephemerals('C0GENERAL1').filter((e) => e.user === MARIA).length === 2);
  });

  it('is for operators only', async () => {
    const response = await command(STUDENT, 'stats');
    expect(response.body).toBe('');
    const refusal = await h.fake.waitFor(() =>
      h.fake.ephemerals('C0GENERAL1').find((e) => e.user === STUDENT),
    );
    expect(messageText(refusal)).toContain('not allowed');
    expect(h.fake.files()).toEqual([]);
  });

  it('shows operators the last 7 days in App Home', async () => {
    await twoTickets();
    await h.slack.appHomeOpened(MARIA);
    const home = await h.fake.waitFor(() => h.fake.homeView(MARIA));
    expect(messageText(home.blocks)).toContain('Ultimi 7 giorni');
    await h.slack.appHomeOpened(STUDENT);
    const customerHome = await h.fake.waitFor(() => h.fake.homeView(STUDENT));
    expect(messageText(customerHome.blocks)).not.toContain('Last 7 days');
    // Giulia reads and annotates helpdesk: her queue, without its figures (they need rw).
    await h.slack.appHomeOpened(GIULIA);
    const readerHome = await h.fake.waitFor(() => h.fake.homeView(GIULIA));
    expect(messageText(readerHome.blocks)).toContain('Helpdesk informatico');
    expect(messageText(readerHome.blocks)).not.toContain('Ultimi 7 giorni');
  });
});

describe('/ticket export', () => {
  it('uploads the tickets as a CSV into the operator’s DM, which parses back', async () => {
    const [solved, waiting] = await twoTickets();
    const response = await command(MARIA, 'export helpdesk 7d');
    expect(messageText(response.json<{ blocks: unknown[] }>().blocks)).toContain(
      'Preparo i ticket di Helpdesk informatico',
    );

    const file = await fileInDm(MARIA, '.csv');
    expect(file.name).toMatch(/^sportello-tickets-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = file.bytes.toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(csv.slice(1));
    expect(header).toEqual([...TICKET_CSV_COLUMNS]);
    expect(rows.map((r) => r[0])).toEqual([solved, waiting]);
    const column = (name: (typeof TICKET_CSV_COLUMNS)[number]) => TICKET_CSV_COLUMNS.indexOf(name);
    const first = rows[0] ?? [];
    expect(first[column('title')]).toBe('Stampante, "guasta", =SUM(A1)');
    expect(first[column('state')]).toBe('closed_successful');
    expect(first[column('owner')]).toBe('Maria Rossi');
    expect(first[column('rating')]).toBe('4');
    expect(first[column('first_response_sla_met')]).toBe('yes');
    expect(rows[1]?.[column('closed')]).toBe('');
    const share = h.fake.messages(h.fake.dmChannelOf(MARIA)).find((m) => m.files);
    expect(share?.text).toContain('Ticket di Helpdesk informatico');
    expect(h.fake.calls().map((c) => c.method)).toEqual(
      expect.arrayContaining([
        'conversations.open',
        'files.getUploadURLExternal',
        'files.completeUploadExternal',
      ]),
    );
  });

  it('says so when there is nothing to export, and refuses queues the operator cannot read', async () => {
    await twoTickets();
    const empty = await command(PAOLO, 'export didattica oggi');
    expect(messageText(empty.json<{ blocks: unknown[] }>().blocks)).toContain(
      'No ticket was opened or closed',
    );
    const refused = await command(PAOLO, 'export helpdesk');
    expect(refused.body).toBe('');
    await h.fake.waitFor(() => h.fake.ephemerals('C0GENERAL1').find((e) => e.user === PAOLO));
    expect(h.fake.files()).toEqual([]);
  });
});
