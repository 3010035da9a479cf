import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { availabilityError, withDatabaseAvailability } from '../database-errors.js';

/** A statement and its values. Its text is always one of the service's own, never built from caller input. */
export interface Sql {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** A deferred write, and what to do with the rows it returns. */
export interface SqlWrite<R> {
  readonly sql: Sql;
  /** Checks the rows the write returned; throwing rolls the whole unit of work back. */
  readonly verify?: (rows: R[]) => void;
  /** Runs once the write has committed (never for one that rolled back). */
  readonly committed?: (rows: R[]) => void;
}

/** A write that found the row changed since it was read: the unit of work runs again, locking what it reads. */
export class WriteConflictError extends Error {
  constructor(what: string) {
    super(`${what} changed since it was read`);
    this.name = 'WriteConflictError';
  }
}

/**
 * Runs the service's SQL on MikroORM's connection pool as named (prepared) statements: PostgreSQL parses and
 * plans each statement once per connection, and rows come back in the driver's plain shape.
 *
 * Inside a unit of work (`work`), writes are deferred and flushed at its end: a change that is one statement —
 * the task, its events and the owner's sequence number in one CTE — is then one round trip in autocommit,
 * with no BEGIN and COMMIT around it. Several writes, or a unit that asked for a transaction (`transaction`),
 * run in one transaction on one connection. Reads run at once, on the unit's connection when it has one.
 */
export class SqlSession {
  private readonly current = new AsyncLocalStorage<Work>();
  private readonly knexClient: KnexClient;

  constructor(
    orm: MikroORM,
    /** Sees each statement as it is sent (how tests count round trips). */
    private readonly observe?: (sql: Sql) => void,
  ) {
    this.knexClient = orm.em.getConnection().getKnex().client as unknown as KnexClient;
  }

  /** True inside a unit of work. */
  get inWork(): boolean {
    return this.current.getStore() !== undefined;
  }

  /** True when reads in this unit of work should lock the rows they read (`FOR UPDATE`). */
  get locking(): boolean {
    return this.current.getStore()?.locking ?? false;
  }

  /** Runs a statement now: on the unit of work's transaction if it has one, else on a pooled connection. */
  query<R>(sql: Sql): Promise<R[]> {
    const work = this.current.getStore();
    if (work?.connection) return this.execute<R>(work.connection, sql);
    return this.withConnection((connection) => this.execute<R>(connection, sql));
  }

  /** Runs a statement now on a pooled connection of its own, outside any unit of work: it commits at once. */
  autocommit<R>(sql: Sql): Promise<R[]> {
    return this.withConnection((connection) => this.execute<R>(connection, sql));
  }

  /**
   * Runs a write: deferred to the end of the unit of work when it has no transaction yet, at once when it
   * has one, and in autocommit outside a unit of work.
   */
  async write<R>(write: SqlWrite<R>): Promise<void> {
    const work = this.current.getStore();
    if (!work) {
      const rows = await this.query<R>(write.sql);
      write.verify?.(rows);
      write.committed?.(rows);
    } else if (work.connection) {
      const rows = await this.execute<R>(work.connection, write.sql);
      write.verify?.(rows);
      work.onCommit(() => write.committed?.(rows));
    } else {
      work.pending.push(write as SqlWrite<unknown>);
    }
  }

  /**
   * From here on the unit of work runs in one transaction (writes deferred so far go first): for work that
   * reads what it wrote, or must hold what it read until it commits.
   */
  async transaction(): Promise<void> {
    const work = this.current.getStore();
    if (!work) throw new Error('A transaction needs a unit of work');
    if (!work.connection) await this.begin(work);
  }

  /**
   * Runs `body` as one unit of work. `locking`: it runs in a transaction from the start and its reads lock
   * rows — how a unit runs again after a write conflict, so that it cannot conflict twice.
   */
  async work<T>(body: () => Promise<T>, options: { locking: boolean }): Promise<T> {
    const work = new Work(options.locking);
    try {
      if (options.locking) await this.begin(work);
      const result = await this.current.run(work, body);
      await this.flush(work);
      work.committed();
      return result;
    } catch (error) {
      await work.abandon(this.knexClient);
      throw error;
    } finally {
      work.release(this.knexClient);
    }
  }

