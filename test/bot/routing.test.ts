import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SlackUserId } from '../../src/core/model.js';
import { FAKE_SLACK_DEFAULTS, messageText } from '../../src/fake-slack/fake-slack.js';
import { LUCA, MARIA, PAOLO, STUDENT, useAppHarness } from '../support/app-harness.js';
import { cardOf, HELPDESK_CHANNEL, openTicketInSlack, waitForCard } from '../support/flows.js';
import { BIBLIOTECA_CHANNEL, ROUTING_CONFIG } from '../support/routing-config.js';

// Slack is asked about presence every 100 ms, so a change there is heard within the test's patience.
const h = useAppHarness(ROUTING_CONFIG, { presenceIntervalMs: 100 });
// The desk's clock stands hours before the real time, so what it writes to the outbox is due for the workers
// (on the real clock) also after the tests move the desk's time on.
beforeEach(() => {
  h.clock.set(new Date(Date.now() - 6 * 3_600_000));
});

/** The card of the ticket once it names its owner (a mention of their Slack id). */
async function cardOwnedBy(channel: string, number: string, owner: string) {
  return waitForCard(
    h,
    channel,
    number,
    (text) => text.includes(`<@${owner}>`),
    `${number} owned by ${owner}`,
  );
}

function dmWith(userId: string, text: string) {
  return h.fake.waitFor(
    () => h.fake.messages(h.fake.dmChannelOf(userId)).find((m) => messageText(m).includes(text)),
    5000,
    `a DM to ${userId} with ${text}`,
  );
}

async function command(userId: string, text: string): Promise<string> {
  const response = await h.slack.command({ text, userId, channelId: 'C0GENERAL1' });
  expect(response.status).toBe(200);
  return messageText(response.json());
}

async function home(userId: string, check: (text: string) => boolean) {
  const before = h.fake.homeView(userId);
  await h.slack.appHomeOpened(userId);
  return h.fake.waitFor(() => {
    const view = h.fake.homeView(userId);
    return view && view !== before && check(messageText(view)) ? view : undefined;
  });
}

describe('round robin, end to end', () => {
  it('gives each new ticket to the next operator, who is told by DM; the card names them', async () => {
    const owners = [MARIA, LUCA, PAOLO, MARIA];
    const numbers: string[] = [];
    for (const owner of owners) {
      const number = await openTicketInSlack(h, STUDENT);
      numbers.push(number);
      await cardOwnedBy(HELPDESK_CHANNEL, number, owner);
    }
    for (const [userId, number] of [
      [MARIA, numbers[0]],
      [LUCA, numbers[1]],
      [PAOLO, numbers[2]],
    ] as const) {
      const dm = await dmWith(userId, `Ticket#${number}`);
      expect(messageText(dm)).toContain('was assigned to you automatically');
    }
    // The lead sees the balance on App Home.
    await home(PAOLO, (text) => text.includes('Helpdesk informatico · round robin'));
    expect(messageText(h.fake.homeView(PAOLO))).toContain('Luca Verdi 1 · Maria Rossi 2 · Paolo Ricci 1');
  });

  it('a claim nobody touched within the timeout goes to the next operator', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    await cardOwnedBy(HELPDESK_CHANNEL, number, MARIA);
    h.clock.advance(31 * 60_000);
    await cardOwnedBy(HELPDESK_CHANNEL, number, LUCA);
    expect(messageText(await dmWith(MARIA, 'went to another operator'))).toContain(`Ticket#${number}`);
    expect(messageText(await dmWith(LUCA, `Ticket#${number}`))).toContain('assigned to you automatically');
    expect(messageText(cardOf(h, HELPDESK_CHANNEL, number))).not.toContain(`<@${MARIA}>`);
  });
});

