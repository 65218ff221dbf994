import { describe, expect, it } from 'vitest';
import { type FakeView, messageText } from '../../src/fake-slack/fake-slack.js';
import { ACTIONS } from '../../src/views/ids.js';
import { MARIA, PAOLO, STUDENT, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import { HELPDESK_CHANNEL, openTicketInSlack, waitForCard } from '../support/flows.js';

const DIDATTICA_CHANNEL = 'C0DIDATTIC';
const BIBLIOTECA_CHANNEL = 'C0BIBLIOTE';

/**
 * A customer whose request was closed sees it in App Home for 30 days, with its state and rating, and can
 * say it is still a problem: reopened or followed by a new ticket as its queue says, refused where it says no.
 */
describe('App Home: recently closed requests', () => {
  const h = useAppHarness(TEST_CONFIG);
  const student = { kind: 'slack', userId: STUDENT } as const;

  /** App Home as the student sees it once it shows `text`. */
  async function homeWith(text: string): Promise<FakeView> {
    await h.slack.appHomeOpened(STUDENT);
    return h.fake.waitFor(
      () => {
        const home = h.fake.homeView(STUDENT);
        return home && messageText(home.blocks).includes(text) ? home : undefined;
      },
      5000,
      `App Home showing "${text}"`,
    );
  }

  /** Presses "Still a problem" for `number` in App Home. */
  function pressStillAProblem(home: FakeView, number: string) {
    return h.slack.blockAction({
      userId: STUDENT,
      actionId: ACTIONS.stillAProblem,
      value: number,
      view: home,
    });
  }

  it('shows a closed request with its state and rating, and "Still a problem" reopens it', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    await h.sportello.desk.closeTicket({ kind: 'slack', userId: MARIA }, number, {
      state: 'closed_successful',
    });
    await h.sportello.desk.rateTicket(student, number, 4);
    const home = await homeWith('Closed in the last 30 days');
    const shown = messageText(home.blocks);
    expect(shown).toContain(`Ticket#${number}`);
    expect(shown).toContain('Eduroam non funziona');
    expect(shown).toContain('rated ★★★★');
    const response = await pressStillAProblem(home, number);
    expect(response.status).toBe(200);
    await h.fake.waitFor(async () =>
      (await h.sportello.desk.getTicket(student, number)).ticket.state === 'open' ? true : undefined,
    );
    // The operators see it back, with the customer's words in the thread; App Home lists it as open again.
    await waitForCard(
      h,
      HELPDESK_CHANNEL,
      number,
      (text) => text.includes('aperto') && !text.includes('chiuso'),
    );
    await h.fake.waitFor(() => {
      const again = h.fake.homeView(STUDENT);
      const text = again ? messageText(again.blocks) : '';
      return !text.includes('Closed in the last') && text.includes(number) ? true : undefined;
    });
    const articles = (await h.sportello.desk.getTicket(student, number)).articles;
    const said = articles.filter((a) => a.senderType === 'customer').at(-1);
    expect(said?.body).toContain('The problem is still there');
  });

  it('opens a new linked ticket where the queue follows up closed requests with a new one', async () => {
    const number = await openTicketInSlack(h, STUDENT, { queue: 'biblioteca' }, BIBLIOTECA_CHANNEL);
    await h.sportello.desk.closeTicket({ kind: 'slack', userId: PAOLO }, number, {
      state: 'closed_successful',
    });
    const home = await homeWith(number);
    await pressStillAProblem(home, number);
    const linked = await h.fake.waitFor(async () => {
      const links = (await h.sportello.desk.getTicket(student, number)).links;
      return links.followedUpBy[0];
    });
    expect((await h.sportello.desk.getTicket(student, number)).ticket.state).toBe('closed_successful');
    await waitForCard(h, BIBLIOTECA_CHANNEL, linked, (text) => text.includes(linked));
  });

  it('where the queue takes nothing back, says so instead of offering the button, and refuses a stale press', async () => {
    const number = await openTicketInSlack(h, STUDENT, { queue: 'didattica' }, DIDATTICA_CHANNEL);
    await h.sportello.desk.closeTicket({ kind: 'slack', userId: PAOLO }, number, {
      state: 'closed_successful',
    });
    const home = await homeWith(number);
    expect(messageText(home.blocks)).toContain(
      'Segreteria didattica does not take a request back once it is closed',
    );
    expect(JSON.stringify(home.blocks)).not.toContain(ACTIONS.stillAProblem);
    await pressStillAProblem(home, number);
    const refusal = await h.fake.waitFor(() =>
      h.fake
        .messages(h.fake.dmChannelOf(STUDENT))
        .find((m) => messageText(m).includes('does not take a request back')),
    );
    expect(messageText(refusal)).toContain(`Ticket#${number} stays closed`);
    expect((await h.sportello.desk.getTicket(student, number)).ticket.state).toBe('closed_successful');
  });
});
