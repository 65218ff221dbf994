import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import { type HelpDeskError, PermissionDeniedError } from '../../src/core/errors.js';
import {
  articles,
  customers,
  history,
  outbox,
  ticketLinks,
  ticketNumberCounters,
  tickets,
  watchers,
} from '../../src/db/schema.js';
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
function snapshot(d: TestDesk) {
  const db = d.handle.db;
  return {
    tickets: db.select().from(tickets).orderBy(asc(tickets.id)).all(),
    articles: db.select().from(articles).orderBy(asc(articles.id)).all(),
    history: db.select().from(history).orderBy(asc(history.id)).all(),
    outbox: db.select().from(outbox).orderBy(asc(outbox.id)).all(),
    watchers: db.select().from(watchers).all(),
    links: db.select().from(ticketLinks).all(),
    customers: db.select().from(customers).orderBy(asc(customers.id)).all(),
    counters: db.select().from(ticketNumberCounters).all(),
  };
}

const expectDenied = (action: () => unknown) => refused(PermissionDeniedError, 'permission_denied', action);

const reply = { kind: 'reply', channel: 'slack', body: 'Try forgetting the network.' } as const;
const note = { kind: 'note', channel: 'internal', body: 'Checked the RADIUS logs.' } as const;

describe('a customer on their own ticket', () => {
  const attempts: [string, (number: string, second: string) => unknown][] = [
    ['claim', (n) => t.desk.claimTicket(student, n)],
    ['assign an owner', (n) => t.desk.assignOwner(student, n, 'U0MARIA001')],
    ['set the responsible', (n) => t.desk.setResponsible(student, n, 'U0MARIA001')],
    ['escalate', (n) => t.desk.escalateTicket(student, n, 'reti', 'please hurry')],
    ['change the priority', (n) => t.desk.setPriority(student, n, 5)],
    ['set pending', (n) => t.desk.setPending(student, n, 'pending_reminder', TOMORROW)],
    ['merge', (n, second) => t.desk.mergeTickets(student, second, n)],
    ['reply as an operator', (n) => t.desk.addArticle(student, n, reply)],
    ['add an internal note', (n) => t.desk.addArticle(student, n, note)],
  ];

  it.each(attempts)('cannot %s', (_what, attempt) => {
    const { ticket } = openSimple(t);
    const second = openSimple(t, student, 'helpdesk', 'Printer jams').ticket;
    const error = expectDenied(() => attempt(ticket.number, second.number));
    expect(error.message).toMatch(/^You are not allowed to .+ in Ticket#\d{16}\.$/);
    expect(error.params.where).toMatch(/^Ticket#(\d{16})$/);
  });

  it('can still read, write and close their own request', () => {
    const { ticket } = openSimple(t);
    expect(t.desk.getTicket(student, ticket.number).view).toBe('customer');
    t.desk.addArticle(student, ticket.number, { kind: 'customer', channel: 'slack', body: 'Still broken.' });
    const closed = t.desk.closeTicket(student, ticket.number, { state: 'closed_successful' });
    expect(closed.state).toBe('closed_successful');
  });
});

describe("someone else's ticket", () => {
  it('another customer can neither read nor follow up nor close it', () => {
    const { ticket } = openSimple(t);
    expectDenied(() => t.desk.getTicket(otherStudent, ticket.number));
    expectDenied(() =>
      t.desk.followUp(otherStudent, ticket.number, { channel: 'slack', body: 'Me too, same problem.' }),
    );
    expectDenied(() =>
      t.desk.addArticle(otherStudent, ticket.number, { kind: 'customer', channel: 'slack', body: 'Me too.' }),
    );
    expectDenied(() => t.desk.closeTicket(otherStudent, ticket.number, { state: 'closed_unsuccessful' }));
    expectDenied(() => t.desk.getTicket(externalUser, ticket.number));
  });

  it("a customer can list neither another customer's tickets nor a queue", () => {
    const { ticket } = openSimple(t);
    expectDenied(() => t.desk.customerTickets(otherStudent, { customerSlackUserId: 'U0STUDENT1' }));
    expect(t.desk.customerTickets(otherStudent).items).toEqual([]);
    expect(t.desk.customerTickets(student).items.map((x) => x.number)).toEqual([ticket.number]);
    expectDenied(() => t.desk.queueView(student, 'helpdesk'));
  });
});

describe('giulia: read and note on helpdesk', () => {
  it('reads the ticket as staff and adds notes', () => {
    const { ticket } = openSimple(t);
    const details = t.desk.getTicket(giulia, ticket.number);
    expect(details.view).toBe('staff');
    expect(details.history.map((h) => h.event)).toEqual(['NewTicket']);
    const { article } = t.desk.addArticle(giulia, ticket.number, note);
    expect(article.customerVisible).toBe(false);
    expect(historyEvents(t, ticket.id)).toEqual(['NewTicket', 'AddNote']);
    expect(t.desk.queueView(giulia, 'helpdesk').items.map((x) => x.number)).toEqual([ticket.number]);
  });

  it('cannot claim, reply, close, move, change priority, set pending or release', () => {
    const { ticket } = openSimple(t);
    const n = ticket.number;
    expectDenied(() => t.desk.claimTicket(giulia, n));
    expectDenied(() => t.desk.addArticle(giulia, n, reply));
    expectDenied(() => t.desk.closeTicket(giulia, n, { state: 'closed_successful' }));
    expectDenied(() => t.desk.escalateTicket(giulia, n, 'reti', 'network issue'));
    expectDenied(() => t.desk.setPriority(giulia, n, 4));
    expectDenied(() => t.desk.setPending(giulia, n, 'pending_reminder', TOMORROW));
    t.desk.claimTicket(maria, n);
    expectDenied(() => t.desk.releaseTicket(giulia, n));
  });
});

describe('luca: rw on reti only', () => {
  it('cannot act on a helpdesk ticket', () => {
    const { ticket } = openSimple(t);
    const n = ticket.number;
    expectDenied(() => t.desk.getTicket(luca, n));
    expectDenied(() => t.desk.claimTicket(luca, n));
    expectDenied(() => t.desk.addArticle(luca, n, reply));
    expectDenied(() => t.desk.addArticle(luca, n, note));
    expectDenied(() => t.desk.escalateTicket(luca, n, 'reti', 'mine'));
    expectDenied(() => t.desk.queueView(luca, 'helpdesk'));
  });

  it('works the ticket once it is escalated to reti', () => {
    const { ticket } = openSimple(t);
    t.desk.escalateTicket(maria, ticket.number, 'reti', 'Access point on floor 3');
    expect(t.desk.getTicket(luca, ticket.number).view).toBe('staff');
    const claimed = t.desk.claimTicket(luca, ticket.number);
    expect(claimed.locked).toBe(true);
    t.desk.addArticle(luca, ticket.number, reply);
    expect(t.desk.queueView(luca, 'reti').items.map((x) => x.number)).toEqual([ticket.number]);
  });
});

describe('paolo: didattica, esami and biblioteca only', () => {
  it('cannot touch helpdesk tickets', () => {
    const { ticket } = openSimple(t);
    const n = ticket.number;
    expectDenied(() => t.desk.getTicket(paolo, n));
    expectDenied(() => t.desk.claimTicket(paolo, n));
    expectDenied(() => t.desk.addArticle(paolo, n, note));
    expectDenied(() => t.desk.addArticle(paolo, n, reply));
    expectDenied(() => t.desk.closeTicket(paolo, n, { state: 'closed_successful' }));
    expectDenied(() => t.desk.setPriority(paolo, n, 1));
    expectDenied(() => t.desk.addWatcher(paolo, n));
    expectDenied(() => t.desk.escalateTicket(paolo, n, 'reti', 'x'));
  });
});

describe('anna: admin', () => {
  it('can do everything', () => {
    const internal = t.desk.openTicket(anna, {
      queueKey: 'sistemi',
      title: 'Disk almost full on db01',
      article: { channel: 'internal', body: '92% used' },
    }).ticket;
    expect(t.desk.getTicket(anna, internal.number).queue.key).toBe('sistemi');

    const { ticket } = openSimple(t);
    const other = openSimple(t, student, 'helpdesk', 'Printer jams').ticket;
    const n = ticket.number;
    expect(t.desk.getTicket(anna, n).view).toBe('staff');
    t.desk.addArticle(anna, n, note);
    expect(t.desk.claimTicket(anna, n).ownerId).not.toBeNull();
    t.desk.addArticle(anna, n, reply);
    expect(t.desk.setPriority(anna, n, 5).priority).toBe(5);
    t.desk.setResponsible(anna, n, 'U0GIULIA01');
    expect(t.desk.escalateTicket(anna, n, 'reti', 'AP down').to.key).toBe('reti');
    expect(t.desk.sendBackTicket(anna, n, 'fixed the AP').to.key).toBe('helpdesk');
    expect(t.desk.setPending(anna, n, 'pending_reminder', TOMORROW).state).toBe('pending_reminder');
    t.desk.assignOwner(anna, n, 'U0MARIA001');
    expect(t.desk.releaseTicket(anna, n).locked).toBe(false);
    expect(t.desk.closeTicket(anna, n, { state: 'closed_successful' }).state).toBe('closed_successful');
    expect(t.desk.reopenTicket(anna, n).state).toBe('open');
    expect(t.desk.mergeTickets(anna, other.number, n).source.state).toBe('merged');
    t.desk.addWatcher(anna, n);
    t.desk.addWatcher(anna, n, 'U0MARIA001');
    expect(t.desk.searchTickets(anna, 'eduroam').map((x) => x.number)).toEqual([n]);
    expect(t.desk.statistics(anna, { from: START, to: TOMORROW }).openedInPeriod).toBe(3);
    expect(t.desk.queueView(anna, 'sistemi').items.map((x) => x.number)).toEqual([internal.number]);
  });
});

describe('opening tickets', () => {
  const countTickets = () => t.handle.db.select().from(tickets).all().length;

  it('a customer cannot open in a queue hidden from customers', () => {
    const error = expectDenied(() => openSimple(t, student, 'sistemi'));
    expect(error.message).toBe('You are not allowed to open tickets in queue Sistemi.');
    expect(countTickets()).toBe(0);
  });

  it('a customer cannot open in a sub-queue', () => {
    expectDenied(() => openSimple(t, student, 'reti'));
    expectDenied(() => openSimple(t, externalUser, 'esami'));
    expect(countTickets()).toBe(0);
  });

  it('an operator with rights opens in the sub-queue and in the internal queue', () => {
    const inReti = openSimple(t, maria, 'reti').ticket;
    expect(t.desk.getTicket(maria, inReti.number).queue.key).toBe('reti');
    const forStudent = t.desk.openTicket(maria, {
      queueKey: 'reti',
      title: 'Switch port dead in room 12',
      article: { channel: 'phone', body: 'The student called.' },
      customer: { slackUserId: 'U0STUDENT1' },
    }).ticket;
    // The customer sees the first-level queue of a ticket opened straight in a sub-queue.
    expect(t.desk.getTicket(student, forStudent.number).queue.key).toBe('helpdesk');
    expect(openSimple(t, maria, 'sistemi').ticket.state).toBe('new');
  });

  it('opening on behalf of someone else needs create in the queue', () => {
    const onBehalf = (actor: Actor, queueKey: string) => () =>
      t.desk.openTicket(actor, {
        queueKey,
        title: 'Printer on floor 2',
        article: { channel: 'phone', body: 'Called: the printer jams.' },
        customer: { email: 'prof.gialli@ateneo.example', name: 'Prof. Gialli' },
      });
    const error = expectDenied(onBehalf(giulia, 'helpdesk'));
    expect(error.message).toBe(
      'You are not allowed to open tickets for someone else in queue Helpdesk informatico.',
    );
    expectDenied(onBehalf(paolo, 'helpdesk'));
    expectDenied(onBehalf(luca, 'helpdesk'));
    expectDenied(onBehalf(student, 'helpdesk'));
    expect(countTickets()).toBe(0);
    expect(onBehalf(paolo, 'didattica')().ticket.state).toBe('new');
    expect(onBehalf(anna, 'helpdesk')().ticket.state).toBe('new');
  });
});

describe('the responsible of a ticket', () => {
  it('can only be someone who sees the queue', () => {
    const { ticket } = openSimple(t);
    const error = expectDenied(() => t.desk.setResponsible(maria, ticket.number, 'U0PAOLO001'));
    expect(error.message).toContain('Paolo Ricci');
    expectDenied(() => t.desk.setResponsible(maria, ticket.number, 'U0LUCA0001'));
  });

  it('reads, notes, changes priority, claims and closes without rights in the queue, and no more', () => {
    const { ticket } = openSimple(t);
    const n = ticket.number;
    // Luca becomes responsible while the ticket is in reti, then it goes back to helpdesk where he has no rights.
    t.desk.escalateTicket(maria, n, 'reti', 'AP on floor 3');
    t.desk.setResponsible(maria, n, 'U0LUCA0001');
    t.desk.sendBackTicket(luca, n, 'not a network problem');
    const unrelated = openSimple(t, student, 'helpdesk', 'Printer jams').ticket;
    expectDenied(() => t.desk.getTicket(luca, unrelated.number));

    const details = t.desk.getTicket(luca, n);
    expect(details.view).toBe('staff');
    expect(details.queue.key).toBe('helpdesk');
    expect(details.responsible?.name).toBe('Luca Verdi');
    t.desk.addArticle(luca, n, note);
    expect(t.desk.setPriority(luca, n, 4).priority).toBe(4);
    expectDenied(() => t.desk.addArticle(luca, n, reply));
    expectDenied(() => t.desk.setPending(luca, n, 'pending_reminder', TOMORROW));
    expectDenied(() => t.desk.escalateTicket(luca, n, 'posta', 'mail'));
    expectDenied(() => t.desk.mergeTickets(luca, unrelated.number, n));
    expectDenied(() => t.desk.closeTicket(luca, n, { state: 'closed_successful', message: 'Done, bye.' }));
    const claimed = t.desk.claimTicket(luca, n);
    expect(claimed.locked).toBe(true);
    expect(t.desk.closeTicket(luca, n, { state: 'closed_successful' }).state).toBe('closed_successful');
    expectDenied(() => t.desk.reopenTicket(luca, n));
  });
});

describe("the customer's view", () => {
  it('shows only customer-visible articles, no history, and the first-level queue', () => {
    const { ticket } = openSimple(t);
    const n = ticket.number;
    t.desk.claimTicket(maria, n);
    t.desk.addArticle(maria, n, reply);
    t.desk.addArticle(maria, n, note);
    t.desk.addWatcher(maria, n);
    t.desk.escalateTicket(maria, n, 'reti', 'Secret: RADIUS server misconfigured');

    const staff = t.desk.getTicket(maria, n);
    expect(staff.view).toBe('staff');
    expect(staff.queue.key).toBe('reti');
    expect(staff.articles).toHaveLength(4);

    const seen = t.desk.getTicket(student, n);
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
  it('are refused to a plain customer', () => {
    openSimple(t);
    const period = { from: START, to: TOMORROW };
    expectDenied(() => t.desk.searchTickets(student, 'eduroam'));
    expectDenied(() => t.desk.statistics(student, period));
    expectDenied(() => t.desk.searchTickets(externalUser, 'eduroam'));
    expectDenied(() => t.desk.statistics(externalUser, period));
  });

  it('are limited to the queues an operator can read', () => {
    const { ticket } = openSimple(t);
    expect(t.desk.searchTickets(maria, 'eduroam').map((x) => x.number)).toEqual([ticket.number]);
    expect(t.desk.searchTickets(giulia, 'eduroam').map((x) => x.number)).toEqual([ticket.number]);
    expect(t.desk.searchTickets(paolo, 'eduroam')).toEqual([]);
    expect(t.desk.statistics(paolo, { from: START, to: TOMORROW }).openedInPeriod).toBe(0);
    expectDenied(() => t.desk.statistics(paolo, { from: START, to: TOMORROW, queueKey: 'helpdesk' }));
  });
});

/** A refusal that must leave the whole database as it was. */
function refused<E extends HelpDeskError>(
  type: abstract new (...args: never[]) => E,
  code: string,
  action: () => unknown,
): E {
  return expectRefused(type, code, action, () => snapshot(t));
}
