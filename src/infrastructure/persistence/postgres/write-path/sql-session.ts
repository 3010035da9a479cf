/**
 * Units of work on PostgreSQL: where a change's statements wait, which connection they run on, and what
 * happens once they commit. The policy as a whole — one statement in autocommit, the optimistic attempt, the
 * locking retry, notification after commit — is told in docs/develop/adr/0001-task-write-path.md.
 */
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
 * Where an adapter's statements run: outside any unit of work (`SqlSession`, each statement committing on its own)
 * or inside one (`SqlUnit`, handed to the unit's body and to the adapters bound to it). The adapters are written
 * once against this and behave as the scope they were given says.
 */
export interface SqlScope {
  /** True when reads in this unit of work should lock the rows they read (`FOR UPDATE`). */
  readonly locking: boolean;
  /**
   * Says that this unit of work started from state remembered by this instance rather than read from the
   * database: if it refuses, the refusal is confirmed by a locking attempt before it is given.
   */
  rememberedStateUsed(): void;
  /**
   * What an adapter keeps for the current unit of work alone, under its own key, made by `create` on first use;
   * undefined outside a unit of work. Each attempt of a unit starts without it.
   */
  unitState<T>(key: symbol, create: () => T): T | undefined;
  /** Runs a statement now: on the unit of work's transaction if it has one, else on a pooled connection. */
  query<R>(sql: Sql): Promise<R[]>;
  /** Runs a statement now on a pooled connection of its own, outside any unit of work: it commits at once. */
  autocommit<R>(sql: Sql): Promise<R[]>;
  /**
   * Queues a write to the end of the unit of work (at once when it already has a transaction). Outside a unit
   * of work it runs at once in autocommit. Either way its `verify` and `committed` run as the write does.
   */
  queue<R>(write: SqlWrite<R>): Promise<void>;
  /**
   * From here on the unit of work runs in one transaction (writes queued so far go first): for work that
   * reads what it wrote, or must hold what it read until it commits. Outside a unit of work it throws.
   */
  transaction(): Promise<void>;
}

/**
 * Runs the adapters' statements. Outside a unit of work each statement commits on its own. A unit of work
 * (`work`) hands its body a `SqlUnit`: writes queued on it are sent at its end, so a change that is one statement
 * is one round trip in autocommit, with no BEGIN and COMMIT; several writes, or a unit that asked for a
 * transaction, run in one transaction on one connection. Reads run at once, on the unit's connection when it has one.
 */
export class SqlSession implements SqlScope {
  readonly locking = false;

  constructor(
    private readonly connections: SqlConnections,
    private readonly logger?: Logger,
  ) {}

  rememberedStateUsed(): void {}

  unitState<T>(): T | undefined {
    return undefined;
  }

  query<R>(sql: Sql): Promise<R[]> {
    return this.autocommit<R>(sql);
  }

  autocommit<R>(sql: Sql): Promise<R[]> {
    return this.connections.with((connection) => this.connections.run<R>(connection, sql));
  }

  async queue<R>(write: SqlWrite<R>): Promise<void> {
    const rows = await this.autocommit<R>(write.sql);
    write.verify?.(rows);
    this.afterCommit(() => write.committed?.(rows));
  }

  transaction(): Promise<void> {
    return Promise.reject(new Error('A transaction needs a unit of work'));
  }

  /**
   * Runs `body` as one unit of work on the `SqlUnit` it is handed, and commits it. `locking`: it runs in a
   * transaction from the start and its reads lock rows. After the commit, the writes' `committed` callbacks run;
   * none of them can fail the unit.
   */
  async work<T>(body: (unit: SqlUnit) => Promise<T>, options: { locking: boolean }): Promise<T> {
    const unit = new SqlUnit(this.connections, options.locking);
    let result: T;
    try {
      if (options.locking) await unit.begin();
      result = await body(unit).catch((refusal: unknown) => {
        throw unit.usedRememberedState && !(refusal instanceof ServiceUnavailableError) ? new UnconfirmedRefusal(refusal) : refusal;
      });
      await unit.commit();
    } catch (error) {
      await unit.end(false);
      throw error;
    }
    await unit.end(true);
    for (const callback of unit.onCommitted) this.afterCommit(callback);
    return result;
  }

  private afterCommit(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.logger?.error({ err: error }, 'after-commit step failed; the change itself is committed');
    }
  }
}

/** One unit of work: its queued writes, its transaction's connection, and what runs on commit. */
export class SqlUnit implements SqlScope {
  usedRememberedState = false;
  readonly onCommitted: (() => void)[] = [];
  private connection: SqlConnection | null = null;
  private readonly state = new Map<symbol, unknown>();
  private readonly pending: SqlWrite<unknown>[] = [];

  constructor(
    private readonly connections: SqlConnections,
    readonly locking: boolean,
  ) {}

  rememberedStateUsed(): void {
    this.usedRememberedState = true;
  }

  unitState<T>(key: symbol, create: () => T): T {
    if (!this.state.has(key)) this.state.set(key, create());
    return this.state.get(key) as T;
  }

  query<R>(sql: Sql): Promise<R[]> {
    if (this.connection) return this.connections.run<R>(this.connection, sql);
    return this.autocommit<R>(sql);
  }

  autocommit<R>(sql: Sql): Promise<R[]> {
    return this.connections.with((connection) => this.connections.run<R>(connection, sql));
  }

  async queue<R>(write: SqlWrite<R>): Promise<void> {
    if (this.connection) await this.send(write as SqlWrite<unknown>);
    else this.pending.push(write as SqlWrite<unknown>);
  }

  async transaction(): Promise<void> {
    if (!this.connection) await this.begin();
  }

  /** @internal `SqlSession.work`: sends what is queued and commits. */
  async commit(): Promise<void> {
    if (!this.connection && this.pending.length === 1) {
      // One statement commits on its own: no BEGIN or COMMIT round trips.
      const single = this.pending.pop()!;
      const rows = await this.autocommit<unknown>(single.sql);
      single.verify?.(rows);
      this.onCommitted.push(() => single.committed?.(rows));
      return;
    }
    if (!this.connection && this.pending.length === 0) return;
    if (!this.connection) await this.begin();
    await this.connections.run(this.connection!, COMMIT);
  }

  /** @internal `SqlSession.work`: opens the unit's transaction, sending what was queued so far. */
  async begin(): Promise<void> {
    this.connection = await this.connections.acquire();
    await this.connections.run(this.connection, BEGIN);
    for (const write of this.pending.splice(0)) await this.send(write);
  }

  /** @internal `SqlSession.work`: rolls back unless `committed`, and gives the connection back. */
  async end(committed: boolean): Promise<void> {
    if (!this.connection) return;
    try {
      if (!committed) await this.connections.rollback(this.connection);
    } finally {
      this.connections.release(this.connection);
    }
  }

  /** Sends a write on the unit's transaction; its `committed` waits for the commit. */
  private async send(write: SqlWrite<unknown>): Promise<void> {
    const rows = await this.connections.run<unknown>(this.connection!, write.sql);
    write.verify?.(rows);
    this.onCommitted.push(() => write.committed?.(rows));
  }
}

const BEGIN: Sql = { text: 'begin', values: [] };
const COMMIT: Sql = { text: 'commit', values: [] };
