import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import { type HelpDeskError, PermissionDeniedError } from '../../src/core/errors.js';
import { queueKeyOf, slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';

import {
  anna,
  externalUser,
  giulia,
  historyEvents,
  luca,
  maria,
  openSimple,
  otherStudent,
  paolo,
  START,
  student,
  type TestDesk,
  useTestDesk,
} from '../support/desk.js';
import { expectRefused } from '../support/refusals.js';

const t = useTestDesk();

const TOMORROW = new Date(START.getTime() + 24 * 60 * 60_000);

/** Every row a refused operation could have touched. */
async function snapshot(d: TestDesk) {
  const db = d.db;
  return {
    tickets: await db.select().from(d.tables.tickets).orderBy(asc(d.tables.tickets.id)),
    articles: await db.select().from(d.tables.articles).orderBy(asc(d.tables.articles.id)),
    history: await db.select().from(d.tables.history).orderBy(asc(d.tables.history.id)),
    outbox: await db.select().from(d.tables.outbox).orderBy(asc(d.tables.outbox.id)),
    watchers: await db.select().from(d.tables.watchers),
    links: await db.select().from(d.tables.ticketLinks),
    customers: await db.select().from(d.tables.customers).orderBy(asc(d.tables.customers.id)),
    counters: await db.select().from(d.tables.ticketNumberCounters),
  };
}

const expectDenied = (action: () => unknown) => refused(PermissionDeniedError, 'permission_denied', action);

const reply = { kind: 'reply', channel: 'slack', body: 'Try forgetting the network.' } as const;
const note = { kind: 'note', channel: 'internal', body: 'Checked the RADIUS logs.' } as const;

describe('a customer on their own ticket', () => {
  const attempts: [string, (number: string, second: string) => unknown][] = [
    ['claim', (n) => t.desk.claimTicket(student, ticketNumberOf(n))],
    ['assign an owner', (n) => t.desk.assignOwner(student, ticketNumberOf(n), slackUserIdOf('U0MARIA001'))],
    [
      'set the responsible',
      (n) => t.desk.setResponsible(student, ticketNumberOf(n), slackUserIdOf('U0MARIA001')),
    ],
    [
      'escalate',
      (n) => t.desk.escalateTicket(student, ticketNumberOf(n), queueKeyOf('reti'), 'please hurry'),
    ],
    ['change the priority', (n) => t.desk.setPriority(student, ticketNumberOf(n), 5)],
    ['set pending', (n) => t.desk.setPending(student, ticketNumberOf(n), 'pending_reminder', TOMORROW)],
    ['merge', (n, second) => t.desk.mergeTickets(student, ticketNumberOf(second), ticketNumberOf(n))],
    ['reply as an operator', (n) => t.desk.addArticle(student, ticketNumberOf(n), reply)],
    ['add an internal note', (n) => t.desk.addArticle(student, ticketNumberOf(n), note)],
  ];

  it.each(attempts)('cannot %s', async (_what, attempt) => {
    const { ticket } = await openSimple(t);
    const second = (await openSimple(t, student, 'helpdesk', 'Printer jams')).ticket;
    const error = await expectDenied(() => attempt(ticket.number, second.number));
    expect(error.message).toMatch(/^You are not allowed to .+ in Ticket#\d{16}\.$/);
    expect(error.params.where).toEqual({ ticketNumber: expect.stringMatching(/^\d{16}$/) });
  });

  it('can still read, write and close their own request', async () => {
    const { ticket } = await openSimple(t);
    expect((await t.desk.getTicket(student, ticket.number)).view).toBe('customer');
    await t.desk.addArticle(student, ticket.number, {
      kind: 'customer',
      channel: 'slack',
      body: 'Still broken.',
    });
    const closed = await t.desk.closeTicket(student, ticket.number, { state: 'closed_successful' });
    expect(closed.state).toBe('closed_successful');
  });
});

describe("someone else's ticket", () => {
  it('another customer can neither read nor follow up nor close it', async () => {
    const { ticket } = await openSimple(t);
    await expectDenied(() => t.desk.getTicket(otherStudent, ticket.number));
    await expectDenied(() =>
      t.desk.followUp(otherStudent, ticket.number, { channel: 'slack', body: 'Me too, same problem.' }),
    );
    await expectDenied(() =>
      t.desk.addArticle(otherStudent, ticket.number, { kind: 'customer', channel: 'slack', body: 'Me too.' }),
    );
    await expectDenied(() =>
      t.desk.closeTicket(otherStudent, ticket.number, { state: 'closed_unsuccessful' }),
    );
    await expectDenied(() => t.desk.getTicket(externalUser, ticket.number));
  });

  it("a customer can list neither another customer's tickets nor a queue", async () => {
    const { ticket } = await openSimple(t);
    await expectDenied(() =>
      t.desk.customerTickets(otherStudent, { customerSlackUserId: slackUserIdOf('U0STUDENT1') }),
    );
    expect((await t.desk.customerTickets(otherStudent)).items).toEqual([]);
    expect((await t.desk.customerTickets(student)).items.map((x) => x.number)).toEqual([ticket.number]);
    await expectDenied(() => t.desk.queueView(student, queueKeyOf('helpdesk')));
  });
});

describe('giulia: read and note on helpdesk', () => {
  it('reads the ticket as staff and adds notes', async () => {
    const { ticket } = await openSimple(t);
    const details = await t.desk.getTicket(giulia, ticket.number);
    expect(details.view).toBe('staff');
    expect(details.history.map((h) => h.event)).toEqual(['NewTicket']);
    const { article } = await t.desk.addArticle(giulia, ticket.number, note);
    expect(article.customerVisible).toBe(false);
    expect(await historyEvents(t, ticket.id)).toEqual(['NewTicket', 'AddNote']);
    expect((await t.desk.queueView(giulia, queueKeyOf('helpdesk'))).items.map((x) => x.number)).toEqual([
      ticket.number,
    ]);
  });

  it('cannot claim, reply, close, move, change priority, set pending or release', async () => {
    const { ticket } = await openSimple(t);
    const n = ticket.number;
    await expectDenied(() => t.desk.claimTicket(giulia, n));
    await expectDenied(() => t.desk.addArticle(giulia, n, reply));
    await expectDenied(() => t.desk.closeTicket(giulia, n, { state: 'closed_successful' }));
    await expectDenied(() => t.desk.escalateTicket(giulia, n, queueKeyOf('reti'), 'network issue'));
    await expectDenied(() => t.desk.setPriority(giulia, n, 4));
    await expectDenied(() => t.desk.setPending(giulia, n, 'pending_reminder', TOMORROW));
    await t.desk.claimTicket(maria, n);
    await expectDenied(() => t.desk.releaseTicket(giulia, n));
  });
});

describe('luca: rw on reti only', () => {
  it('cannot act on a helpdesk ticket', async () => {
    const { ticket } = await openSimple(t);
    const n = ticket.number;
    await expectDenied(() => t.desk.getTicket(luca, n));
    await expectDenied(() => t.desk.claimTicket(luca, n));
    await expectDenied(() => t.desk.addArticle(luca, n, reply));
    await expectDenied(() => t.desk.addArticle(luca, n, note));
    await expectDenied(() => t.desk.escalateTicket(luca, n, queueKeyOf('reti'), 'mine'));
    await expectDenied(() => t.desk.queueView(luca, queueKeyOf('helpdesk')));
  });

  it('works the ticket once it is escalated to reti', async () => {
    const { ticket } = await openSimple(t);
    await t.desk.escalateTicket(maria, ticket.number, queueKeyOf('reti'), 'Access point on floor 3');
    expect((await t.desk.getTicket(luca, ticket.number)).view).toBe('staff');
    const claimed = await t.desk.claimTicket(luca, ticket.number);
    expect(claimed.locked).toBe(true);
    await t.desk.addArticle(luca, ticket.number, reply);
    expect((await t.desk.queueView(luca, queueKeyOf('reti'))).items.map((x) => x.number)).toEqual([
      ticket.number,
    ]);
  });
});

describe('paolo: didattica, esami and biblioteca only', () => {
  it('cannot touch helpdesk tickets', async () => {
    const { ticket } = await openSimple(t);
    const n = ticket.number;
    await expectDenied(() => t.desk.getTicket(paolo, n));
    await expectDenied(() => t.desk.claimTicket(paolo, n));
    await expectDenied(() => t.desk.addArticle(paolo, n, note));
    await expectDenied(() => t.desk.addArticle(paolo, n, reply));
    await expectDenied(() => t.desk.closeTicket(paolo, n, { state: 'closed_successful' }));
    await expectDenied(() => t.desk.setPriority(paolo, n, 1));
    await expectDenied(() => t.desk.addWatcher(paolo, n));
    await expectDenied(() => t.desk.escalateTicket(paolo, n, queueKeyOf('reti'), 'x'));
  });
});

describe('anna: admin', () => {
  it('can do everything', async () => {
    const internal = (
      await t.desk.openTicket(anna, {
        queueKey: queueKeyOf('sistemi'),
        title: 'Disk almost full on db01',
        article: { channel: 'internal', body: '92% used' },
      })
    ).ticket;
    expect((await t.desk.getTicket(anna, internal.number)).queue.key).toBe('sistemi');

    const { ticket } = await openSimple(t);
    const other = (await openSimple(t, student, 'helpdesk', 'Printer jams')).ticket;
    const n = ticket.number;
    expect((await t.desk.getTicket(anna, n)).view).toBe('staff');
    await t.desk.addArticle(anna, n, note);
    expect((await t.desk.claimTicket(anna, n)).ownerId).not.toBeNull();
    await t.desk.addArticle(anna, n, reply);
    expect((await t.desk.setPriority(anna, n, 5)).priority).toBe(5);
    await t.desk.setResponsible(anna, n, slackUserIdOf('U0GIULIA01'));
    expect((await t.desk.escalateTicket(anna, n, queueKeyOf('reti'), 'AP down')).to.key).toBe('reti');
    expect((await t.desk.sendBackTicket(anna, n, 'fixed the AP')).to.key).toBe('helpdesk');
    expect((await t.desk.setPending(anna, n, 'pending_reminder', TOMORROW)).state).toBe('pending_reminder');
    await t.desk.assignOwner(anna, n, slackUserIdOf('U0MARIA001'));
    expect((await t.desk.releaseTicket(anna, n)).locked).toBe(false);
    expect((await t.desk.closeTicket(anna, n, { state: 'closed_successful' })).state).toBe(
      'closed_successful',
    );
    expect((await t.desk.reopenTicket(anna, n)).state).toBe('open');
    expect((await t.desk.mergeTickets(anna, other.number, n)).source.state).toBe('merged');
    await t.desk.addWatcher(anna, n);
    await t.desk.addWatcher(anna, n, slackUserIdOf('U0MARIA001'));
    expect((await t.desk.searchTickets(anna, 'eduroam')).map((x) => x.number)).toEqual([n]);
    expect((await t.desk.statistics(anna, { from: START, to: TOMORROW })).openedInPeriod).toBe(3);
    expect((await t.desk.queueView(anna, queueKeyOf('sistemi'))).items.map((x) => x.number)).toEqual([
      internal.number,
    ]);
  });
});

describe('opening tickets', () => {
  const countTickets = async () => (await t.db.select().from(t.tables.tickets)).length;

  it('a customer cannot open in a queue hidden from customers', async () => {
    const error = await expectDenied(() => openSimple(t, student, 'sistemi'));
    expect(error.message).toBe('You are not allowed to open tickets in queue Sistemi.');
    expect(await countTickets()).toBe(0);
  });

  it('a customer cannot open in a sub-queue', async () => {
    await expectDenied(() => openSimple(t, student, 'reti'));
    await expectDenied(() => openSimple(t, externalUser, 'esami'));
    expect(await countTickets()).toBe(0);
  });

  it('an operator with rights opens in the sub-queue and in the internal queue', async () => {
    const inReti = (await openSimple(t, maria, 'reti')).ticket;
    expect((await t.desk.getTicket(maria, inReti.number)).queue.key).toBe('reti');
    const forStudent = (
      await t.desk.openTicket(maria, {
        queueKey: queueKeyOf('reti'),
        title: 'Switch port dead in room 12',
        article: { channel: 'phone', body: 'The student called.' },
        customer: { slackUserId: slackUserIdOf('U0STUDENT1') },
      })
    ).ticket;
    // The customer sees the first-level queue of a ticket opened straight in a sub-queue.
    expect((await t.desk.getTicket(student, forStudent.number)).queue.key).toBe('helpdesk');
    expect((await openSimple(t, maria, 'sistemi')).ticket.state).toBe('new');
  });

  it('opening on behalf of someone else needs create in the queue', async () => {
    const onBehalf = (actor: Actor, queueKey: string) => () =>
      t.desk.openTicket(actor, {
        queueKey: queueKeyOf(queueKey),
        title: 'Printer on floor 2',
        article: { channel: 'phone', body: 'Called: the printer jams.' },
        customer: { email: 'prof.gialli@ateneo.example', name: 'Prof. Gialli' },
      });
    const error = await expectDenied(onBehalf(giulia, 'helpdesk'));
    expect(error.message).toBe(
      'You are not allowed to open tickets for someone else in queue Helpdesk informatico.',
    );
    await expectDenied(onBehalf(paolo, 'helpdesk'));
    await expectDenied(onBehalf(luca, 'helpdesk'));
    await expectDenied(onBehalf(student, 'helpdesk'));
    expect(await countTickets()).toBe(0);
    expect((await onBehalf(paolo, 'didattica')()).ticket.state).toBe('new');
    expect((await onBehalf(anna, 'helpdesk')()).ticket.state).toBe('new');
  });
});

describe('the responsible of a ticket', () => {
  it('can only be someone who sees the queue', async () => {
    const { ticket } = await openSimple(t);
    const error = await expectDenied(() =>
      t.desk.setResponsible(maria, ticket.number, slackUserIdOf('U0PAOLO001')),
    );
    expect(error.message).toContain('Paolo Ricci');
    await expectDenied(() => t.desk.setResponsible(maria, ticket.number, slackUserIdOf('U0LUCA0001')));
  });

  it('reads, notes, changes priority, claims and closes without rights in the queue, and no more', async () => {
    const { ticket } = await openSimple(t);
    const n = ticket.number;
    // Luca becomes responsible while the ticket is in reti, then it goes back to helpdesk where he has no rights.
    await t.desk.escalateTicket(maria, n, queueKeyOf('reti'), 'AP on floor 3');
    await t.desk.setResponsible(maria, n, slackUserIdOf('U0LUCA0001'));
    await t.desk.sendBackTicket(luca, n, 'not a network problem');
    const unrelated = (await openSimple(t, student, 'helpdesk', 'Printer jams')).ticket;
    await expectDenied(() => t.desk.getTicket(luca, unrelated.number));

    const details = await t.desk.getTicket(luca, n);
    expect(details.view).toBe('staff');
    expect(details.queue.key).toBe('helpdesk');
    expect(details.responsible?.name).toBe('Luca Verdi');
    await t.desk.addArticle(luca, n, note);
    expect((await t.desk.setPriority(luca, n, 4)).priority).toBe(4);
    await expectDenied(() => t.desk.addArticle(luca, n, reply));
    await expectDenied(() => t.desk.setPending(luca, n, 'pending_reminder', TOMORROW));
    await expectDenied(() => t.desk.escalateTicket(luca, n, queueKeyOf('posta'), 'mail'));
    await expectDenied(() => t.desk.mergeTickets(luca, unrelated.number, n));
    await expectDenied(() =>
      t.desk.closeTicket(luca, n, { state: 'closed_successful', message: 'Done, bye.' }),
    );
    const claimed = await t.desk.claimTicket(luca, n);
    expect(claimed.locked).toBe(true);
    expect((await t.desk.closeTicket(luca, n, { state: 'closed_successful' })).state).toBe(
      'closed_successful',
    );
    await expectDenied(() => t.desk.reopenTicket(luca, n));
  });
});

describe("the customer's view", () => {
  it('shows only customer-visible articles, no history, and the first-level queue', async () => {
    const { ticket } = await openSimple(t);
    const n = ticket.number;
    await t.desk.claimTicket(maria, n);
    await t.desk.addArticle(maria, n, reply);
    await t.desk.addArticle(maria, n, note);
    await t.desk.addWatcher(maria, n);
    await t.desk.escalateTicket(maria, n, queueKeyOf('reti'), 'Secret: RADIUS server misconfigured');

    const staff = await t.desk.getTicket(maria, n);
    expect(staff.view).toBe('staff');
    expect(staff.queue.key).toBe('reti');
    expect(staff.articles).toHaveLength(4);

    const seen = await t.desk.getTicket(student, n);
    expect(seen.view).toBe('customer');
    expect(seen.queue.key).toBe('helpdesk');
    expect(seen.queue.name).toBe('Helpdesk informatico');
    expect(seen.history).toEqual([]);
    expect(seen.watchers).toEqual([]);
    expect(seen.articles.map((a) => a.body)).toEqual([
      'Cannot connect to eduroam: it keeps asking for my password.',
      'Try forgetting the network.',
    ]);
    expect(seen.articles.every((a) => a.customerVisible)).toBe(true);
    expect(JSON.stringify(seen.articles)).not.toContain('RADIUS');
  });
});

describe('search and statistics', () => {
  it('are refused to a plain customer', async () => {
    await openSimple(t);
    const period = { from: START, to: TOMORROW };
    await expectDenied(() => t.desk.searchTickets(student, 'eduroam'));
    await expectDenied(() => t.desk.statistics(student, period));
    await expectDenied(() => t.desk.searchTickets(externalUser, 'eduroam'));
    await expectDenied(() => t.desk.statistics(externalUser, period));
  });

  it('are limited to the queues an operator can read', async () => {
    const { ticket } = await openSimple(t);
    expect((await t.desk.searchTickets(maria, 'eduroam')).map((x) => x.number)).toEqual([ticket.number]);
    expect((await t.desk.searchTickets(giulia, 'eduroam')).map((x) => x.number)).toEqual([ticket.number]);
    expect(await t.desk.searchTickets(paolo, 'eduroam')).toEqual([]);
    expect((await t.desk.statistics(paolo, { from: START, to: TOMORROW })).openedInPeriod).toBe(0);
    await expectDenied(() =>
      t.desk.statistics(paolo, { from: START, to: TOMORROW, queueKey: queueKeyOf('helpdesk') }),
    );
  });
});

/** A refusal that must leave the whole database as it was. */
async function refused<E extends HelpDeskError>(
  type: abstract new (...args: never[]) => E,
  code: string,
  action: () => unknown,
): Promise<E> {
  return expectRefused(type, code, action, () => snapshot(t));
}