describe('away and back, end to end', () => {
  it('/ticket away and /ticket back: skipped meanwhile, App Home shows it and toggles it', async () => {
    expect(await command(PAOLO, 'away')).toContain('You are away until you write');
    const first = await openTicketInSlack(h, STUDENT);
    await cardOwnedBy(HELPDESK_CHANNEL, first, MARIA);
    const second = await openTicketInSlack(h, STUDENT);
    await cardOwnedBy(HELPDESK_CHANNEL, second, LUCA);

    const away = await home(PAOLO, (text) => text.includes('You are away'));
    await h.slack.blockAction({ userId: PAOLO, actionId: 'home_back', value: 'back', view: away });
    await h.fake.waitFor(() => messageText(h.fake.homeView(PAOLO)).includes('You are available'));
    const third = await openTicketInSlack(h, STUDENT);
    await cardOwnedBy(HELPDESK_CHANNEL, third, PAOLO);
    const fourth = await openTicketInSlack(h, STUDENT);
    await cardOwnedBy(HELPDESK_CHANNEL, fourth, MARIA);

    const here = h.fake.homeView(PAOLO);
    if (!here) throw new Error('no App Home');
    await h.slack.blockAction({ userId: PAOLO, actionId: 'home_away', value: 'away', view: here });
    await h.fake.waitFor(() => messageText(h.fake.homeView(PAOLO)).includes('You are away'));
    expect(await command(PAOLO, 'back')).toContain('Welcome back');
  });

  it('/ticket away <time>: skipped until then, counted on again once it has passed', async () => {
    const inTwoHours = new Date(h.clock.now().getTime() + 2 * 3_600_000);
    const hhmm = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Rome',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(inTwoHours);
    expect(await command(PAOLO, `away ${hhmm}`)).toMatch(/You are away until .*\d\d:\d\d/);
    await h.slack.command({ text: 'away 2020-01-01', userId: PAOLO, channelId: 'C0GENERAL1' });
    const refusal = await h.fake.waitFor(() => h.fake.ephemerals('C0GENERAL1').find((e) => e.user === PAOLO));
    expect(messageText(refusal)).toContain('not a time still to come');
    for (const owner of [MARIA, LUCA, MARIA]) {
      await cardOwnedBy(HELPDESK_CHANNEL, await openTicketInSlack(h, STUDENT), owner);
    }
    h.clock.advance(2 * 3_600_000 + 60_000);
    await home(PAOLO, (text) => text.includes('You are available'));
    // In three turns (the claims above timed out meanwhile and moved on too) Paolo has his again.
    const owners: string[] = [];
    for (let i = 0; i < 3; i++) {
      const number = await openTicketInSlack(h, STUDENT);
      const card = await waitForCard(h, HELPDESK_CHANNEL, number, (text) => /<@U0[A-Z0-9]+>/.test(text));
      owners.push(messageText(card));
    }
    expect(owners.some((text) => text.includes(`<@${PAOLO}>`))).toBe(true);
  });
});

describe('least open and Slack presence, end to end', () => {
  it('passes over whom Slack shows away, and nobody once Slack cannot be asked', async () => {
    const { agents } = h.tables;
    const presenceOf = async (slackUserId: SlackUserId) =>
      (await h.db.select().from(agents).where(eq(agents.slackUserId, slackUserId)))[0]?.slackPresence;
    h.fake.setPresence(MARIA, 'away');
    await h.fake.waitFor(async () => (await presenceOf(MARIA)) === 'away');
    expect(h.fake.calls('users.getPresence').map((c) => c.args.user)).toEqual(
      expect.arrayContaining([MARIA, LUCA, PAOLO]),
    );

    const open = (subject: string) =>
      openTicketInSlack(h, STUDENT, { queue: 'biblioteca', subject }, BIBLIOTECA_CHANNEL);
    await cardOwnedBy(BIBLIOTECA_CHANNEL, await open('Prestito scaduto'), LUCA);
    await cardOwnedBy(BIBLIOTECA_CHANNEL, await open('Tessera smarrita'), PAOLO);
    await cardOwnedBy(BIBLIOTECA_CHANNEL, await open('Sala studio'), LUCA);

    // Slack stops answering; what it said of Maria grows stale and no longer keeps tickets from her.
    h.fake.setFaultRate(1, [{ error: 'internal_error' }], 15, { methods: ['users.getPresence'] });
    h.clock.advance(11 * 60_000);
    await cardOwnedBy(BIBLIOTECA_CHANNEL, await open('Wi-Fi in biblioteca'), MARIA);
  });
});

describe('fairness over 100 tickets, end to end', () => {
  /** The open tickets of Luca, Maria and Paolo App Home shows Paolo (in English) under `heading`. */
  async function loadsOnHome(heading: string): Promise<number[]> {
    const text = messageText(await home(PAOLO, (view) => view.includes(heading)));
    const line = text
      .slice(text.indexOf(heading))
      .match(/Luca Verdi (\d+) · Maria Rossi (\d+) · Paolo Ricci (\d+)/);
    if (!line) throw new Error(`no loads under ${heading} in ${text}`);
    return line.slice(1).map(Number);
  }

  it.each([
    ['round robin', HELPDESK_CHANNEL, 'Helpdesk informatico · round robin'],
    ['least open', BIBLIOTECA_CHANNEL, 'Biblioteca · least open'],
  ])(
    '%s spreads 100 requests made in Slack within one ticket of each other',
    async (_mode, channel, heading) => {
      const { outbox, tickets } = h.tables;
      for (let i = 1; i <= 100; i++) {
        const text = `<@${FAKE_SLACK_DEFAULTS.botUserId}> richiesta numero ${i}`;
        await h.slack.appMention({ user: STUDENT, channel, text });
      }
      await h.fake.waitFor(
        async () => (await h.db.select({ id: tickets.id }).from(tickets)).length === 100,
        60_000,
        '100 tickets opened',
      );
      // The 300 cards, receipts and DMs delivered first: App Home is then read from a desk at rest.
      await h.fake.waitFor(
        async () =>
          (await h.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.status, 'pending'))).length ===
          0,
        90_000,
        'the outbox delivered',
      );
      const loads = await loadsOnHome(heading);
      expect(loads.reduce((a, b) => a + b, 0)).toBe(100);
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    },
    180_000,
  );
});
