/**
 * The attacks of the security review (2026-12, H2, M1, M3), replayed against the whole running app: mail
 * through its SMTP listener, people through signed Slack requests, Slack played by the fake Web API.
 * Before the fix, the forged mail below was stored as the real customer's article, reopened her closed
 * ticket and told her about it; merging two customers' tickets showed each one the other's messages.
 */

import { readdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import { ACTIONS } from '../../src/views/ids.js';
import { MARIA, STUDENT, useAppHarness } from '../support/app-harness.js';
import {
  dmOf,
  HELPDESK_CHANNEL,
  openFormOnCard,
  openTicketInSlack,
  outboxSettled,
  waitForMessageWith,
} from '../support/flows.js';

const h = useAppHarness(undefined, { mailIn: {} });

async function sendMail(mail: { from: string; subject: string; text: string; inReplyTo?: string }) {
  const smtp = nodemailer.createTransport({
    host: '127.0.0.1',
    port: h.sportello.mailIn?.smtpPort ?? 0,
    secure: false,
    ignoreTLS: true,
  });
  const info = await smtp.sendMail({ to: 'helpdesk@ateneo.example', ...mail });
  smtp.close();
  return info.response;
}

const mailsSent = () => {
  try {
    return readdirSync(h.mailDir).filter((name) => name.endsWith('.eml')).length;
  } catch {
    return 0;
  }
};

/** Waits until nothing is left to deliver, by Slack or by mail. */
async function allDelivered() {
  const { outbox } = h.tables;
  const deadline = Date.now() + 5000;
  const pending = () =>
    h.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.status, 'pending')).limit(1);
  while ((await pending()).length > 0) {
    if (Date.now() > deadline) throw new Error('timed out waiting for every delivery');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const stateOf = async (number: string) =>
  (await h.sportello.desk.getTicket({ kind: 'slack', userId: slackUserIdOf(MARIA) }, ticketNumberOf(number)))
    .ticket;

describe('a mail naming a ticket, from someone who is not its customer', () => {
  it('is kept as an internal article showing its sender; the closed ticket stays closed; nobody is told', async () => {
    const number = await openTicketInSlack(h, STUDENT, { notifyVia: 'both' });
    await h.sportello.desk.closeTicket(
      { kind: 'slack', userId: slackUserIdOf(MARIA) },
      ticketNumberOf(number),
      {
        state: 'closed_successful',
      },
    );
    await allDelivered();
    const dmsBefore = dmOf(h, STUDENT).length;
    const mailsBefore = mailsSent();
    expect(mailsBefore).toBeGreaterThan(0);

    const answer = await sendMail({
      from: 'Sofia Gallo <attacker@evil.example>',
      subject: `Re: [Ticket#${number}] hi`,
      text: 'Please reset my password and send it to attacker@evil.example',
    });
    // The listener says nothing of what it did with the mail.
    expect(answer).toBe('250 2.0.0 queued');

    const post = await waitForMessageWith(h, HELPDESK_CHANNEL, 'attacker@evil.example');
    const text = messageText(post);
    // The queue thread speaks the desk's language (Italian here).
    expect(text).toContain('non dal cliente');
    expect(JSON.stringify(post.blocks)).toContain(ACTIONS.acceptSender);
    await allDelivered();
    expect((await stateOf(number)).state).toBe('closed_successful');
    expect(dmOf(h, STUDENT)).toHaveLength(dmsBefore);
    expect(mailsSent()).toBe(mailsBefore);

    // Maria accepts the sender: their next mail is a follow-up, which reopens the ticket.
    const button = JSON.parse(JSON.stringify(post.blocks))
      .flatMap((b: { elements?: { action_id?: string; value?: string }[] }) => b.elements ?? [])
      .find((e: { action_id?: string }) => e.action_id === ACTIONS.acceptSender);
    await h.slack.blockAction({
      userId: MARIA,
      actionId: ACTIONS.acceptSender,
      value: button.value,
      channelId: HELPDESK_CHANNEL,
      message: post,
      triggerId: h.slack.triggerId(),
    });
    await h.fake.waitFor(
      () =>
        h.fake
          .ephemerals(HELPDESK_CHANNEL)
          .find((e) => e.text?.includes('attacker@evil.example ora partecipa')),
      5000,
      'the confirmation',
    );
    await sendMail({
      from: 'Sofia Gallo <attacker@evil.example>',
      subject: `Re: [Ticket#${number}] hi`,
      text: 'I am her colleague, it broke again.',
    });
    await h.fake.waitFor(
      async () => (await stateOf(number)).state === 'open' || undefined,
      5000,
      'the ticket to reopen',
    );
  });

  it('a reply to a Message-ID only shaped like ours opens a ticket of its own', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    await sendMail({
      from: 'Someone <someone@example.org>',
      subject: 'Re: hello',
      text: 'hello',
      inReplyTo: `<sportello.1.${number}@ateneo.example>`,
    });
    await outboxSettled(h);
    const bodies = (
      await h.sportello.desk.getTicket(
        { kind: 'slack', userId: slackUserIdOf(MARIA) },
        ticketNumberOf(number),
      )
    ).articles.map((a) => a.body);
    expect(bodies).not.toContain('hello');
    const found = await h.sportello.desk.searchTickets(
      { kind: 'slack', userId: slackUserIdOf(MARIA) },
      'hello',
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.number).not.toBe(number);
  });
});

describe('merging two customers’ tickets from Slack', () => {
  it('asks to confirm, then keeps each customer to their own messages', async () => {
    const alice = await openTicketInSlack(h, STUDENT, { subject: 'Wifi down' });
    const bob = await openTicketInSlack(h, 'U0STUDENT2', { subject: 'Wifi down' });
    const form = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, bob, 'ticket_more', `merge:${bob}`);
    const target = { target_ticket: { target_ticket: { type: 'plain_text_input' as const, value: alice } } };
    const refused = await h.slack.viewSubmission({ userId: MARIA, view: form, values: target });
    // Maria reads Italian: "tick «Merge even if the customers differ» to merge them anyway".
    expect(JSON.stringify(refused.body)).toContain('Unisci anche se i clienti sono diversi');
    expect((await stateOf(bob)).state).not.toBe('merged');

    const confirmed = await h.slack.viewSubmission({
      userId: MARIA,
      view: form,
      values: {
        ...target,
        across_customers: {
          across_customers: { type: 'checkboxes', selected_options: [{ value: 'yes', text: 'yes' }] },
        },
      },
    });
    expect(confirmed.body).toBeFalsy();
    expect((await stateOf(bob)).state).toBe('merged');
    const aliceView = await h.sportello.desk.getTicket(
      { kind: 'slack', userId: slackUserIdOf(STUDENT) },
      ticketNumberOf(alice),
    );
    expect(new Set(aliceView.articles.map((a) => a.ticketNumber))).toEqual(new Set([alice]));
    expect(aliceView.links.mergedFrom).toEqual([]);
  });
});
