import { describe, expect, it } from 'vitest';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import { ACTIONS, INPUTS } from '../../src/views/ids.js';
import { APP_TOKEN, MARIA, STUDENT, startAppHarness, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import {
  dmOf,
  HELPDESK_CHANNEL,
  openedView,
  openFormOnCard,
  openTicketInSlack,
  pressOnCard,
  waitForCard,
  waitForMessageWith,
} from '../support/flows.js';

const h = useAppHarness(TEST_CONFIG, { transport: 'socket mode' });

const maria = { kind: 'slack', userId: MARIA } as const;

/** What became of each `apps.connections.open` call: `ok`, `http_500`, `ratelimited`... */
function linkRequests(): string[] {
  return h.fake.calls('apps.connections.open').map((call) => call.error ?? 'ok');
}

describe('Socket Mode', () => {
  it("a ticket's whole life runs down the link, across Slack's refresh; every envelope is acknowledged once, by its id", async () => {
    await h.fake.socketMode.waitForConnection(1);
    const number = await openTicketInSlack(h, STUDENT);
    await pressOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.claim);
    await waitForCard(h, HELPDESK_CHANNEL, number, (text) => text.includes('<@U0MARIA001>'));

    h.fake.socketMode.refresh();
    await h.fake.socketMode.waitForConnection(2);

    const receipt = await h.fake.waitFor(() =>
      dmOf(h, STUDENT).find((m) => (m.thread_ts ?? m.ts) === m.ts && messageText(m).includes(number)),
    );
    await h.slack.messageEvent({
      channel: h.fake.dmChannelOf(STUDENT),
      user: STUDENT,
      text: 'Da casa funziona, in aula no.',
      threadTs: receipt.ts,
    });
    await waitForMessageWith(h, HELPDESK_CHANNEL, 'Da casa funziona, in aula no.');

    const form = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.close);
    const closed = await h.slack.viewSubmission({
      userId: MARIA,
      view: form,
      values: {
        [INPUTS.closeState]: {
          [INPUTS.closeState]: {
            type: 'radio_buttons',
            selected_option: { value: 'closed_successful', text: 'closed_successful' },
          },
        },
        [INPUTS.message]: { [INPUTS.message]: { type: 'plain_text_input', value: 'Risolto in aula.' } },
      },
    });
    expect(closed.body).toBe('');
    await waitForMessageWith(h, h.fake.dmChannelOf(STUDENT), 'Risolto in aula.');
    await waitForCard(h, HELPDESK_CHANNEL, number, (text) => text.includes('chiuso con successo'));
    expect((await h.sportello.desk.getTicket(maria, number)).ticket.state).toBe('closed_successful');

    const envelopes = h.fake.socketMode.envelopes();
    expect(new Set(envelopes.map((envelope) => envelope.type))).toEqual(
      new Set(['slash_commands', 'interactive', 'events_api']),
    );
    expect(envelopes.filter((envelope) => envelope.ack === undefined)).toEqual([]);
    expect(new Set(envelopes.map((envelope) => envelope.connection))).toEqual(new Set([1, 2]));
    expect(h.fake.socketMode.problems()).toEqual([]);
    // A new link for the refresh, asked with the app-level token; every other call with the bot token.
    expect(linkRequests()).toEqual(['ok', 'ok']);
    expect(h.fake.calls('apps.connections.open').map((call) => call.token)).toEqual([APP_TOKEN, APP_TOKEN]);
    expect(h.fake.calls().filter((call) => call.failed)).toEqual([]);
  });

  it('a link the network drops is opened again, and a /ticket sent meanwhile opens its form', async () => {
    await h.fake.socketMode.waitForConnection(1);
    h.fake.socketMode.drop();
    const triggerId = h.slack.triggerId();
    const command = await h.slack.command({
      text: 'Stampante guasta',
      userId: STUDENT,
      channelId: 'C0GENERAL1',
      triggerId,
    });
    expect(command.status).toBe(200);
    expect(JSON.stringify((await openedView(h, triggerId)).blocks)).toContain('Stampante guasta');
    expect(h.fake.socketMode.envelopes().at(-1)?.connection).toBe(2);
    expect(linkRequests()).toEqual(['ok', 'ok']);
  });

  it("when Slack fails to open the new link during a refresh (HTTP 500, then rate limited), the desk tries again, waiting longer each time and at least Slack's Retry-After, and stays up", async () => {
    await h.fake.socketMode.waitForConnection(1);
    h.fake.failNext('apps.connections.open', { status: 500 });
    h.fake.failNext('apps.connections.open', { status: 429, retryAfter: 3 });
    h.fake.socketMode.refresh();
    await h.fake.socketMode.waitForConnection(2, 15_000);
    expect(linkRequests()).toEqual(['ok', 'http_500', 'ratelimited', 'ok']);
    const [, failed, limited, opened] = h.fake.calls('apps.connections.open').map((call) => call.at);
    expect((limited ?? 0) - (failed ?? 0)).toBeGreaterThanOrEqual(900);
    expect((opened ?? 0) - (limited ?? 0)).toBeGreaterThanOrEqual(2900);
    expect(h.logs.join('\n')).toContain('reconnecting to Slack failed');

    const number = await openTicketInSlack(h, STUDENT);
    await waitForMessageWith(h, h.fake.dmChannelOf(STUDENT), `Ticket#${number}`);
  });

  it('stopping while a new link is awaited ends the wait: no link is opened after the stop', async () => {
    const app = await startAppHarness(TEST_CONFIG, { transport: 'socket mode' });
    try {
      await app.fake.socketMode.waitForConnection(1);
      app.fake.failNext('apps.connections.open', { status: 500 });
      app.fake.socketMode.refresh();
      await app.fake.waitForCall('apps.connections.open', (_args, call) => call.failed);
      await app.sportello.stop();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(app.fake.calls('apps.connections.open')).toHaveLength(2);
      expect(app.fake.socketMode.connections()).toHaveLength(1);
    } finally {
      await app.stop();
    }
  });
});
