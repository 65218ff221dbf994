import { describe, expect, it } from 'vitest';
import { slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';
import { type FakeMessage, messageText } from '../../src/fake-slack/fake-slack.js';
import { ACTIONS, INPUTS, VIEWS } from '../../src/views/ids.js';
import { MARIA, STUDENT, useAppHarness } from '../support/app-harness.js';
import {
  dmOf,
  HELPDESK_CHANNEL,
  openedView,
  openFormOnCard,
  openTicketInSlack,
  waitForCard,
} from '../support/flows.js';

const h = useAppHarness();

const OTHER = 'U0STUDENT2';
const DESK = { kind: 'system', label: 'test' } as const;

const ticket = (number: string) => h.sportello.desk.getTicket(DESK, ticketNumberOf(number));
const rated = async (number: string) =>
  (await ticket(number)).history.filter((e) => e.event === 'SatisfactionRated');
const radio = (value: string) => ({ type: 'radio_buttons', selected_option: { value, text: value } });
const hasRateButtons = (m: FakeMessage | undefined) =>
  /ticket_rate_[1-5]"/.test(JSON.stringify(m?.blocks ?? []));

/** Opens a ticket as the student, closes it from its card as Maria, and waits for the closing DM. */
async function closedWithNotice(): Promise<{ number: string; notice: FakeMessage }> {
  const number = await openTicketInSlack(h, STUDENT);
  const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.close);
  const closed = await h.slack.viewSubmission({
    userId: MARIA,
    view,
    values: { [INPUTS.closeState]: { [INPUTS.closeState]: radio('closed_successful') } },
  });
  expect(closed.body).toBe('');
  const notice = await h.fake.waitFor(
    () => dmOf(h, STUDENT).find(hasRateButtons),
    5000,
    'the rating buttons',
  );
  return { number, notice };
}

function rate(
  userId: string,
  number: string,
  rating: number,
  notice: FakeMessage,
  triggerId = h.slack.triggerId(),
) {
  return h.slack.blockAction({
    userId,
    actionId: `ticket_rate_${rating}`,
    value: `${rating}:${number}`,
    channelId: h.fake.dmChannelOf(STUDENT),
    message: notice,
    triggerId,
  });
}

