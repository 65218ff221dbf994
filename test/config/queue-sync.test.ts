import { resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadQueuesConfig, parseQueuesConfig, type QueuesConfig } from '../../src/config/queues-file.js';
import { formatSyncReport, syncQueuesConfig } from '../../src/core/queue-sync.js';
import { createDb, type DbHandle } from '../../src/db/client.js';
import { agents, calendars, customers, queuePermissions, queues, tickets } from '../../src/db/schema.js';

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
afterEach(() => handle.close());

const queueByKey = (key: string) => handle.db.select().from(queues).where(eq(queues.key, key)).get();

function configPermissions(): string[] {
  return handle.db
    .select({ queue: queues.key, agent: agents.slackUserId, permission: queuePermissions.permission })
    .from(queuePermissions)
    .innerJoin(queues, eq(queues.id, queuePermissions.queueId))
    .innerJoin(agents, eq(agents.id, queuePermissions.agentId))
    .where(eq(queuePermissions.source, 'config'))
    .all()
    .map((row) => `${row.queue}:${row.agent}:${row.permission}`)
    .sort();
}

describe('syncQueuesConfig', () => {
  it('creates queues with level, parent and customer visibility', () => {
    const report = syncQueuesConfig(handle.db, config(), NOW);
    expect(report).toEqual({ queuesCreated: 4, queuesUpdated: 0, queuesDeactivated: 0, agents: 4 });

    const helpdesk = queueByKey('helpdesk');
    const reti = queueByKey('reti');
    const ospiti = queueByKey('wifi-ospiti');
    const didattica = queueByKey('didattica');
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

  it('stores the calendar definition and links queues to it', () => {
    syncQueuesConfig(handle.db, config(), NOW);
    const calendar = handle.db.select().from(calendars).where(eq(calendars.key, 'ateneo')).get();
    expect(calendar).toMatchObject({ name: 'Orario degli uffici', timeZone: 'Europe/Rome' });
    expect(calendar?.definition).toMatchObject({
      hours: { mon: ['08:30-13:00', '14:00-17:30'], fri: ['08:30-13:00'], sun: [] },
      holidays: { italianNational: true, dates: ['12-07'] },
    });
    expect(queueByKey('helpdesk')?.calendarId).toBe(calendar?.id);
    expect(queueByKey('reti')?.calendarId).toBeNull();
  });

  it('upserts agents and admins, and takes admin rights away from whoever left the list', () => {
    syncQueuesConfig(handle.db, config(), NOW);
    const rows = handle.db.select().from(agents).all();
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
    syncQueuesConfig(handle.db, config(promoted), LATER);
    const after = new Map(
      handle.db
        .select()
        .from(agents)
        .all()
        .map((row) => [row.slackUserId, row]),
    );
    expect(after.get('U0MROSSI01')?.isAdmin).toBe(true);
    expect(after.get('U0ADMIN001')?.isAdmin).toBe(false);
    expect(after.get('U0LVERDI02')).toMatchObject({ name: 'Luca Verdi Neri', language: 'en' });
  });

  it('keeps the id and the tickets of a renamed queue', () => {
    syncQueuesConfig(handle.db, config(), NOW);
    const before = queueByKey('reti');
    if (!before) throw new Error('queue reti missing');
    const customer = handle.db
      .insert(customers)
      .values({ slackUserId: 'U0STUDENT1', name: 'Anna Studente', createdAt: NOW })
      .returning()
      .get();
    const ticket = handle.db
      .insert(tickets)
      .values({
        number: '2026030210000019',
        title: 'Il Wi-Fi in aula magna non funziona',
        state: 'open',
        working: true,
        queueId: before.id,
        customerId: customer.id,
        createdAt: NOW,
        updatedAt: NOW,
      })
      .returning()
      .get();

    const report = syncQueuesConfig(
      handle.db,
      config(BASE.replace('name: Reti e Wi-Fi', 'name: Rete di Ateneo')),
      LATER,
    );
    expect(report).toMatchObject({ queuesCreated: 0, queuesUpdated: 1, queuesDeactivated: 0 });
    const after = queueByKey('reti');
    expect(after).toMatchObject({ id: before.id, name: 'Rete di Ateneo', updatedAt: LATER });
    expect(queueByKey('wifi-ospiti')?.parentId).toBe(before.id);
    const stored = handle.db.select().from(tickets).where(eq(tickets.id, ticket.id)).get();
    expect(stored?.queueId).toBe(before.id);
  });

  it('deactivates a queue removed from the file, and reactivates it when it comes back', () => {
    syncQueuesConfig(handle.db, config(), NOW);
    const removed = BASE.slice(0, BASE.indexOf('  - key: didattica'));
    const report = syncQueuesConfig(handle.db, config(removed), LATER);
    expect(report).toMatchObject({ queuesCreated: 0, queuesUpdated: 0, queuesDeactivated: 1 });
    expect(queueByKey('didattica')).toMatchObject({ active: false, updatedAt: LATER });
    expect(handle.db.select().from(queues).all()).toHaveLength(4);

    const back = syncQueuesConfig(handle.db, config(), LATER);
    expect(back).toMatchObject({ queuesCreated: 0, queuesUpdated: 1, queuesDeactivated: 0 });
    expect(queueByKey('didattica')?.active).toBe(true);
  });

  it('grants rw to operators plus the finer permissions, once each', () => {
    syncQueuesConfig(handle.db, config(), NOW);
    expect(configPermissions()).toEqual([
      'helpdesk:U0GBIANCHI:note',
      'helpdesk:U0GBIANCHI:read',
      'helpdesk:U0LVERDI02:rw',
      'helpdesk:U0MROSSI01:rw',
      'reti:U0LVERDI02:rw',
    ]);
  });

  it('replaces config permissions and leaves channel permissions alone', () => {
    syncQueuesConfig(handle.db, config(), NOW);
    const helpdesk = queueByKey('helpdesk');
    const giulia = handle.db.select().from(agents).where(eq(agents.slackUserId, 'U0GBIANCHI')).get();
    if (!helpdesk || !giulia) throw new Error('seed missing');
    handle.db
      .insert(queuePermissions)
      .values({ queueId: helpdesk.id, agentId: giulia.id, permission: 'rw', source: 'channel' })
      .run();

    const changed = BASE.replace('operators: [U0MROSSI01, U0LVERDI02]', 'operators: [U0MROSSI01]').replace(
      'U0GBIANCHI: [read, note]',
      'U0GBIANCHI: [read]',
    );
    syncQueuesConfig(handle.db, config(changed), LATER);
    expect(configPermissions()).toEqual([
      'helpdesk:U0GBIANCHI:read',
      'helpdesk:U0MROSSI01:rw',
      'reti:U0LVERDI02:rw',
    ]);
    const channelRows = handle.db
      .select()
      .from(queuePermissions)
      .where(eq(queuePermissions.source, 'channel'))
      .all();
    expect(channelRows).toEqual([
      { queueId: helpdesk.id, agentId: giulia.id, permission: 'rw', source: 'channel' },
    ]);
  });

  it('is idempotent: a second sync creates, updates and deactivates nothing', () => {
    syncQueuesConfig(handle.db, config(), NOW);
    const first = handle.db.select().from(queues).all();
    const report = syncQueuesConfig(handle.db, config(), LATER);
    expect(report).toEqual({ queuesCreated: 0, queuesUpdated: 0, queuesDeactivated: 0, agents: 4 });
    expect(handle.db.select().from(queues).all()).toEqual(first);
    expect(formatSyncReport(report)).toBe('queues: 0 created, 0 updated, 0 deactivated; 4 agents');
  });

  it('applies nothing when a step fails', () => {
    syncQueuesConfig(handle.db, config(), NOW);
    const broken = config();
    const helpdesk = broken.queues[0];
    if (helpdesk) helpdesk.name = 'Rinominata';
    broken.agents.push({ slackUserId: 'U0NUOVO001', name: 'Nuovo' });
    // Make the last step (permissions) fail: the renames and the new agent before it must roll back too.
    handle.sqlite.exec(`create trigger fail_permissions before insert on queue_permissions
      begin select raise(abort, 'boom'); end`);
    expect(() => syncQueuesConfig(handle.db, broken, LATER)).toThrow('boom');
    expect(queueByKey('helpdesk')?.name).toBe('Helpdesk informatico');
    expect(handle.db.select().from(agents).where(eq(agents.slackUserId, 'U0NUOVO001')).get()).toBeUndefined();
  });

  it('syncs the shipped sportello.yml', () => {
    const shipped = loadQueuesConfig(resolve(import.meta.dirname, '../../sportello.yml'));
    const report = syncQueuesConfig(handle.db, shipped, NOW);
    expect(report.queuesCreated).toBe(shipped.queues.length);
    expect(queueByKey('esami')).toMatchObject({ level: 2, customerVisible: false, followUp: 'reject' });
    expect(queueByKey('sistemi')).toMatchObject({ level: 1, customerVisible: false });
  });
});
