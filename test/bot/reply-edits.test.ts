import { describe, expect, it } from 'vitest';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import { ACTIONS, INPUTS } from '../../src/views/ids.js';
import { MARIA, STUDENT, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import {
  cardOf,
  dmOf,
  HELPDESK_CHANNEL,
  openedView,
  openTicketInSlack,
  outboxSettled,
  pressOnCard,
} from '../support/flows.js';

/**
 * An operator writes in the card's thread and sends that message to the customer ("Send to customer"): the
 * customer got the message itself, so when the operator edits or deletes it afterwards, the customer's DM
 * copy of the reply follows. A reply rewritten in the form before it went out is the operator's own and
 * stays as sent.
 */
describe("an operator's reply sent from the queue thread, edited or deleted there", () => {
  const h = useAppHarness(TEST_CONFIG);

  /** Maria writes `text` in the card's thread and sends it to the customer, the form's text `sentText`. */
  async function sendFromThread(number: string, text: string, sentText = text) {
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    const sent = await h.slack.messageEvent({
      channel: HELPDESK_CHANNEL,
      user: MARIA,
      text,
      threadTs: card?.ts,
    });
    const triggerId = h.slack.triggerId();
    await h.slack.messageShortcut({
      userId: MARIA,
      callbackId: 'sportello_send_to_customer',
      channelId: HELPDESK_CHANNEL,
      message: { ts: sent.ts, user: MARIA, text, thread_ts: card?.ts },
      triggerId,
    });
    const view = await openedView(h, triggerId);
    const response = await h.slack.viewSubmission({
      userId: MARIA,
      view,
      values: { [INPUTS.body]: { [INPUTS.body]: { type: 'plain_text_input', value: sentText } } },
    });
    expect(response.body).toBe('');
    await h.fake.waitFor(() => dmCopies(sentText)[0], 5000, 'the reply in the DM');
    return { ts: sent.ts, threadTs: card?.ts };
  }

  function dmCopies(text: string) {
    return dmOf(h, STUDENT).filter((m) => messageText(m).includes(text));
  }

  function threadEdit(message: { ts: string; threadTs?: string }, text: string, previousText: string) {
    return h.slack.messageEvent({
      channel: HELPDESK_CHANNEL,
      user: MARIA,
      subtype: 'message_changed',
      ts: message.ts,
      threadTs: message.threadTs,
      text,
      previousText,
    });
  }

  async function claimed() {
    const number = await openTicketInSlack(h, STUDENT);
    await pressOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.claim);
    await outboxSettled(h);
    return number;
  }

  it("an edit of the message reaches the customer's DM copy, in place", async () => {
    const number = await claimed();
    const message = await sendFromThread(number, 'Riavvia il router alle 18.');
    const before = dmOf(h, STUDENT).length;
    await threadEdit(message, 'Riavvia il router alle 19.', 'Riavvia il router alle 18.');
    await h.fake.waitFor(
      () => dmCopies('Riavvia il router alle 19.')[0],
      5000,
      'the DM copy to read the edit',
    );
    await outboxSettled(h);
    expect(dmCopies('Riavvia il router alle 18.')).toHaveLength(0);
    // The same DM message, rewritten: nothing new posted to the customer.
    expect(dmOf(h, STUDENT)).toHaveLength(before);
  });

  it('a deletion of the message withdraws the reply: the DM copy says so, its text gone', async () => {
    const number = await claimed();
    const message = await sendFromThread(number, 'Il codice temporaneo è 4711.');
    await h.slack.messageEvent({
      channel: HELPDESK_CHANNEL,
      user: MARIA,
      subtype: 'message_deleted',
      ts: message.ts,
      threadTs: message.threadTs,
      previousText: 'Il codice temporaneo è 4711.',
    });
    // Sofia reads English.
    await h.fake.waitFor(() => dmCopies('This message was withdrawn.')[0], 5000, 'the DM copy withdrawn');
    await outboxSettled(h);
    expect(dmCopies('4711')).toHaveLength(0);
  });

  it('a reply rewritten in the form stays as sent when the thread message is edited', async () => {
    const number = await claimed();
    const message = await sendFromThread(
      number,
      'bozza: password scaduta?',
      'La password è scaduta: rinnovala.',
    );
    await threadEdit(message, 'bozza: password scaduta, confermato', 'bozza: password scaduta?');
    // The note follows its message; the reply the customer got does not.
    const desk = { kind: 'system', label: 'test' } as const;
    await h.fake.waitFor(async () =>
      (await h.sportello.desk.getTicket(desk, number)).articles.find(
        (a) => a.body === 'bozza: password scaduta, confermato',
      ),
    );
    await outboxSettled(h);
    expect(dmCopies('La password è scaduta: rinnovala.')).toHaveLength(1);
    expect(dmCopies('bozza')).toHaveLength(0);
  });
});
