import type { AppHarness } from './app-harness.js';
import { messageText } from './fake-slack.js';
import type { ViewValuesInput } from './slack-requests.js';

export const HELPDESK_CHANNEL = 'C0HELPDESK';
export const RETI_CHANNEL = 'C0RETI0001';

/** The ticket number a card or message shows. */
export function ticketNumberIn(text: string): string {
  const match = text.match(/Ticket#(\d{14,24})/);
  if (!match?.[1]) throw new Error(`no ticket number in: ${text.slice(0, 200)}`);
  return match[1];
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

/** `/ticket` → form → submit, as `userId`; resolves with the ticket number once its card is in the channel. */
export async function openTicketInSlack(
  h: AppHarness,
  userId: string,
  fields: NewTicketFields = {},
  channel = HELPDESK_CHANNEL,
): Promise<string> {
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
  const card = await h.fake.waitFor(() => h.fake.messages(channel)[before], 5000, `a card in ${channel}`);
  return ticketNumberIn(messageText(card));
}

/** The card of `ticketNumber` in `channel`, as it stands now. */
export function cardOf(h: AppHarness, channel: string, ticketNumber: string) {
  return h.fake
    .messages(channel)
    .find((m) => !m.thread_ts && messageText(m).includes(`Ticket#${ticketNumber}`));
}

/** Presses a card button (or picks a menu option) as `userId`. */
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
