/**
 * The tables a handle's queries name. The core writes each query once, with drizzle's query builder, and takes
 * the tables from the handle it runs on: SQLite's declarations (schema.ts) for a SQLite handle, PostgreSQL's
 * (pg/schema.ts, the same tables, columns and row shapes) for a PostgreSQL one. Queries are typed with
 * SQLite's declarations.
 */
import type { Db } from './client.js';
import * as sqliteSchema from './schema.js';

/** Every table, by the name the core uses. */
export const SQLITE_TABLES = {
  calendars: sqliteSchema.calendars,
  queues: sqliteSchema.queues,
  agents: sqliteSchema.agents,
  queuePermissions: sqliteSchema.queuePermissions,
  customers: sqliteSchema.customers,
  tickets: sqliteSchema.tickets,
  articles: sqliteSchema.articles,
  attachments: sqliteSchema.attachments,
  attachmentUploads: sqliteSchema.attachmentUploads,
  articleRevisions: sqliteSchema.articleRevisions,
  history: sqliteSchema.history,
  ticketLinks: sqliteSchema.ticketLinks,
  ticketParticipants: sqliteSchema.ticketParticipants,
  watchers: sqliteSchema.watchers,
  outbox: sqliteSchema.outbox,
  ticketNumberCounters: sqliteSchema.ticketNumberCounters,
  slackPosts: sqliteSchema.slackPosts,
  slackInteractions: sqliteSchema.slackInteractions,
  refusedMails: sqliteSchema.refusedMails,
  mailIntake: sqliteSchema.mailIntake,
  scheduledJobs: sqliteSchema.scheduledJobs,
  searchIndexProgress: sqliteSchema.searchIndexProgress,
  periodicTurns: sqliteSchema.periodicTurns,
  responses: sqliteSchema.responses,
  queueTags: sqliteSchema.queueTags,
  ticketTags: sqliteSchema.ticketTags,
};

export type Tables = typeof SQLITE_TABLES;

/** Which database a handle is of: the few statements that are not the same on both ask. */
export type Dialect = 'sqlite' | 'postgres';

const byHandle = new WeakMap<object, { tables: Tables; dialect: Dialect; inTransaction: boolean }>();

/**
 * Makes `tables` the ones queries on `handle` name (done once, by the function that opens the handle);
 * `inTransaction` for a handle that is a transaction of its own (PostgreSQL's, one per change).
 */
export function useTables(handle: object, tables: Tables, dialect: Dialect, inTransaction = false): void {
  byHandle.set(handle, { tables, dialect, inTransaction });
}

function opened(db: Db) {
  const known = byHandle.get(db);
  if (!known) throw new Error('tables need a handle opened by createDb or createPgDb (db/)');
  return known;
}

/** The tables of the database `db` is a handle of. */
export function tablesOf(db: Db): Tables {
  return opened(db).tables;
}

export function dialectOf(db: Db): Dialect {
  return opened(db).dialect;
}

/** Whether `db` is the handle of a change's own transaction (PostgreSQL's; SQLite has one handle). */
export function isInTransaction(db: Db): boolean {
  return opened(db).inTransaction;
}
