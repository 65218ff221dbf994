import { afterEach, describe, expect, it } from 'vitest';

import type { TestDesk } from '../../support/desk.js';
import { jobsOf, maria, open, slaDesk, utc } from '../sla/sla-desk.js';

let t: TestDesk;
afterEach(() => t.close());

describe('tickets written before the schedule existed', () => {
  it('are scheduled at start, once: a pending ticket gets its reminder back', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const pending = await open(t);
    await t.desk.setPending(maria, pending.number, 'pending_reminder', new Date('2026-02-10T09:00:00+01:00'));
    const closed = await open(t);
    await t.desk.closeTicket(maria, closed.number, { state: 'closed_unsuccessful' });
    const working = await open(t);
    // As the database stood before the schedule: no job at all.
    await t.db.delete(t.tables.scheduledJobs);

    expect(await t.desk.scheduleUnscheduledTickets(1)).toBe(2);
    expect(await jobsOf(t, pending.id)).toEqual([`pending_reminder/@${utc('2026-02-10T09:00:00+01:00')}`]);
    expect(await jobsOf(t, working.id)).toHaveLength(6);
    expect(await jobsOf(t, closed.id)).toEqual([]);
    expect(await t.desk.scheduleUnscheduledTickets()).toBe(0);
    t.clock.set(new Date('2026-02-10T09:00:00+01:00'));
    expect((await t.desk.runDueJobs()).byKind.pending_reminder).toBe(1);
  });
});
