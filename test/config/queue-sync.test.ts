import { resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadQueuesConfig, parseQueuesConfig, type QueuesConfig } from '../../src/config/queues-file.js';
import { ManualClock } from '../../src/core/clock.js';
import { createHelpDesk } from '../../src/core/help-desk.js';
import { type QueueKey, queueKeyOf, slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';
import { createDb, type DbHandle } from '../../src/db/client.js';
import { theRow } from '../../src/db/prepared.js';
import { agents, calendars, customers, queuePermissions, queues, tickets } from '../../src/db/schema.js';
import { formatSyncReport } from '../../src/present/sync-report.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const LATER = new Date('2026-03-03T09:00:00Z');

const BASE = `
admins: [U0ADMIN001]
agents:
  - { slack_user_id: U0MROSSI01, name: Maria Rossi, email: maria.rossi@ateneo.example, language: it }
  - { slack_user_id: U0LVERDI02, name: Luca Verdi }
  - { slack_user_id: U0GBIANCHI, name: Giulia Bianchi }
calendars:
  - key: ateneo
    name: Orario degli uffici
    hours: { mon: ["08:30-13:00", "14:00-17:30"], fri: ["08:30-13:00"] }
    holidays: { italian_national: true, dates: ["12-07"] }
queues:
  - key: helpdesk
    name: Helpdesk informatico
    channel: C0HELPDESK1
    operators: [U0MROSSI01, U0LVERDI02]
    permissions: { U0GBIANCHI: [read, note], U0MROSSI01: [rw] }
    calendar: ateneo
    sla: { first_response_minutes: 60, solution_minutes: 2400 }
  - key: reti
    name: Reti e Wi-Fi
    parent: helpdesk
    operators: [U0LVERDI02]
    follow_up: reopen
    reopen_window_days: 14
  - key: wifi-ospiti
    name: Wi-Fi ospiti
    parent: reti
    follow_up: new_ticket
  - key: didattica
    name: Segreteria didattica
    customer_visible: false
    follow_up: reject
`;

const config = (text = BASE): QueuesConfig => parseQueuesConfig(text, 'sportello.yml');

let handle: DbHandle;
beforeEach(() => {
  handle = createDb(':memory:');
});

/** Applies `queues` to the test's database as the desk does at `at`. */
function syncQueuesConfig(queues: QueuesConfig, at: Date) {
  const desk = createHelpDesk({
    db: handle.db,
    connection: handle.connection,
    clock: new ManualClock(at),
    systemId: queues.systemId,
    timeZone: queues.timeZone,
  });
  return desk.syncQueuesConfig(queues);
}
afterEach(() => handle.close());

const queueByKey = async (key: QueueKey) =>
  (await handle.db.select().from(queues).where(eq(queues.key, key)))[0];

async function configPermissions(): Promise<string[]> {
  return (
    await handle.db
      .select({ queue: queues.key, agent: agents.slackUserId, permission: queuePermissions.permission })
      .from(queuePermissions)
      .innerJoin(queues, eq(queues.id, queuePermissions.queueId))
      .innerJoin(agents, eq(agents.id, queuePermissions.agentId))
      .where(eq(queuePermissions.source, 'config'))
  )
    .map((row) => `${row.queue}:${row.agent}:${row.permission}`)
    .sort();
}

describe('syncQueuesConfig', () => {
  it('creates queues with level, parent and customer visibility', async () => {
    const report = await syncQueuesConfig(config(), NOW);
    expect(report).toEqual({ queuesCreated: 4, queuesUpdated: 0, queuesDeactivated: 0, agents: 4 });

    const helpdesk = await queueByKey(queueKeyOf('helpdesk'));
    const reti = await queueByKey(queueKeyOf('reti'));
    const ospiti = await queueByKey(queueKeyOf('wifi-ospiti'));
    const didattica = await queueByKey(queueKeyOf('didattica'));
    expect(helpdesk).toMatchObject({ level: 1, parentId: null, customerVisible: true, active: true });
    expect(helpdesk).toMatchObject({
      slackChannelId: 'C0HELPDESK1',
      firstResponseMinutes: 60,
      solutionMinutes: 2400,
    });
    expect(reti).toMatchObject({
      level: 2,
      parentId: helpdesk?.id,
      customerVisible: false,
      reopenWindowDays: 14,
    });
    expect(ospiti).toMatchObject({
      level: 3,
      parentId: reti?.id,
      customerVisible: false,
      followUp: 'new_ticket',
    });
    expect(didattica).toMatchObject({ level: 1, parentId: null, customerVisible: false, followUp: 'reject' });
    expect(helpdesk?.updatedAt).toEqual(NOW);
  });

  it('stores the calendar definition and links queues to it', async () => {
    await syncQueuesConfig(config(), NOW);
    const calendar = (await handle.db.select().from(calendars).where(eq(calendars.key, 'ateneo')))[0];
    expect(calendar).toMatchObject({ name: 'Orario degli uffici', timeZone: 'Europe/Rome' });
    expect(calendar?.definition).toMatchObject({
      hours: { mon: ['08:30-13:00', '14:00-17:30'], fri: ['08:30-13:00'], sun: [] },
      holidays: { italianNational: true, dates: ['12-07'] },
    });
    expect((await queueByKey(queueKeyOf('helpdesk')))?.calendarId).toBe(calendar?.id);
    expect((await queueByKey(queueKeyOf('reti')))?.calendarId).toBeNull();
  });

  it('upserts agents and admins, and takes admin rights away from whoever left the list', async () => {
    await syncQueuesConfig(config(), NOW);
    const rows = await handle.db.select().from(agents);
    expect(rows.map((row) => [row.slackUserId, row.name, row.isAdmin]).sort()).toEqual([
      ['U0ADMIN001', 'U0ADMIN001', true],
      ['U0GBIANCHI', 'Giulia Bianchi', false],
      ['U0LVERDI02', 'Luca Verdi', false],
      ['U0MROSSI01', 'Maria Rossi', false],
    ]);
    expect(rows.find((row) => row.slackUserId === 'U0MROSSI01')).toMatchObject({
      email: 'maria.rossi@ateneo.example',
      language: 'it',
    });

    const promoted = BASE.replace('admins: [U0ADMIN001]', 'admins: [U0MROSSI01]').replace(
      '{ slack_user_id: U0LVERDI02, name: Luca Verdi }',
      '{ slack_user_id: U0LVERDI02, name: Luca Verdi Neri, language: en }',
    );
    await syncQueuesConfig(config(promoted), LATER);
    const after = new Map((await handle.db.select().from(agents)).map((row) => [row.slackUserId, row]));
    expect(after.get(slackUserIdOf('U0MROSSI01'))?.isAdmin).toBe(true);
    expect(after.get(slackUserIdOf('U0ADMIN001'))?.isAdmin).toBe(false);
    expect(after.get(slackUserIdOf('U0LVERDI02'))).toMatchObject({ name: 'Luca Verdi Neri', language: 'en' });
  });

  it('keeps the id and the tickets of a renamed queue', async () => {
    await syncQueuesConfig(config(), NOW);
    const before = await queueByKey(queueKeyOf('reti'));
    if (!before) throw new Error('queue reti missing');
    const customer = theRow(
      await handle.db
        .insert(customers)
        .values({ slackUserId: slackUserIdOf('U0STUDENT1'), name: 'Anna Studente', createdAt: NOW })
        .returning(),
    );
    const ticket = theRow(
      await handle.db
        .insert(tickets)
        .values({
          number: ticketNumberOf('2026030210000019'),
          title: 'Il Wi-Fi in aula magna non funziona',
          state: 'open',
          working: true,
          queueId: before.id,
          customerId: customer.id,
          createdAt: NOW,
          updatedAt: NOW,
        })
        .returning(),
    );

    const report = await syncQueuesConfig(
      config(BASE.replace('name: Reti e Wi-Fi', 'name: Rete di Ateneo')),
      LATER,
    );
    expect(report).toMatchObject({ queuesCreated: 0, queuesUpdated: 1, queuesDeactivated: 0 });
    const after = await queueByKey(queueKeyOf('reti'));
    expect(after).toMatchObject({ id: before.id, name: 'Rete di Ateneo', updatedAt: LATER });
    expect((await queueByKey(queueKeyOf('wifi-ospiti')))?.parentId).toBe(before.id);
    const stored = (await handle.db.select().from(tickets).where(eq(tickets.id, ticket.id)))[0];
    expect(stored?.queueId).toBe(before.id);
  });

  it('deactivates a queue removed from the file, and reactivates it when it comes back', async () => {
    await syncQueuesConfig(config(), NOW);
    const removed = BASE.slice(0, BASE.indexOf('  - key: didattica'));
    const report = await syncQueuesConfig(config(removed), LATER);
    expect(report).toMatchObject({ queuesCreated: 0, queuesUpdated: 0, queuesDeactivated: 1 });
    expect(await queueByKey(queueKeyOf('didattica'))).toMatchObject({ active: false, updatedAt: LATER });
    expect(await handle.db.select().from(queues)).toHaveLength(4);

    const back = await syncQueuesConfig(config(), LATER);
    expect(back).toMatchObject({ queuesCreated: 0, queuesUpdated: 1, queuesDeactivated: 0 });
    expect((await queueByKey(queueKeyOf('didattica')))?.active).toBe(true);
  });

  it('grants rw to operators plus the finer permissions, once each', async () => {
    await syncQueuesConfig(config(), NOW);
    expect(await configPermissions()).toEqual([
      'helpdesk:U0GBIANCHI:note',
      'helpdesk:U0GBIANCHI:read',
      'helpdesk:U0LVERDI02:rw',
      'helpdesk:U0MROSSI01:rw',
      'reti:U0LVERDI02:rw',
    ]);
  });

  it('replaces config permissions and leaves channel permissions alone', async () => {
    await syncQueuesConfig(config(), NOW);
    const helpdesk = await queueByKey(queueKeyOf('helpdesk'));
    const giulia = (
      await handle.db
        .select()
        .from(agents)
        .where(eq(agents.slackUserId, slackUserIdOf('U0GBIANCHI')))
    )[0];
    if (!helpdesk || !giulia) throw new Error('seed missing');
    await handle.db
      .insert(queuePermissions)
      .values({ queueId: helpdesk.id, agentId: giulia.id, permission: 'rw', source: 'channel' });

    const changed = BASE.replace('operators: [U0MROSSI01, U0LVERDI02]', 'operators: [U0MROSSI01]').replace(
      'U0GBIANCHI: [read, note]',
      'U0GBIANCHI: [read]',
    );
    await syncQueuesConfig(config(changed), LATER);
    expect(await configPermissions()).toEqual([
      'helpdesk:U0GBIANCHI:read',
      'helpdesk:U0MROSSI01:rw',
      'reti:U0LVERDI02:rw',
    ]);
    const channelRows = await handle.db
      .select()
      .from(queuePermissions)
      .where(eq(queuePermissions.source, 'channel'));
    expect(channelRows).toEqual([
      { queueId: helpdesk.id, agentId: giulia.id, permission: 'rw', source: 'channel' },
    ]);
  });

  it('is idempotent: a second sync creates, updates and deactivates nothing', async () => {
    await syncQueuesConfig(config(), NOW);
    const first = await handle.db.select().from(queues);
    const report = await syncQueuesConfig(config(), LATER);
    expect(report).toEqual({ queuesCreated: 0, queuesUpdated: 0, queuesDeactivated: 0, agents: 4 });
    expect(await handle.db.select().from(queues)).toEqual(first);
    expect(formatSyncReport(report)).toBe('queues: 0 created, 0 updated, 0 deactivated; 4 agents');
  });

  it('applies nothing when a step fails', async () => {
    await syncQueuesConfig(config(), NOW);
    const broken = config();
    const helpdesk = broken.queues[0];
    if (helpdesk) helpdesk.name = 'Rinominata';
    broken.agents.push({ slackUserId: slackUserIdOf('U0NUOVO001'), name: 'Nuovo' });
    // Make the last step (permissions) fail: the renames and the new agent before it must roll back too.
    handle.sqlite.exec(`create trigger fail_permissions before insert on queue_permissions
      begin select raise(abort, 'boom'); end`);
    await expect(syncQueuesConfig(broken, LATER)).rejects.toThrow('boom');
    expect((await queueByKey(queueKeyOf('helpdesk')))?.name).toBe('Helpdesk informatico');
    expect(
      (
        await handle.db
          .select()
          .from(agents)
          .where(eq(agents.slackUserId, slackUserIdOf('U0NUOVO001')))
      )[0],
    ).toBeUndefined();
  });

  it('syncs the shipped sportello.yml', async () => {
    const shipped = loadQueuesConfig(resolve(import.meta.dirname, '../../sportello.yml'));
    const report = await syncQueuesConfig(shipped, NOW);
    expect(report.queuesCreated).toBe(shipped.queues.length);
    expect(await queueByKey(queueKeyOf('esami'))).toMatchObject({
      level: 2,
      customerVisible: false,
      followUp: 'reject',
    });
    expect(await queueByKey(queueKeyOf('sistemi'))).toMatchObject({ level: 1, customerVisible: false });
  });
});
