import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { HelpDeskError, NotFoundError, PermissionDeniedError } from '../../src/core/errors.js';
import { slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';

import {
  externalUser,
  giulia,
  historyEvents,
  luca,
  maria,
  openSimple,
  outboxTopics,
  paolo,
  student,
  useTestDesk,
} from '../support/desk.js';
import { expectRefused } from '../support/refusals.js';

const t = useTestDesk();

const watcherNames = async (number: string) =>
  (await t.desk.getTicket(maria, ticketNumberOf(number))).watchers.map((w) => w.name);

async function state(ticketId: number) {
  return {
    ticket: (await t.db.select().from(t.tables.tickets).where(eq(t.tables.tickets.id, ticketId)))[0],
    watchers: await t.db.select().from(t.tables.watchers).where(eq(t.tables.watchers.ticketId, ticketId)),
    history: await historyEvents(t, ticketId),
    outbox: await outboxTopics(t, ticketId),
  };
}

describe('watching a ticket', () => {
  it('an operator adds and removes themselves, with history', async () => {
    const { ticket } = await openSimple(t);
    const outboxBefore = await outboxTopics(t, ticket.id);
    await t.desk.addWatcher(maria, ticket.number);
    expect(await watcherNames(ticket.number)).toEqual(['Maria Rossi']);
    await t.desk.removeWatcher(maria, ticket.number);
    expect(await watcherNames(ticket.number)).toEqual([]);
    expect(await historyEvents(t, ticket.id)).toEqual(['NewTicket', 'AddWatcher', 'RemoveWatcher']);
    const rows = await t.db
      .select()
      .from(t.tables.history)
      .where(eq(t.tables.history.ticketId, ticket.id))
      .orderBy(asc(t.tables.history.id));
    expect(rows.slice(1).map((h) => [h.event, h.newValue, h.actorLabel])).toEqual([
      ['AddWatcher', 'Maria Rossi', 'Maria Rossi'],
      ['RemoveWatcher', 'Maria Rossi', 'Maria Rossi'],
    ]);
    expect(await outboxTopics(t, ticket.id)).toEqual(outboxBefore);
  });

  it('is idempotent both ways', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.addWatcher(maria, ticket.number);
    const watching = await state(ticket.id);
    await t.desk.addWatcher(maria, ticket.number);
    await t.desk.addWatcher(maria, ticket.number, slackUserIdOf('U0MARIA001'));
    expect(await state(ticket.id)).toEqual(watching);
    expect(await watcherNames(ticket.number)).toEqual(['Maria Rossi']);
    await t.desk.removeWatcher(maria, ticket.number);
    const notWatching = await state(ticket.id);
    await t.desk.removeWatcher(maria, ticket.number);
    expect(await state(ticket.id)).toEqual(notWatching);
    expect(await historyEvents(t, ticket.id)).toEqual(['NewTicket', 'AddWatcher', 'RemoveWatcher']);
  });

  it('an operator who can only read the queue may watch it', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.addWatcher(giulia, ticket.number);
    expect((await t.desk.getTicket(giulia, ticket.number)).watchers.map((w) => w.name)).toEqual([
      'Giulia Bianchi',
    ]);
  });

  it('several operators watch the same ticket', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.addWatcher(maria, ticket.number);
    await t.desk.addWatcher(giulia, ticket.number);
    expect((await watcherNames(ticket.number)).sort()).toEqual(['Giulia Bianchi', 'Maria Rossi']);
    await t.desk.removeWatcher(giulia, ticket.number);
    expect(await watcherNames(ticket.number)).toEqual(['Maria Rossi']);
  });

  it('an operator without rights in the queue cannot watch it', async () => {
    const { ticket } = await openSimple(t);
    await expectRefusedOf(ticket.id, PermissionDeniedError, 'permission_denied', () =>
      t.desk.addWatcher(paolo, ticket.number),
    );
    await expectRefusedOf(ticket.id, PermissionDeniedError, 'permission_denied', () =>
      t.desk.addWatcher(luca, ticket.number),
    );
  });
});

describe('putting someone else on the list', () => {
  it('needs full rights in the queue', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.addWatcher(maria, ticket.number, slackUserIdOf('U0GIULIA01'));
    expect(await watcherNames(ticket.number)).toEqual(['Giulia Bianchi']);
    const added = (
      await t.db.select().from(t.tables.history).where(eq(t.tables.history.ticketId, ticket.id))
    ).at(-1);
    expect([added?.event, added?.newValue, added?.actorLabel]).toEqual([
      'AddWatcher',
      'Giulia Bianchi',
      'Maria Rossi',
    ]);

    const error = await expectRefusedOf(ticket.id, PermissionDeniedError, 'permission_denied', () =>
      t.desk.addWatcher(giulia, ticket.number, slackUserIdOf('U0MARIA001')),
    );
    expect(error.message).toBe(`You are not allowed to work tickets in Ticket#${ticket.number}.`);
    await t.desk.addWatcher(maria, ticket.number);
    await expectRefusedOf(ticket.id, PermissionDeniedError, 'permission_denied', () =>
      t.desk.removeWatcher(giulia, ticket.number, slackUserIdOf('U0MARIA001')),
    );
    await t.desk.removeWatcher(maria, ticket.number, slackUserIdOf('U0GIULIA01'));
    expect(await watcherNames(ticket.number)).toEqual(['Maria Rossi']);
  });

  it('refuses a watcher who could not see the ticket', async () => {
    const { ticket } = await openSimple(t);
    const error = await expectRefusedOf(ticket.id, PermissionDeniedError, 'permission_denied', () =>
      t.desk.addWatcher(maria, ticket.number, slackUserIdOf('U0PAOLO001')),
    );
    expect(error.message).toBe(
      `You are not allowed to add Paolo Ricci, who cannot see this ticket, as a watcher in Ticket#${ticket.number}.`,
    );
  });

  it('refuses an unknown operator', async () => {
    const { ticket } = await openSimple(t);
    await expectRefusedOf(ticket.id, NotFoundError, 'not_found', () =>
      t.desk.addWatcher(maria, ticket.number, slackUserIdOf('U0NOBODY01')),
    );
  });
});

describe('customers', () => {
  it('cannot watch, not even their own ticket', async () => {
    const { ticket } = await openSimple(t);
    await expectRefusedOf(ticket.id, HelpDeskError, 'not_an_operator', () =>
      t.desk.addWatcher(student, ticket.number),
    );
    await expectRefusedOf(ticket.id, PermissionDeniedError, 'permission_denied', () =>
      t.desk.addWatcher(student, ticket.number, slackUserIdOf('U0MARIA001')),
    );
    const mail = (await openSimple(t, externalUser, 'helpdesk', 'Mail bounce')).ticket;
    await expectRefusedOf(mail.id, HelpDeskError, 'not_an_operator', () =>
      t.desk.addWatcher(externalUser, mail.number),
    );
    await t.desk.addWatcher(maria, ticket.number);
    await expectRefusedOf(ticket.id, PermissionDeniedError, 'permission_denied', () =>
      t.desk.removeWatcher(student, ticket.number, slackUserIdOf('U0MARIA001')),
    );
  });

  it('do not see who watches their ticket', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.addWatcher(maria, ticket.number);
    expect((await t.desk.getTicket(student, ticket.number)).watchers).toEqual([]);
  });
});

/** A refusal that must leave the ticket as it was. */
async function expectRefusedOf<E extends HelpDeskError>(
  ticketId: number,
  type: abstract new (...args: never[]) => E,
  code: string,
  action: () => unknown,
): Promise<E> {
  return expectRefused(type, code, action, () => state(ticketId));
}
