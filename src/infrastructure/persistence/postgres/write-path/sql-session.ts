/**
 * Units of work on PostgreSQL: where a change's statements wait, which connection they run on, and what
 * happens once they commit. The policy as a whole — one statement in autocommit, the optimistic attempt, the
 * locking retry, notification after commit — is told in docs/develop/adr/0001-task-write-path.md.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ServiceUnavailableError } from '../../../../application/errors.js';
import type { Logger } from '../../../logging/logger.js';
import type { Sql, SqlConnection, SqlConnections } from '../sql-connections.js';

export type { Sql } from '../sql-connections.js';

/** A write queued in a unit of work, and what to do with the rows it returns. */
export interface SqlWrite<R> {
  readonly sql: Sql;
  /** Checks the rows the write returned; throwing rolls the whole unit of work back. */
  readonly verify?: (rows: R[]) => void;
  /**
   * Runs once the write has committed (never for one that rolled back). The change is the caller's by then:
   * a callback that throws is logged, and the unit of work still answers with its result.
   */
  readonly committed?: (rows: R[]) => void;
}

/** The unit of work must run again, in a transaction that locks what it reads (see `PostgresUnitOfWork`). */
export class RetryWithLocks extends Error {
  override name = 'RetryWithLocks';
}

/** A write found its row changed since it was read: it wrote nothing. */
export class WriteConflictError extends RetryWithLocks {
  override name = 'WriteConflictError';
  constructor(what: string) {
    super(`${what} changed since it was read`);
  }
}

/**
 * A unit of work that started from remembered state (`rememberedStateUsed`) refused: the refusal may rest on
 * state that is no longer current, so it is confirmed by running again from the database. `cause` is the refusal.
 */
export class UnconfirmedRefusal extends RetryWithLocks {
  override name = 'UnconfirmedRefusal';
  constructor(refusal: unknown) {
    super('A refusal based on remembered state is confirmed against the database', { cause: refusal });
  }
}

/**
 * Runs the adapters' statements. Inside a unit of work (`work`), writes are queued (`queue`) and sent at its
 * end: a change that is one statement is then one round trip in autocommit, with no BEGIN and COMMIT. Several
 * writes, or a unit that asked for a transaction (`transaction`), run in one transaction on one connection.
 * Reads run at once, on the unit's connection when it has one.
 */
export class SqlSession {
  private readonly current = new AsyncLocalStorage<Work>();

  constructor(
    private readonly connections: SqlConnections,
    private readonly logger?: Logger,
  ) {}

  /** True inside a unit of work. */
  get inWork(): boolean {
    return this.current.getStore() !== undefined;
  }

  /** True when reads in this unit of work should lock the rows they read (`FOR UPDATE`). */
  get locking(): boolean {
    return this.current.getStore()?.locking ?? false;
  }

  /**
   * Says that this unit of work started from state remembered by this instance rather than read from the
   * database: if it refuses, the refusal is confirmed by a locking attempt before it is given.
   */
  rememberedStateUsed(): void {
    const work = this.current.getStore();
    if (work) work.usedRememberedState = true;
  }

  /**
   * What an adapter keeps for the current unit of work alone, under its own key, made by `create` on first use;
   * undefined outside a unit of work. Each attempt of a unit starts without it.
   */
  unitState<T>(key: symbol, create: () => T): T | undefined {
    const work = this.current.getStore();
    if (!work) return undefined;
    if (!work.state.has(key)) work.state.set(key, create());
    return work.state.get(key) as T;
  }

  /** Runs a statement now: on the unit of work's transaction if it has one, else on a pooled connection. */
  query<R>(sql: Sql): Promise<R[]> {
    const work = this.current.getStore();
    if (work?.connection) return this.connections.run<R>(work.connection, sql);
    return this.autocommit<R>(sql);
  }

  /** Runs a statement now on a pooled connection of its own, outside any unit of work: it commits at once. */
  autocommit<R>(sql: Sql): Promise<R[]> {
    return this.connections.with((connection) => this.connections.run<R>(connection, sql));
  }

  /**
   * Queues a write to the end of the unit of work (at once when it already has a transaction). Outside a unit
   * of work it runs at once in autocommit. Either way its `verify` and `committed` run as the write does.
   */
  async queue<R>(write: SqlWrite<R>): Promise<void> {
    const work = this.current.getStore();
    if (!work) {
      const rows = await this.query<R>(write.sql);
      write.verify?.(rows);
      this.afterCommit(() => write.committed?.(rows));
    } else if (work.connection) {
      await this.send(work, write as SqlWrite<unknown>);
    } else {
      work.pending.push(write as SqlWrite<unknown>);
    }
  }

  /**
   * From here on the unit of work runs in one transaction (writes queued so far go first): for work that
   * reads what it wrote, or must hold what it read until it commits.
   */
  async transaction(): Promise<void> {
    const work = this.current.getStore();
    if (!work) throw new Error('A transaction needs a unit of work');
    if (!work.connection) await this.begin(work);
  }

  /**
   * Runs `body` as one unit of work and commits it. `locking`: it runs in a transaction from the start and its
   * reads lock rows. After the commit, the writes' `committed` callbacks run; none of them can fail the unit.
   */
  async work<T>(body: () => Promise<T>, options: { locking: boolean }): Promise<T> {
    const work = new Work(options.locking);
    let result: T;
    try {
      if (options.locking) await this.begin(work);
      result = await this.current.run(work, body).catch((refusal: unknown) => {
        throw work.usedRememberedState && !(refusal instanceof ServiceUnavailableError) ? new UnconfirmedRefusal(refusal) : refusal;
      });
      await this.commit(work);
    } catch (error) {
      if (work.connection) await this.connections.rollback(work.connection);
      throw error;
    } finally {
      if (work.connection) this.connections.release(work.connection);
    }
    for (const callback of work.onCommitted) this.afterCommit(callback);
    return result;
  }

  private async commit(work: Work): Promise<void> {
    if (!work.connection && work.pending.length === 1) {
      // One statement commits on its own: no BEGIN or COMMIT round trips.
      const single = work.pending.pop()!;
      const rows = await this.autocommit<unknown>(single.sql);
      single.verify?.(rows);
      work.onCommitted.push(() => single.committed?.(rows));
      return;
    }
    if (!work.connection && work.pending.length === 0) return;
    if (!work.connection) await this.begin(work);
    await this.connections.run(work.connection!, COMMIT);
  }

  private async begin(work: Work): Promise<void> {
    work.connection = await this.connections.acquire();
    await this.connections.run(work.connection, BEGIN);
    for (const write of work.pending.splice(0)) await this.send(work, write);
  }

  /** Sends a write on the unit's transaction; its `committed` waits for the commit. */
  private async send(work: Work, write: SqlWrite<unknown>): Promise<void> {
    const rows = await this.connections.run<unknown>(work.connection!, write.sql);
    write.verify?.(rows);
    work.onCommitted.push(() => write.committed?.(rows));
  }

  private afterCommit(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.logger?.error({ err: error }, 'after-commit step failed; the change itself is committed');
    }
  }
}

const BEGIN: Sql = { text: 'begin', values: [] };
const COMMIT: Sql = { text: 'commit', values: [] };

/** One unit of work's state: its queued writes, its transaction's connection, and what runs on commit. */
class Work {
  connection: SqlConnection | null = null;
  usedRememberedState = false;
  readonly state = new Map<symbol, unknown>();
  readonly pending: SqlWrite<unknown>[] = [];
  readonly onCommitted: (() => void)[] = [];

  constructor(readonly locking: boolean) {}
}
