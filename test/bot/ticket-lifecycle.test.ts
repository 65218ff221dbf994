import { describe, expect, it } from 'vitest';
import { slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import {
  ANNA,
  APP_TOKEN,
  BOT_TOKEN,
  MARIA,
  SIGNING_SECRET,
  STUDENT,
  TRANSPORTS,
  useAppHarness,
} from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import { cardOf, HELPDESK_CHANNEL, openedView, openTicketInSlack, pressOnCard } from '../support/flows.js';

describe.each(TRANSPORTS)('over %s', (transport) => {
  const h = useAppHarness(TEST_CONFIG, { transport });

  describe('opening a ticket from Slack', () => {
    it('/ticket opens the form; submitting posts the card in the queue channel and DMs the customer', async () => {
      const number = await openTicketInSlack(h, STUDENT, {
        subject: 'Eduroam <!channel> down',
        priority: '4',
      });
      const card = cardOf(h, HELPDESK_CHANNEL, number);
      const text = messageText(card);
      expect(text).toContain('Eduroam');
      expect(text).not.toContain('<!channel>');
      const dm = await h.fake.waitFor(() => h.fake.messages(h.fake.dmChannelOf(STUDENT))[0]);
      expect(messageText(dm)).toContain(`Ticket#${number}`);
      const ticket = await h.sportello.desk.getTicket(
        { kind: 'slack', userId: slackUserIdOf(STUDENT) },
        ticketNumberOf(number),
      );
      expect(ticket.ticket.priority).toBe(4);
      expect(ticket.customer.language).toBe('en');
    });

    it('/ticket <text> opens the form with the subject filled in', async () => {
      const triggerId = h.slack.triggerId();
      await h.slack.command({
        text: 'Stampante guasta',
        userId: STUDENT,
        channelId: 'C0GENERAL1',
        triggerId,
      });
      const view = await openedView(h, triggerId);
      expect(JSON.stringify(view.blocks)).toContain('Stampante guasta');
    });

    it('an empty subject comes back as an inline error on the field and opens nothing', async () => {
      const triggerId = h.slack.triggerId();
      await h.slack.command({ text: '', userId: STUDENT, channelId: 'C0GENERAL1', triggerId });
      const view = await openedView(h, triggerId);
      const response = await h.slack.viewSubmission({
        userId: STUDENT,
        view,
        values: {
          queue: {
            queue: { type: 'static_select', selected_option: { value: 'helpdesk', text: 'Helpdesk' } },
          },
          subject: { subject: { type: 'plain_text_input', value: '   ' } },
          description: { description: { type: 'plain_text_input', value: 'x' } },
          priority: { priority: { type: 'static_select', selected_option: { value: '3', text: '3' } } },
          notify_via: { notify_via: { type: 'radio_buttons', selected_option: { value: 'dm', text: 'DM' } } },
        },
      });
      const body = response.json<{ response_action: string; errors: Record<string, string> }>();
      expect(body.response_action).toBe('errors');
      expect(Object.keys(body.errors)).toEqual(['subject']);
      expect(h.fake.messages(HELPDESK_CHANNEL)).toHaveLength(0);
    });
  });

  describe('working a ticket from its card', () => {
    it('claim makes the presser owner, updates the card and tells the customer; a second claim is refused', async () => {
      const number = await openTicketInSlack(h, STUDENT);
      await pressOnCard(h, MARIA, HELPDESK_CHANNEL, number, 'ticket_claim');
      await h.fake.waitFor(
        () => messageText(cardOf(h, HELPDESK_CHANNEL, number)).includes('<@U0MARIA001>') || undefined,
      );
      await h.fake.waitFor(() => h.fake.messages(h.fake.dmChannelOf(STUDENT)).length >= 2 || undefined);
      await pressOnCard(h, ANNA, HELPDESK_CHANNEL, number, 'ticket_claim');
      const refusal = await h.fake.waitFor(() =>
        h.fake.ephemerals(HELPDESK_CHANNEL).find((e) => e.user === ANNA),
      );
      expect(messageText(refusal)).toMatch(/Maria Rossi|U0MARIA001/);
      const details = await h.sportello.desk.getTicket(
        { kind: 'slack', userId: slackUserIdOf(MARIA) },
        ticketNumberOf(number),
      );
      expect(details.owner?.slackUserId).toBe(MARIA);
    });

    it('a customer pressing an operator button gets a refusal and nothing changes', async () => {
      const number = await openTicketInSlack(h, STUDENT);
      await pressOnCard(h, STUDENT, HELPDESK_CHANNEL, number, 'ticket_claim');
      await h.fake.waitFor(() => h.fake.ephemerals(HELPDESK_CHANNEL).find((e) => e.user === STUDENT));
      expect(
        (
          await h.sportello.desk.getTicket(
            { kind: 'slack', userId: slackUserIdOf(MARIA) },
            ticketNumberOf(number),
          )
        ).ticket.state,
      ).toBe('new');
    });

    it('never writes a secret to the log', async () => {
      await openTicketInSlack(h, STUDENT);
      const all = h.logs.join('\n');
      expect(all).not.toContain(BOT_TOKEN);
      expect(all).not.toContain(SIGNING_SECRET);
      expect(all).not.toContain(APP_TOKEN);
    });
  });
});
