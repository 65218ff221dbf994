import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach } from 'vitest';
import { parseQueuesConfig } from '../../src/config/queues-file.js';
import { type Actor, SYSTEM_ACTOR } from '../../src/core/actor.js';
import { ManualClock } from '../../src/core/clock.js';
import type { CoreContext } from '../../src/core/context.js';
import { createHelpDesk, type HelpDesk } from '../../src/core/help-desk.js';
import { queueKeyOf, slackUserIdOf } from '../../src/core/model.js';
import { createDb, type Db, type DbHandle } from '../../src/db/client.js';
import { createPgDb } from '../../src/db/pg/client.js';
import { type Tables, tablesOf } from '../../src/db/tables.js';
import { freshPostgresDatabase } from './postgres.js';

/**
 * A small university desk for the core's tests:
 * - helpdesk (first level, visible; follow-up reopen within 7 days) with sub-queues reti and posta;
 * - didattica (first level, visible; follow-up reject) with sub-queue esami;
 * - biblioteca (first level, visible; follow-up new_ticket);
 * - sistemi (first level, not visible to customers).
 * Operators: Maria (rw helpdesk, reti), Luca (rw reti only), Giulia (read+note helpdesk), Paolo (rw didattica,
 * esami, biblioteca), Anna (admin). Customers are any other Slack user or email address.
 */
export const TEST_CONFIG = `
system_id: "10"
time_zone: Europe/Rome
admins: [U0ANNA0001]
admin_channel: C0ADMIN001
agents:
  - { slack_user_id: U0MARIA001, name: Maria Rossi }
  - { slack_user_id: U0LUCA0001, name: Luca Verdi }
  - { slack_user_id: U0GIULIA01, name: Giulia Bianchi, dm_new_tickets: true }
  - { slack_user_id: U0PAOLO001, name: Paolo Ricci }
  - { slack_user_id: U0ANNA0001, name: Anna Neri }
queues:
  - key: helpdesk
    name: Helpdesk informatico
    channel: C0HELPDESK
    email: helpdesk@ateneo.example
    operators: [U0MARIA001]
    permissions: { U0GIULIA01: [read, note] }
    follow_up: reopen
    reopen_window_days: 7
    sla: { first_response_minutes: 60, update_minutes: 240, solution_minutes: 2400 }
  - { key: reti, name: Reti e Wi-Fi, parent: helpdesk, channel: C0RETI0001, operators: [U0MARIA001, U0LUCA0001] }
  - { key: posta, name: Posta elettronica, parent: helpdesk, channel: C0POSTA001, operators: [U0MARIA001] }
  - { key: didattica, name: Segreteria didattica, channel: C0DIDATTIC, operators: [U0PAOLO001], follow_up: reject }
  - { key: esami, name: Esami, parent: didattica, operators: [U0PAOLO001] }
  - { key: biblioteca, name: Biblioteca, channel: C0BIBLIOTE, operators: [U0PAOLO001], follow_up: new_ticket }
  - { key: sistemi, name: Sistemi, customer_visible: false, operators: [U0MARIA001] }
`;

export const maria: Actor = { kind: 'slack', userId: slackUserIdOf('U0MARIA001') };
export const luca: Actor = { kind: 'slack', userId: slackUserIdOf('U0LUCA0001') };
export const giulia: Actor = { kind: 'slack', userId: slackUserIdOf('U0GIULIA01') };
export const paolo: Actor = { kind: 'slack', userId: slackUserIdOf('U0PAOLO001') };
export const anna: Actor = { kind: 'slack', userId: slackUserIdOf('U0ANNA0001') };
export const student: Actor = { kind: 'slack', userId: slackUserIdOf('U0STUDENT1') };
export const otherStudent: Actor = { kind: 'slack', userId: slackUserIdOf('U0STUDENT2') };
export const externalUser: Actor = { kind: 'email', address: 'mario.bianchi@example.org' };
/** The desk itself as the one acting (the scheduler, notices): the app's own system actor. */
export const systemActor: Actor = SYSTEM_ACTOR;

/** 2026-11-30 10:00 in Rome. */
export const START = new Date('2026-11-30T09:00:00Z');

export interface TestDesk {
  desk: HelpDesk;
  /** What the desk's operations run with: for tests of the core's inner steps. */
  ctx: CoreContext;
  clock: ManualClock;
  /** The desk's database, for what a test checks or prepares in it, with its tables. */
  db: Db;
  tables: Tables;
  /** The SQLite database itself (on PostgreSQL runs: none), for the few tests of SQLite's own ways. */
  handle: DbHandle;
  close(): void | Promise<void>;
}

/** Which database the tests of this run use: PostgreSQL when the run asks (vitest.config.ts), else SQLite. */
export const TEST_DATABASE: 'sqlite' | 'postgres' =
  process.env.SPORTELLO_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A freshly migrated database with the test configuration synced: on a PostgreSQL run, a database of its own
 * on the test cluster; otherwise SQLite, in memory unless a path is given.
 */