  private async flush(work: Work): Promise<void> {
    if (work.connection) {
      await this.execute(work.connection, COMMIT);
      work.finished();
      return;
    }
    const [single, ...more] = work.pending;
    if (!single) return;
    if (more.length === 0) {
      // One statement commits on its own: no BEGIN or COMMIT round trips.
      const rows = await this.query<unknown>(single.sql);
      single.verify?.(rows);
      work.onCommit(() => single.committed?.(rows));
      return;
    }
    const pending = work.pending.splice(0);
    await this.begin(work);
    for (const write of pending) {
      const rows = await this.execute<unknown>(work.connection!, write.sql);
      write.verify?.(rows);
      work.onCommit(() => write.committed?.(rows));
    }
    await this.execute(work.connection!, COMMIT);
    work.finished();
  }

  private async begin(work: Work): Promise<void> {
    work.connection = await this.acquire();
    await this.execute(work.connection, BEGIN);
    const pending = work.pending.splice(0);
    for (const write of pending) {
      const rows = await this.execute<unknown>(work.connection, write.sql);
      write.verify?.(rows);
      work.onCommit(() => write.committed?.(rows));
    }
  }

  private async execute<R>(connection: pg.ClientBase, sql: Sql): Promise<R[]> {
    this.observe?.(sql);
    try {
      const result = await connection.query<R & pg.QueryResultRow>({ name: nameOf(sql.text), text: sql.text, values: sql.values as unknown[] });
      return result.rows;
    } catch (error) {
      // The server never answered (see ANSWER_GRACE_MS): the statement may still be on the wire, so the
      // connection can serve nothing else; the pool drops it instead of handing it out again.
      if (error instanceof Error && error.message === 'Query read timeout') dispose(connection, error.message);
      throw availabilityError(error);
    }
  }

  private async withConnection<T>(use: (connection: pg.ClientBase) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await use(connection);
    } finally {
      void this.knexClient.releaseConnection(connection);
    }
  }

  private acquire(): Promise<pg.ClientBase> {
    return withDatabaseAvailability(() => this.knexClient.acquireConnection());
  }

}

const statementNames = new Map<string, string>();

/**
 * One name per statement text, the same in every session sharing a pool: a connection prepares each text
 * once and reuses its plan. Texts are the service's own, so the map stays as small as their number.
 */
function nameOf(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) statementNames.set(text, (name = `tasks_api_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  return name;
}

const BEGIN: Sql = { text: 'begin', values: [] };
const COMMIT: Sql = { text: 'commit', values: [] };
const ROLLBACK: Sql = { text: 'rollback', values: [] };

/** The part of knex's client the session uses: its pool of driver connections. */
interface KnexClient {
  acquireConnection(): Promise<pg.ClientBase>;
  releaseConnection(connection: pg.ClientBase): Promise<void>;
}

/**
 * knex's mark for a connection that must not be used again (it sets it itself when the driver reports an
 * error or the end of the connection): the pool destroys it instead of handing it out.
 */
function dispose(connection: pg.ClientBase, reason: string): void {
  const marked = connection as { __knex__disposed?: unknown };
  marked.__knex__disposed ??= reason;
}

function isDisposed(connection: pg.ClientBase): boolean {
  return Boolean((connection as { __knex__disposed?: unknown }).__knex__disposed);
}

/** One unit of work's state: its deferred writes, its transaction's connection, and what runs on commit. */
class Work {
  connection: pg.ClientBase | null = null;
  readonly pending: SqlWrite<unknown>[] = [];
  private readonly onCommitted: (() => void)[] = [];
  private open = true;

  constructor(readonly locking: boolean) {}

  onCommit(callback: () => void): void {
    this.onCommitted.push(callback);
  }

  /** The transaction has ended (committed); its connection can go back to the pool. */
  finished(): void {
    this.open = false;
  }

  committed(): void {
    for (const callback of this.onCommitted) callback();
  }

  async abandon(knexClient: KnexClient): Promise<void> {
    if (!this.connection || !this.open) return;
    this.open = false;
    try {
      // A connection already known dead would only make the caller wait for its rollback to fail as well.
      if (isDisposed(this.connection)) throw new Error('connection lost');
      await this.connection.query(ROLLBACK.text);
    } catch {
      // The connection is broken: it must not go back to the pool with a transaction open.
      const connection = this.connection;
      this.connection = null;
      dispose(connection, 'rollback failed');
      void knexClient.releaseConnection(connection);
    }
  }

  release(knexClient: KnexClient): void {
    if (this.connection) void knexClient.releaseConnection(this.connection);
    this.connection = null;
  }
}
