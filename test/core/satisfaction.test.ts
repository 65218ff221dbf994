import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HelpDeskError, PermissionDeniedError, ValidationError } from '../../src/core/errors.js';
import { queueKeyOf, ticketNumberOf } from '../../src/core/model.js';
import { AlreadyRatedError, NotRateableError } from '../../src/core/tickets/satisfaction.js';

import {
  createTestDesk,
  externalUser,
  historyEvents,
  maria,
  openSimple,
  otherStudent,
  outboxTopics,
  paolo,
  student,
  TEST_CONFIG,
  type TestDesk,
} from '../support/desk.js';
import { expectRefused } from '../support/refusals.js';

let t: TestDesk;
beforeEach(async () => {
  t = await createTestDesk();
});
afterEach(() => t.close());

async function closedTicket(actor = student, queue = 'helpdesk', closer = maria) {
  const { ticket } = await openSimple(t, actor, queue);
  t.clock.advance(60_000);
  await t.desk.closeTicket(closer, ticket.number, { state: 'closed_successful' });
  t.clock.advance(60_000);
  return ticket.number;
}

const row = async (number: string) => (await t.desk.getTicket(maria, ticketNumberOf(number))).ticket;

describe('rating the service', () => {
  it('keeps the rating, its time and a history row, and refreshes the card', async () => {
    const number = await closedTicket();
    const id = (await row(number)).id;
    // What was queued so far is delivered: a new card sync must be written.
    await t.db.update(t.tables.outbox).set({ status: 'delivered' });
    const before = (await outboxTopics(t, id)).length;
    const rated = await t.desk.rateTicket(student, number, 4);
    expect(rated).toMatchObject({ satisfactionRating: 4, satisfactionComment: null, ratedAt: t.clock.now() });
    expect(await row(number)).toMatchObject({ satisfactionRating: 4, ratedAt: t.clock.now() });
    expect((await historyEvents(t, id)).at(-1)).toBe('SatisfactionRated');
    expect((await t.desk.getTicket(maria, number)).history.at(-1)).toMatchObject({
      event: 'SatisfactionRated',
      newValue: '4/5',
      actorLabel: expect.any(String),
    });
    expect((await outboxTopics(t, id)).slice(before)).toContain('card.sync');
  });

  it('takes a comment with the rating, or once afterwards', async () => {
    const first = await closedTicket();
    await t.desk.rateTicket(student, first, 5, '  Fast and kind.  ');
    expect(await row(first)).toMatchObject({ satisfactionRating: 5, satisfactionComment: 'Fast and kind.' });
    expect((await historyEvents(t, (await row(first)).id)).slice(-2)).toEqual([
      'SatisfactionRated',
      'SatisfactionCommented',
    ]);

    const second = await closedTicket();
    await t.desk.rateTicket(student, second, 2);
    await t.desk.commentOnRating(student, second, 'It took three days.');
    expect((await row(second)).satisfactionComment).toBe('It took three days.');
    await expectRefused(
      HelpDeskError,
      'already_commented',
      () => t.desk.commentOnRating(student, second, 'Again'),
      () => row(second),
    );
  });

  it('is given once: a second rating (a double click, a retried request) is refused and changes nothing', async () => {
    const number = await closedTicket();
    await t.desk.rateTicket(student, number, 4);
    const history = async () => historyEvents(t, (await row(number)).id);
    const before = await history();
    for (const rating of [4, 1]) {
      const error = await expectRefused(
        AlreadyRatedError,
        'already_rated',
        () => t.desk.rateTicket(student, number, rating),
        () => row(number),
      );
      expect(error.params).toMatchObject({ ticketNumber: number, rating: 4 });
    }
    expect(await history()).toEqual(before);
  });

  it('is only for the ticket’s own customer', async () => {
    const number = await closedTicket();
    for (const someone of [otherStudent, maria, externalUser]) {
      await expectRefused(
        PermissionDeniedError,
        'permission_denied',
        () => t.desk.rateTicket(someone, number, 5),
        () => row(number),
      );
    }
  });

  it('works for a customer who wrote by email', async () => {
    const number = await closedTicket(externalUser);
    expect((await t.desk.rateTicket(externalUser, number, 3)).satisfactionRating).toBe(3);
  });

  it('is only for closed tickets of queues that ask', async () => {
    const { ticket } = await openSimple(t);
    await expectRefused(
      NotRateableError,
      'not_rateable',
      () => t.desk.rateTicket(student, ticket.number, 5),
      () => row(ticket.number),
    );
    // Reopened after rating: still rated once.
    const number = await closedTicket();
    await t.desk.rateTicket(student, number, 5);
    await t.desk.reopenTicket(maria, number);
    await expectRefused(
      AlreadyRatedError,
      'already_rated',
      () => t.desk.rateTicket(student, number, 1),
      () => row(number),
    );
  });

  it('refuses ratings outside 1–5 and comments that are too long', async () => {
    const number = await closedTicket();
    for (const rating of [0, 6, 2.5, Number.NaN]) {
      await expectRefused(
        ValidationError,
        'invalid_input',
        () => t.desk.rateTicket(student, number, rating),
        () => row(number),
      );
    }
    await expectRefused(
      ValidationError,
      'invalid_input',
      () => t.desk.rateTicket(student, number, 3, 'x'.repeat(2001)),
      () => row(number),
    );
    await expectRefused(
      NotRateableError,
      'not_rateable',
      () => t.desk.commentOnRating(student, number, 'hi'),
      () => row(number),
    );
  });
});

describe('asking for a rating', () => {
  it('asks on the first closing only, never once rated, and only where the queue asks', async () => {
    const number = await closedTicket();
    const id = (await row(number)).id;
    expect(await t.desk.shouldAskSatisfaction(id)).toBe(true);
    await t.desk.reopenTicket(maria, number);
    expect(await t.desk.shouldAskSatisfaction(id)).toBe(false);
    await t.desk.closeTicket(maria, number, { state: 'closed_successful' });
    // Never asked twice: the second closing does not ask again…
    expect(await t.desk.shouldAskSatisfaction(id)).toBe(false);
    // …but the buttons of the first one still work.
    expect((await t.desk.rateTicket(student, number, 4)).satisfactionRating).toBe(4);

    const rated = await closedTicket();
    await t.desk.rateTicket(student, rated, 5);
    expect(await t.desk.shouldAskSatisfaction((await row(rated)).id)).toBe(false);
  });

  it('follows the first-level queue’s `satisfaction:` setting, also for escalated tickets', async () => {
    await t.close();
    t = await createTestDesk(
      ':memory:',
      TEST_CONFIG.replace('    follow_up: reopen\n', '    follow_up: reopen\n    satisfaction: false\n'),
    );
    const { ticket } = await openSimple(t);
    await t.desk.escalateTicket(maria, ticket.number, queueKeyOf('reti'), 'wifi');
    await t.desk.closeTicket(maria, ticket.number, { state: 'closed_successful' });
    expect(await t.desk.shouldAskSatisfaction(ticket.id)).toBe(false);
    await expectRefused(
      NotRateableError,
      'not_rateable',
      () => t.desk.rateTicket(student, ticket.number, 5),
      () => row(ticket.number),
    );
    const asking = await closedTicket(student, 'didattica', paolo);
    expect(await t.desk.shouldAskSatisfaction((await t.desk.getTicket(paolo, asking)).ticket.id)).toBe(true);
  });
});
