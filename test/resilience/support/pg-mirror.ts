import type Database from 'better-sqlite3';
import { DeskProbe } from '../../../bench/load/probe.js';
import { createDb, type Db, type DbHandle } from '../../../src/db/client.js';
import { createPgDb, type PgHandle } from '../../../src/db/pg/client.js';
import { type Tables, tablesOf } from '../../../src/db/tables.js';

/** What the load driver and the delivery checks read: the tickets, their people, articles, posts and outbox. */
const MIRRORED = ['queues', 'agents', 'customers', 'tickets', 'articles', 'slackPosts', 'outbox'] as const;
/** Rows per insert, within SQLite's limit of bound parameters. */
const CHUNK = 100;
/** Pause between two copies. */
const REFRESH_MS = 50;

/**
 * A load probe for a desk on PostgreSQL: the load driver and the delivery checks (bench/load) read SQLite
 * synchronously, so this keeps a copy of the tables they read in an in-memory SQLite database of the same
 * schema, taken again and again from the PostgreSQL database. `caughtUp` waits for a copy begun after the
 * call; while the server restarts, the last copy stays.
 */
export class PgMirrorProbe extends DeskProbe {
  private readonly copy: DbHandle;
  private readonly source: PgHandle;
  private copies = 0;
  private running = true;
  private readonly loop: Promise<void>;
  /** Why the last copy failed (the server is away), for a test that never caught up. */
  lastFailure: unknown;

  static create(url: string): PgMirrorProbe {
    return new PgMirrorProbe(createDb(':memory:'), url);
  }

  private constructor(copy: DbHandle, url: string) {
    copy.sqlite.pragma('foreign_keys = OFF');
    super(copy.sqlite as Database.Database);
    this.copy = copy;
    this.source = createPgDb(url, 2);
    this.loop = this.refreshing();
  }

  override async caughtUp(): Promise<void> {
    const wanted = this.copies + 2; // the copy under way may have begun before the call
    while (this.copies < wanted) {
      if (!this.running) throw new Error('the mirror is closed');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** One copy now, from start to end after the call. */
  async refresh(): Promise<void> {
    const rows = await this.read();
    this.write(rows);
    this.copies++;
  }

  async close(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.source.close();
    this.copy.close();
  }

  private async refreshing(): Promise<void> {
    while (this.running) {
      try {
        await this.refresh();
      } catch (error) {
        this.lastFailure = error; // the server is restarting: the last copy stays, the next try follows
      }
      await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
    }
  }

  private async read(): Promise<Map<keyof Tables, Record<string, unknown>[]>> {
    const db = this.source.current();
    const tables = tablesOf(db);
    const rows = new Map<keyof Tables, Record<string, unknown>[]>();
    for (const name of MIRRORED) rows.set(name, await db.select().from(tables[name]));
    return rows;
  }

  private write(rows: Map<keyof Tables, Record<string, unknown>[]>): void {
    const db: Db = this.copy.db;
    const tables = tablesOf(db);
    this.copy.sqlite.transaction(() => {
      for (const name of MIRRORED) {
        db.delete(tables[name]).run();
        const all = rows.get(name) ?? [];
        for (let i = 0; i < all.length; i += CHUNK) {
          db.insert(tables[name])
            .values(all.slice(i, i + CHUNK) as never)
            .run();
        }
      }
    })();
  }
}