describe('rating the service after closing', () => {
  it('close → rating buttons in the DM → click 4: kept, on the card, thanks and a comment form; a second click is refused politely', async () => {
    const { number, notice } = await closedWithNotice();
    const dm = h.fake.dmChannelOf(STUDENT);
    expect(messageText(notice)).toContain('was closed');
    expect(messageText(notice)).toContain('★★★★★');

    const triggerId = h.slack.triggerId();
    const clicked = await rate(STUDENT, number, 4, notice, triggerId);
    expect(clicked.status).toBe(200);
    await h.fake.waitFor(
      async () => (await ticket(number)).ticket.satisfactionRating === 4,
      5000,
      'the rating',
    );
    await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('★ 4/5'));

    // The question becomes the answer, in place; the closing words stay.
    const updated = await h.fake.waitFor(() => {
      const m = h.fake.message(dm, notice.ts);
      return m && !hasRateButtons(m) && messageText(m).includes('4/5') ? m : undefined;
    });
    expect(messageText(updated)).toContain('was closed');
    expect(JSON.stringify(updated.blocks)).toContain(ACTIONS.rateComment);

    // The comment form opened with the click.
    const form = await openedView(h, triggerId);
    expect(form.callback_id).toBe(VIEWS.ratingComment);

    // A double click (the old buttons, another rating) is refused politely and changes nothing.
    await rate(STUDENT, number, 1, notice);
    const refusal = await h.fake.waitFor(() => h.fake.ephemerals(dm).find((e) => e.user === STUDENT));
    expect(messageText(refusal)).toContain(`You already rated Ticket#${number} (4/5): thank you!`);
    expect((await ticket(number)).ticket.satisfactionRating).toBe(4);
    expect(await rated(number)).toHaveLength(1);

    // The comment is kept and quoted under the thanks; the button goes.
    const sent = await h.slack.viewSubmission({
      userId: STUDENT,
      view: form,
      values: {
        [INPUTS.ratingComment]: {
          [INPUTS.ratingComment]: { type: 'plain_text_input', value: 'Fast <!here>' },
        },
      },
    });
    expect(sent.body).toBe('');
    expect((await ticket(number)).ticket.satisfactionComment).toBe('Fast <!here>');
    const final = await h.fake.waitFor(() => {
      const m = h.fake.message(dm, notice.ts);
      return m && messageText(m).includes('Fast') ? m : undefined;
    });
    expect(JSON.stringify(final.blocks)).not.toContain(ACTIONS.rateComment);
    expect(messageText(final)).toContain('Fast &lt;!here&gt;');
  });

  it('is idempotent against Slack retries of the click', async () => {
    const { number, notice } = await closedWithNotice();
    const sent = await rate(STUDENT, number, 5, notice);
    await h.fake.waitFor(async () => (await ticket(number)).ticket.satisfactionRating === 5);
    await h.slack.replay(sent, { retryNum: 1, retryReason: 'http_timeout' });
    await h.fake.waitFor(() => h.fake.ephemerals().find((e) => e.user === STUDENT));
    expect(await rated(number)).toHaveLength(1);
    expect((await ticket(number)).ticket.satisfactionRating).toBe(5);
  });

  it('is only for the ticket’s customer', async () => {
    const { number, notice } = await closedWithNotice();
    await rate(OTHER, number, 1, notice);
    await h.fake.waitFor(() => h.fake.ephemerals().find((e) => e.user === OTHER));
    expect((await ticket(number)).ticket.satisfactionRating).toBeNull();
    expect(hasRateButtons(h.fake.message(h.fake.dmChannelOf(STUDENT), notice.ts))).toBe(true);
  });

  it('a forged comment form naming the queue card keeps the comment but leaves the card as the desk drew it', async () => {
    const { number, notice } = await closedWithNotice();
    const triggerId = h.slack.triggerId();
    await rate(STUDENT, number, 4, notice, triggerId);
    const form = await openedView(h, triggerId);
    const card = await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('★ 4/5'));
    const forged = JSON.stringify({ ticketNumber: number, channelId: HELPDESK_CHANNEL, messageTs: card.ts });

    const sent = await h.slack.viewSubmission({
      userId: STUDENT,
      view: form,
      privateMetadata: forged,
      values: {
        [INPUTS.ratingComment]: { [INPUTS.ratingComment]: { type: 'plain_text_input', value: 'Ottimo' } },
      },
    });
    expect(sent.body).toBe('');
    expect((await ticket(number)).ticket.satisfactionComment).toBe('Ottimo');
    // The form's claim is set aside (and said so in the log); the desk redraws its card with the comment,
    // and the thanks meant for the DM never land on it.
    await h.fake.waitFor(() => h.logs.some((line) => line.includes('named a message not its notice')));
    const redrawn = await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('Ottimo'));
    expect(messageText(redrawn)).not.toContain('Thank you');
    const cardUpdates = h.fake.calls('chat.update').filter((c) => c.args.channel === HELPDESK_CHANNEL);
    expect(cardUpdates.map((c) => JSON.stringify(c.args))).not.toContainEqual(
      expect.stringContaining('Thank you'),
    );
  });

  it('"Add a comment" under the thanks opens the comment form, until a comment is kept', async () => {
    const { number, notice } = await closedWithNotice();
    const dm = h.fake.dmChannelOf(STUDENT);
    await rate(STUDENT, number, 3, notice);
    const thanks = await h.fake.waitFor(() => {
      const m = h.fake.message(dm, notice.ts);
      return m && JSON.stringify(m.blocks).includes(ACTIONS.rateComment) ? m : undefined;
    });
    const press = () => {
      const triggerId = h.slack.triggerId();
      return h.slack
        .blockAction({
          userId: STUDENT,
          actionId: ACTIONS.rateComment,
          value: number,
          channelId: dm,
          message: thanks,
          triggerId,
        })
        .then(() => triggerId);
    };
    const form = await openedView(h, await press());
    expect(form.callback_id).toBe(VIEWS.ratingComment);
    await h.sportello.desk.commentOnRating(
      { kind: 'slack', userId: slackUserIdOf(STUDENT) },
      ticketNumberOf(number),
      'Ok',
    );
    await press();
    const refusal = await h.fake.waitFor(() => h.fake.ephemerals(dm).find((e) => e.user === STUDENT));
    expect(messageText(refusal)).toContain('already kept');
  });
});
