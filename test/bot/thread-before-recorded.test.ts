import { describe, expect, it } from 'vitest';
import { ticketNumberOf } from '../../src/core/model.js';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import { MARIA, STUDENT, TRANSPORTS, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import {
  cardOf,
  HELPDESK_CHANNEL,
  outboxSettled,
  submitTicketForm,
  ticketNumberIn,
  waitForMessageWith,
} from '../support/flows.js';

/**
 * Slack shows a post, and tells of replies in its thread, as soon as it took it: a person can answer a card
 * or a DM receipt before the app heard back from Slack and recorded where the post is. The reply still
 * lands on its ticket, and nothing is posted twice once the app hears back.
 */
describe.each(TRANSPORTS)(
  'over %s: a reply in a thread whose post the app has not recorded yet',
  (transport) => {
    const h = useAppHarness(TEST_CONFIG, { transport });
    const maria = { kind: 'slack', userId: MARIA } as const;

    async function written(number: string) {
      return (await h.sportello.desk.getTicket(maria, ticketNumberOf(number))).articles.filter(
        (a) => a.senderType !== 'system',
      );
    }

    it("an operator answering the card at once: the message is the ticket's internal note", async () => {
      const release = h.fake.holdAnswers(
        'chat.postMessage',
        (args) => args.channel === HELPDESK_CHANNEL && args.thread_ts === undefined,
      );
      const card = await submitTicketForm(h, STUDENT);
      const number = ticketNumberIn(messageText(card));
      await h.slack.messageEvent({
        channel: HELPDESK_CHANNEL,
        user: MARIA,
        text: 'Lo prendo io, controllo il RADIUS',
        threadTs: card.ts,
        parentUserId: h.fake.botUserId,
      });
      // Slack has still not answered the card's post: the note lands all the same.
      const note = await h.fake.waitFor(async () =>
        (await written(number)).find((a) => a.body === 'Lo prendo io, controllo il RADIUS'),
      );
      expect(note.customerVisible).toBe(false);
      expect(note.authorName).toBe('Maria Rossi');
      release();
      await outboxSettled(h);
      const cards = h.fake
        .messages(HELPDESK_CHANNEL)
        .filter((m) => messageText(m).includes(`Ticket#${number}`));
      expect(cards.filter((m) => (m.thread_ts ?? m.ts) === m.ts)).toHaveLength(1);
      // The thread is the ticket's for good: a later message lands too, once.
      await h.slack.messageEvent({
        channel: HELPDESK_CHANNEL,
        user: MARIA,
        text: 'RADIUS a posto',
        threadTs: cardOf(h, HELPDESK_CHANNEL, number)?.ts,
        parentUserId: h.fake.botUserId,
      });
      await h.fake.waitFor(async () => (await written(number)).find((a) => a.body === 'RADIUS a posto'));
      expect((await written(number)).map((a) => a.body)).toEqual([
        'Da ieri non mi connetto.',
        'Lo prendo io, controllo il RADIUS',
        'RADIUS a posto',
      ]);
    });

    it("a customer answering their DM receipt at once: the message reaches the ticket and the queue's thread", async () => {
      const release = h.fake.holdAnswers(
        'chat.postMessage',
        (args) => args.channel === STUDENT && args.thread_ts === undefined,
      );
      const card = await submitTicketForm(h, STUDENT);
      const number = ticketNumberIn(messageText(card));
      const dm = h.fake.dmChannelOf(STUDENT);
      const receipt = await h.fake.waitFor(() =>
        h.fake.messages(dm).find((m) => m.thread_ts === undefined && messageText(m).includes(number)),
      );
      await h.slack.messageEvent({
        channel: dm,
        user: STUDENT,
        text: 'Dimenticavo: uso un Mac.',
        threadTs: receipt.ts,
        parentUserId: h.fake.botUserId,
      });
      const followUp = await h.fake.waitFor(async () =>
        (await written(number)).find((a) => a.body === 'Dimenticavo: uso un Mac.'),
      );
      expect(followUp.senderType).toBe('customer');
      release();
      const copy = await waitForMessageWith(h, HELPDESK_CHANNEL, 'Dimenticavo: uso un Mac.');
      expect(copy.thread_ts).toBe(cardOf(h, HELPDESK_CHANNEL, number)?.ts);
      await outboxSettled(h);
      const receipts = h.fake.messages(dm).filter((m) => (m.thread_ts ?? m.ts) === m.ts);
      expect(receipts).toHaveLength(1);
    });
  },
);
