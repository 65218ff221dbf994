import { and, eq } from 'drizzle-orm';
import { type TicketNumber, ticketNumberOf } from '../../src/core/model.js';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import type { ViewValuesInput } from '../../src/fake-slack/slack-requests.js';
import type { AppHarness } from './app-harness.js';

export const HELPDESK_CHANNEL = 'C0HELPDESK';
export const RETI_CHANNEL = 'C0RETI0001';

/** The ticket number a card or message shows. */
export function ticketNumberIn(text: string): TicketNumber {
  const match = text.match(/Ticket#(\d{14,24})/);
  if (!match?.[1]) throw new Error(`no ticket number in: ${text.slice(0, 200)}`);
  return ticketNumberOf(match[1]);
}

/** The form Slack would show after `trigger`, waiting for the app to open it. */
export async function openedView(h: AppHarness, triggerId: string) {
  return h.fake.waitFor(
    () => h.fake.viewByTrigger(triggerId),
    5000,
    `a view opened with trigger ${triggerId}`,
  );
}

export interface NewTicketFields {
  queue?: string;
  subject?: string;
  description?: string;
  priority?: string;
  notifyVia?: 'dm' | 'email' | 'both';
  customer?: string;
}

export function newTicketValues(fields: NewTicketFields): ViewValuesInput {
  const values: ViewValuesInput = {
    queue: {
      queue: {
        type: 'static_select',
        selected_option: fields.queue ? { value: fields.queue, text: fields.queue } : null,
      },
    },
    subject: { subject: { type: 'plain_text_input', value: fields.subject ?? null } },
    description: { description: { type: 'plain_text_input', value: fields.description ?? null } },
    priority: {
      priority: { type: 'static_select', selected_option: { value: fields.priority ?? '3', text: 'normal' } },
    },
    notify_via: {
      notify_via: { type: 'radio_buttons', selected_option: { value: fields.notifyVia ?? 'dm', text: 'DM' } },
    },
  };
  if (fields.customer)
    values.customer = { customer: { type: 'users_select', selected_user: fields.customer } };
  return values;
}

/**
 * `/ticket` → form → submit, as `userId`; resolves with the ticket number once its card is in the channel and
 * everything the opening caused is delivered and recorded (the desk knows the card's thread), as it is by the
 * time a person acts on the card. Over Socket Mode the next request can otherwise arrive within milliseconds.
 */
export async function openTicketInSlack(
  h: AppHarness,
  userId: string,
  fields: NewTicketFields = {},
  channel = HELPDESK_CHANNEL,
): Promise<TicketNumber> {
  const card = await submitTicketForm(h, userId, fields, channel);
  await outboxSettled(h);
  return ticketNumberIn(messageText(card));
}

/**
 * `/ticket` → form → submit, as `userId`; resolves with the card as soon as it is in `channel`, when the
 * delivery that posted it may not have heard back from Slack yet.
 */
export async function submitTicketForm(
  h: AppHarness,
  userId: string,
  fields: NewTicketFields = {},
  channel = HELPDESK_CHANNEL,
) {
  const triggerId = h.slack.triggerId();
  const response = await h.slack.command({ text: '', userId, channelId: 'C0GENERAL1', triggerId });
  if (response.status !== 200) throw new Error(`/ticket answered ${response.status}`);
  const view = await openedView(h, triggerId);
  const before = h.fake.messages(channel).length;
  const submitted = await h.slack.viewSubmission({
    userId,
    view,
    values: newTicketValues({
      queue: 'helpdesk',
      subject: 'Eduroam non funziona',
      description: 'Da ieri non mi connetto.',
      ...fields,
    }),
  });
  if (submitted.body) throw new Error(`form refused: ${submitted.body}`);
  return h.fake.waitFor(() => h.fake.messages(channel)[before], 5000, `a card in ${channel}`);
}

/**
 * The card of `ticketNumber` in `channel`, as it stands now, also once its thread has replies (Slack then
 * gives the parent a `thread_ts` equal to its own `ts`).
 */
export function cardOf(h: AppHarness, channel: string, ticketNumber: string) {
  return h.fake
    .messages(channel)
    .find(
      (m) =>
        (m.thread_ts === undefined || m.thread_ts === m.ts) &&
        messageText(m).includes(`Ticket#${ticketNumber}`),
    );
}

/** Presses a card button (or picks a "More" menu option, `<action>:<number>`) as `userId`. */
export async function pressOnCard(
  h: AppHarness,
  userId: string,
  channel: string,
  ticketNumber: string,
  actionId: string,
  value: string = ticketNumber,
) {
  const card = cardOf(h, channel, ticketNumber);
  if (!card) throw new Error(`no card of ${ticketNumber} in ${channel}`);
  const triggerId = h.slack.triggerId();
  const isMenu = value.includes(':');
  const response = await h.slack.blockAction({
    userId,
    actionId,
    channelId: channel,
    message: card,
    triggerId,
    ...(isMenu ? { type: 'static_select', selectedOption: { value, text: value } } : { value }),
  });
  return { response, triggerId };
}

/** Every message of `userId`'s DM with the desk (the receipt and its thread), oldest first. */
export function dmOf(h: AppHarness, userId: string) {
  return h.fake.messages(h.fake.dmChannelOf(userId));
}

/** Waits until the card of `ticketNumber` in `channel` shows what `check` wants; resolves with the card. */
export async function waitForCard(
  h: AppHarness,
  channel: string,
  ticketNumber: string,
  check: (text: string) => boolean,
  what = `the card of ${ticketNumber} in ${channel} to change`,
) {
  return h.fake.waitFor(
    () => {
      const card = cardOf(h, channel, ticketNumber);
      return card && check(messageText(card)) ? card : undefined;
    },
    5000,
    what,
  );
}

/** Waits until a message of `channel` (replies included) contains `text`; resolves with it. */
export async function waitForMessageWith(h: AppHarness, channel: string, text: string) {
  return h.fake.waitFor(
    () => h.fake.messages(channel).find((m) => messageText(m).includes(text)),
    5000,
    `a message with "${text.slice(0, 40)}" in ${channel}`,
  );
}

/** Waits until the outbox holds nothing left to deliver to Slack: all the app queued so far reached the fake. */
export async function outboxSettled(h: AppHarness): Promise<void> {
  const { outbox } = h.tables;
  // Only the Slack lane's deliveries reach the fake (mail goes its own way).
  const pending = () =>
    h.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), eq(outbox.lane, 'slack')))
      .limit(1);
  const deadline = Date.now() + 5000;
  while ((await pending()).length > 0) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the outbox to be delivered to Slack');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Picks an option of a card's "More" menu (`<action>:<ticket number>`) as `userId`. */