export async function createTestDesk(path?: string, configText = TEST_CONFIG): Promise<TestDesk> {
  if (path?.startsWith('postgres://')) return createPgTestDesk(configText, path);
  if (TEST_DATABASE === 'postgres' && path === undefined) {
    return createPgTestDesk(configText, await freshPostgresDatabase());
  }
  const handle = createDb(path ?? ':memory:');
  const clock = new ManualClock(START);
  const config = parseQueuesConfig(configText, 'test.yml');
  const ctx: CoreContext = {
    db: handle.db,
    connection: handle.connection,
    clock,
    systemId: config.systemId,
    timeZone: config.timeZone,
  };
  const desk = createHelpDesk(ctx);
  await desk.syncQueuesConfig(config);
  return {
    desk,
    ctx,
    clock,
    db: handle.db,
    tables: tablesOf(handle.db),
    handle,
    close: () => handle.close(),
  };
}

/**
 * Where a test that shares one database between desks (or processes) keeps it: a PostgreSQL database of its
 * own on a PostgreSQL run, else a SQLite file in `dir`.
 */
export async function sharedTestDatabase(dir: string): Promise<string> {
  return TEST_DATABASE === 'postgres' ? freshPostgresDatabase() : join(dir, 'desk.db');
}

/** Where a test starts the app's database: a PostgreSQL one on a PostgreSQL run, else a file in `dir`. */
export async function appTestDatabase(
  dir: string,
): Promise<{ databasePath: string; postgres?: { url: string; poolSize: number } }> {
  const databasePath = join(dir, 'sportello.db');
  if (TEST_DATABASE === 'sqlite') return { databasePath };
  return { databasePath, postgres: { url: await freshPostgresDatabase(), poolSize: 4 } };
}

export interface DatabaseBeside {
  db: Db;
  tables: Tables;
  close(): void | Promise<void>;
}

/** The app's database (as `appTestDatabase` gave it) opened beside it: for what a test checks in it. */
export function openBeside(database: { databasePath: string; postgres?: { url: string } }): DatabaseBeside {
  if (database.postgres) {
    const handle = createPgDb(database.postgres.url, 2);
    return { db: handle.current(), tables: tablesOf(handle.current()), close: () => handle.close() };
  }
  const handle = createDb(database.databasePath);
  return { db: handle.db, tables: tablesOf(handle.db), close: () => handle.close() };
}

async function createPgTestDesk(configText: string, url: string): Promise<TestDesk> {
  const handle = createPgDb(url, 4);
  const clock = new ManualClock(START);
  const config = parseQueuesConfig(configText, 'test.yml');
  const ctx: CoreContext = {
    get db() {
      return handle.current();
    },
    connection: handle.connection,
    clock,
    systemId: config.systemId,
    timeZone: config.timeZone,
  };
  const desk = createHelpDesk(ctx);
  await desk.syncQueuesConfig(config);
  const db = handle.current();
  return {
    desk,
    ctx,
    clock,
    db,
    tables: tablesOf(db),
    get handle(): DbHandle {
      throw new Error('this test reads SQLite itself: it runs on SQLite only');
    },
    close: () => handle.close(),
  };
}

/**
 * A fresh test desk for each test of the calling file: created before each test, closed after it. The object
 * returned stands for the desk of the test running now (each property is read from it when used).
 */
export function useTestDesk(): TestDesk {
  let current: TestDesk | undefined;
  beforeEach(async () => {
    current = await createTestDesk();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return new Proxy({} as TestDesk, {
    get(_target, property) {
      if (!current) throw new Error('the test desk is only there while a test runs');
      return Reflect.get(current, property, current);
    },
  });
}

/** Opens a ticket in `queueKey` as `actor` with a plain Slack request. */
export function openSimple(
  t: TestDesk,
  actor: Actor = student,
  queueKey = 'helpdesk',
  title = 'Cannot connect to eduroam',
) {
  return t.desk.openTicket(actor, {
    queueKey: queueKeyOf(queueKey),
    title,
    article: { channel: 'slack', body: `${title}: it keeps asking for my password.` },
  });
}

export async function historyEvents(t: TestDesk, ticketId: number): Promise<string[]> {
  return (
    await t.db
      .select({ event: t.tables.history.event })
      .from(t.tables.history)
      .where(eq(t.tables.history.ticketId, ticketId))
      .orderBy(asc(t.tables.history.id))
  ).map((r) => r.event);
}

/** The outbox messages written for a ticket, oldest first, as `topic` or `topic:event`. */
export async function outboxTopics(t: TestDesk, ticketId: number): Promise<string[]> {
  return (
    await t.db
      .select({ payload: t.tables.outbox.payload })
      .from(t.tables.outbox)
      .where(eq(t.tables.outbox.ticketId, ticketId))
      .orderBy(asc(t.tables.outbox.id))
  ).map(({ payload }) => {
    const message = payload as { topic: string; event?: string };
    return message.event ? `${message.topic}:${message.event}` : message.topic;
  });
}
