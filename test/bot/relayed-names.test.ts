import { describe, expect, it } from 'vitest';
import { FAKE_AVATAR_BASE, messageText } from '../../src/fake-slack/fake-slack.js';
import { ACTIONS, INPUTS } from '../../src/views/ids.js';
import { MARIA, STUDENT, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import {
  cardOf,
  dmOf,
  HELPDESK_CHANNEL,
  openFormOnCard,
  openTicketInSlack,
  waitForMessageWith,
} from '../support/flows.js';

/** Messages the app relays show who wrote them, not "Sportello": the name and picture of the person. */
describe('relayed messages carry their writer', () => {
  const h = useAppHarness(TEST_CONFIG);

  it("a customer's message in the queue thread shows their name and Slack picture", async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const receipt = await h.fake.waitFor(() =>
      dmOf(h, STUDENT).find((m) => (m.thread_ts ?? m.ts) === m.ts && messageText(m).includes(number)),
    );
    await h.slack.messageEvent({
      channel: h.fake.dmChannelOf(STUDENT),
      user: STUDENT,
      text: 'Il portatile è un Dell.',
      threadTs: receipt.ts,
    });
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    const relayed = await h.fake.waitFor(() =>
      h.fake
        .thread(HELPDESK_CHANNEL, card?.ts ?? '')
        .find((m) => messageText(m).includes('Il portatile è un Dell.')),
    );
    const customer = (await h.sportello.desk.getTicket({ kind: 'slack', userId: MARIA }, number)).customer;
    expect(relayed.username).toBe(customer.name);
    expect(relayed.icons?.image_48).toBe(`${FAKE_AVATAR_BASE}${STUDENT}_192.png`);
  });

  it("an operator's reply reaches the customer's DM under the operator's name and the queue's", async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.reply);
    const reply = 'Prova a ricollegarti con le credenziali di ateneo.';
    const response = await h.slack.viewSubmission({
      userId: MARIA,
      view,
      values: { [INPUTS.body]: { [INPUTS.body]: { type: 'plain_text_input', value: reply } } },
    });
    expect(response.body).toBe('');
    const dm = await waitForMessageWith(h, h.fake.dmChannelOf(STUDENT), reply);
    expect(dm.username).toBe('Maria Rossi (Helpdesk informatico)');
    expect(dm.icons?.image_48).toBe(`${FAKE_AVATAR_BASE}${MARIA}_192.png`);
    // The desk's own notices keep the app's name.
    const receipt = dmOf(h, STUDENT).find((m) => messageText(m).includes(number));
    expect(receipt?.username).toBeUndefined();
  });
});