export function pressMore(
  h: AppHarness,
  userId: string,
  channel: string,
  ticketNumber: string,
  action: string,
) {
  return pressOnCard(h, userId, channel, ticketNumber, 'ticket_more', `${action}:${ticketNumber}`);
}

/** Presses a card button or More option and waits for the form it opens. */
export async function openFormOnCard(
  h: AppHarness,
  userId: string,
  channel: string,
  ticketNumber: string,
  actionId: string,
  value?: string,
) {
  const { triggerId } = await pressOnCard(h, userId, channel, ticketNumber, actionId, value);
  return openedView(h, triggerId);
}

/**
 * Escalates from the helpdesk card to `subQueue` as `userId` (Escalate → form → submit) and resolves with the
 * sub-queue's card once it is in `channel`.
 */
export async function escalateInSlack(
  h: AppHarness,
  userId: string,
  ticketNumber: string,
  subQueue: string,
  reason: string,
  channel: string,
) {
  const view = await openFormOnCard(h, userId, HELPDESK_CHANNEL, ticketNumber, 'ticket_escalate');
  const response = await h.slack.viewSubmission({
    userId,
    view,
    values: {
      sub_queue: {
        sub_queue: { type: 'static_select', selected_option: { value: subQueue, text: subQueue } },
      },
      reason: { reason: { type: 'plain_text_input', value: reason } },
    },
  });
  if (response.body) throw new Error(`escalation refused: ${response.body}`);
  return h.fake.waitFor(() => cardOf(h, channel, ticketNumber), 5000, `a card in ${channel}`);
}
