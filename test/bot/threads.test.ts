import { describe, expect, it } from 'vitest';
import { ticketNumberOf } from '../../src/core/model.js';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import { MARIA, STUDENT, TRANSPORTS, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import { cardOf, HELPDESK_CHANNEL, openTicketInSlack, pressOnCard } from '../support/flows.js';

describe.each(TRANSPORTS)('over %s', (transport) => {
  const h = useAppHarness(TEST_CONFIG, { transport });

  const maria = { kind: 'slack', userId: MARIA } as const;

  /** What people wrote on the ticket (the desk's own notices, also articles, left out). */
  async function written(number: string) {
    return (await h.sportello.desk.getTicket(maria, ticketNumberOf(number))).articles.filter(
      (a) => a.senderType !== 'system',
    );
  }

  /** The customer's DM receipt: the message their thread hangs from. */
  async function receipt(number: string) {
    const dm = h.fake.dmChannelOf(STUDENT);
    return h.fake.waitFor(() =>
      // Top-level: no thread_ts, or its own ts once notices are threaded under it.
      h.fake.messages(dm).find((m) => (m.thread_ts ?? m.ts) === m.ts && messageText(m).includes(number)),
    );
  }

  describe('messages in ticket threads', () => {
    it("an operator's message in the card's thread is an internal note, stored once even when Slack retries", async () => {
      const number = await openTicketInSlack(h, STUDENT);
      const card = cardOf(h, HELPDESK_CHANNEL, number);
      const sent = await h.slack.messageEvent({
        channel: HELPDESK_CHANNEL,
        user: MARIA,
        text: 'Controllo i log del RADIUS <!here>',
        threadTs: card?.ts,
      });
      const note = async () => (await written(number)).find((a) => a.body.startsWith('Controllo'));
      await h.fake.waitFor(note);
      await h.slack.replay(sent, { retryNum: 1, retryReason: 'http_timeout' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await written(number)).filter((a) => a.body.startsWith('Controllo'))).toHaveLength(1);
      expect((await note())?.customerVisible).toBe(false);
      expect((await note())?.authorName).toBe('Maria Rossi');
      const customerDm = h.fake.messages(h.fake.dmChannelOf(STUDENT)).map(messageText).join('\n');
      expect(customerDm).not.toContain('Controllo');
    });

    it("the customer's reply in their DM thread becomes a customer article, relayed to the queue thread and the owner", async () => {
      const number = await openTicketInSlack(h, STUDENT);
      await pressOnCard(h, MARIA, HELPDESK_CHANNEL, number, 'ticket_claim');
      await h.fake.waitFor(async () => (await h.sportello.desk.getTicket(maria, number)).owner);
      const dm = h.fake.dmChannelOf(STUDENT);
      const parent = await receipt(number);
      await h.slack.messageEvent({
        channel: dm,
        user: STUDENT,
        text: 'Ho provato da casa: funziona.',
        threadTs: parent.ts,
      });
      const card = cardOf(h, HELPDESK_CHANNEL, number);
      const relayed = await h.fake.waitFor(() =>
        h.fake
          .thread(HELPDESK_CHANNEL, card?.ts ?? '')
          .find((m) => messageText(m).includes('Ho provato da casa')),
      );
      expect(relayed).toBeTruthy();
      await h.fake.waitFor(() =>
        h.fake.messages(h.fake.dmChannelOf(MARIA)).find((m) => messageText(m).includes('Ho provato da casa')),
      );
      const last = (await written(number)).at(-1);
      expect([last?.senderType, last?.customerVisible]).toEqual(['customer', true]);
    });

    it('a message outside any ticket thread, or by a bot, is not stored', async () => {
      const number = await openTicketInSlack(h, STUDENT);
      const card = cardOf(h, HELPDESK_CHANNEL, number);
      await h.slack.messageEvent({ channel: HELPDESK_CHANNEL, user: MARIA, text: 'top-level chat' });
      await h.slack.messageEvent({
        channel: HELPDESK_CHANNEL,
        user: 'U0OTHERBOT',
        botId: 'B0OTHER001',
        text: 'bot says',
        threadTs: card?.ts,
      });
      await h.slack.messageEvent({
        channel: 'C0RANDOM01',
        user: MARIA,
        text: 'elsewhere',
        threadTs: '1764493200.000100',
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await written(number)).toHaveLength(1);
    });

    it('edits and deletions are recorded in the history, the original text kept', async () => {
      const number = await openTicketInSlack(h, STUDENT);
      const card = cardOf(h, HELPDESK_CHANNEL, number);
      const sent = await h.slack.messageEvent({
        channel: HELPDESK_CHANNEL,
        user: MARIA,
        text: 'prima versione',
        threadTs: card?.ts,
      });
      await h.fake.waitFor(async () => (await written(number))[1]);
      await h.slack.messageEvent({
        channel: HELPDESK_CHANNEL,
        user: MARIA,
        subtype: 'message_changed',
        ts: sent.ts,
        threadTs: card?.ts,
        text: 'seconda versione',
        previousText: 'prima versione',
      });
      await h.fake.waitFor(async () => (await written(number))[1]?.body === 'seconda versione' || undefined);
      await h.slack.messageEvent({
        channel: HELPDESK_CHANNEL,
        user: MARIA,
        subtype: 'message_deleted',
        ts: sent.ts,
        threadTs: card?.ts,
        previousText: 'seconda versione',
      });
      await h.fake.waitFor(async () => (await written(number))[1]?.deletedAt || undefined);
      const history = (await h.sportello.desk.getTicket(maria, number)).history;
      expect(history.find((e) => e.event === 'ArticleUpdate')?.oldValue).toBe('prima versione');
      expect(history.find((e) => e.event === 'ArticleDeleted')?.oldValue).toBe('seconda versione');
    });

    it('a customer without rights writing in the queue thread is told their message was not recorded', async () => {
      const number = await openTicketInSlack(h, STUDENT);
      const card = cardOf(h, HELPDESK_CHANNEL, number);
      await h.slack.messageEvent({
        channel: HELPDESK_CHANNEL,
        user: 'U0STUDENT2',
        text: 'anche io!',
        threadTs: card?.ts,
      });
      const refusal = await h.fake.waitFor(() =>
        h.fake.ephemerals(HELPDESK_CHANNEL).find((e) => e.user === 'U0STUDENT2'),
      );
      expect(refusal.thread_ts).toBe(card?.ts);
      expect(await written(number)).toHaveLength(1);
    });
  });

  describe('operators who asked for it', () => {
    it('get a DM for every new ticket in their queues, once; the others see the card only', async () => {
      const number = await openTicketInSlack(h, STUDENT);
      const giuliaDm = h.fake.dmChannelOf('U0GIULIA01');
      await h.fake.waitFor(() => h.fake.messages(giuliaDm).find((m) => messageText(m).includes(number)));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(h.fake.messages(giuliaDm)).toHaveLength(1);
      expect(h.fake.messages(h.fake.dmChannelOf(MARIA))).toHaveLength(0);
    });
  });
});
