/**
 * One SQLite connection shared by every operation of the process, lent to one operation at a time. The core
 * is asynchronous (so that the same rules run on PostgreSQL), and an operation awaiting between two
 * statements must not let another one start a transaction on the same connection, nor read what it has not
 * committed yet. An operation called from inside another (a form's change and the record that the form was
 * handled) runs on the connection it was lent, and its transaction becomes a savepoint of the outer one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { Db } from './client.js';

interface Loan {
  /** Transactions open on the connection for this operation (0: none; 1: the outer one; more: savepoints). */
  depth: number;
}

export interface ConnectionLender {
  /** Runs `work` with the connection to itself; inside another loan, at once on the same connection. */
  withConnection<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs `work` as one write transaction: `BEGIN IMMEDIATE` takes SQLite's write lock up front, so a
   * read-then-write (a claim, the day's ticket counter) cannot interleave with another process doing the
   * same. Inside a transaction it is a savepoint: its failure undoes only its own part.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs `work`, one statement, committed apart from the operation's transaction, so that a row it locks
   * (the day's ticket counter) is not held until that transaction commits. PostgreSQL: on a connection of its
   * own. SQLite, where one writer at a time holds the whole file anyway: in the operation's transaction.
   */
  apart<T>(work: (db: Db) => Promise<T>): Promise<T>;
}

export function connectionLender(sqlite: Database.Database, db: Db): ConnectionLender {
  const loans = new AsyncLocalStorage<Loan>();
  let queue: Promise<unknown> = Promise.resolve();

  function withConnection<T>(work: () => Promise<T>): Promise<T> {
    if (loans.getStore()) return work();
    const turn = queue.then(() => loans.run({ depth: 0 }, work));
    queue = turn.catch(() => undefined);
    return turn;
  }

  async function inOwnTransaction<T>(loan: Loan, work: () => Promise<T>): Promise<T> {
    const savepoint = loan.depth > 0 ? `sp${loan.depth}` : null;
    sqlite.exec(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN IMMEDIATE');
    loan.depth += 1;
    try {
      const result = await work();
      sqlite.exec(savepoint ? `RELEASE ${savepoint}` : 'COMMIT');
      return result;
    } catch (error) {
      if (savepoint) sqlite.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      else if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw error;
    } finally {
      loan.depth -= 1;
    }
  }

  return {
    withConnection,
    transaction: (work) => withConnection(() => inOwnTransaction(loans.getStore() as Loan, work)),
    apart: (work) => withConnection(() => work(db)),
  };
}
