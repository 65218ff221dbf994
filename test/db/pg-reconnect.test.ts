import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, openSimple, type TestDesk } from '../support/desk.js';
import { type OwnPostgres, startOwnPostgres } from '../support/own-postgres.js';

let postgres: OwnPostgres;
let t: TestDesk;

beforeAll(async () => {
  postgres = await startOwnPostgres('pg-restart', { migrated: true });
  t = await createTestDesk(postgres.deskUrl);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await postgres?.dispose();
});

describe('the desk on PostgreSQL when the server restarts', () => {
  it('keeps working: what is asked while the server is down waits for it and then runs once', async () => {
    const first = await openSimple(t, undefined, 'helpdesk', 'Before the restart');
    // The pool's connections are idle now: the server closes them as it stops.
    await postgres.stopServer();
    const opening = openSimple(t, undefined, 'helpdesk', 'During the restart');
    const listing = t.desk.getTicket({ kind: 'system', label: 'test' }, first.ticket.number);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await postgres.startServer();

    const during = await opening;
    expect((await listing).ticket.title).toBe('Before the restart');
    const after = await openSimple(t, undefined, 'helpdesk', 'After the restart');
    const titles = await t.db.select({ title: t.tables.tickets.title }).from(t.tables.tickets);
    expect(titles.map((row) => row.title).sort()).toEqual([
      'After the restart',
      'Before the restart',
      'During the restart',
    ]);
    expect(new Set([first.ticket.number, during.ticket.number, after.ticket.number]).size).toBe(3);
  }, 60_000);
});
