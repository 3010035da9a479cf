/**
 * The one module that reaches below MikroORM's public API: it borrows the `pg` driver's connections from the
 * pool MikroORM configured (through knex's client, which MikroORM's PostgreSQL driver is built on) and sends
 * the service's statements on them as named (prepared) statements — or unnamed ones, parsed each time, when
 * a transaction-pooling proxy in front of PostgreSQL cannot keep prepared statements
 * (`DATABASE_PREPARED_STATEMENTS=false`, docs/operate/deploy-and-scale.md#named-prepared-statements).
 *
 * Why below the public API: `em.execute()` and knex send every statement unnamed, so PostgreSQL parses and
 * plans it anew each time, and they take a connection per call, so a unit of work cannot keep one for its
 * transaction without opening a MikroORM transaction context around it. The hot paths need both. Everything
 * else MikroORM does for the service — configuration, the pool itself, migrations, entity metadata — goes
 * through its public API (orm-config.ts, database.ts). See docs/develop/adr/0001-task-write-path.md.
 */
import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { availabilityError, withDatabaseAvailability } from './database-errors.js';
import { DEFAULT_PREPARED_STATEMENTS } from './orm-config.js';

/** A statement and its values. Its text is always one of the service's own, never built from caller input. */
export interface Sql {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** A driver connection lent by the pool. */
export type SqlConnection = pg.ClientBase;

export interface SqlConnectionsOptions {
  /**
   * True: each statement is named after its text, so each connection prepares it once and reuses the plan.
   * False: unnamed, parsed and planned each time — what a transaction pooler that cannot keep prepared
   * statements needs. `DATABASE_PREPARED_STATEMENTS`, true unless set.
   */
  readonly preparedStatements?: boolean;
  /** Sees each statement as it is sent (how tests count round trips). */
  readonly observe?: (sql: Sql) => void;
}

export class SqlConnections {
  private readonly pool: KnexClient;
  private readonly preparedStatements: boolean;
  private readonly observe?: (sql: Sql) => void;

  constructor(orm: MikroORM, options: SqlConnectionsOptions = {}) {
    this.pool = orm.em.getConnection().getKnex().client as unknown as KnexClient;
    this.preparedStatements = options.preparedStatements ?? DEFAULT_PREPARED_STATEMENTS;
    this.observe = options.observe;
  }

  /** A connection of the pool; a database that cannot give one within the acquire timeout is a 503. */
  acquire(): Promise<SqlConnection> {
    return withDatabaseAvailability(() => this.pool.acquireConnection());
  }

  release(connection: SqlConnection): void {
    void this.pool.releaseConnection(connection);
  }

  /** Runs `use` on a connection of its own, given back to the pool afterwards. */
  async with<T>(use: (connection: SqlConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await use(connection);
    } finally {
      this.release(connection);
    }
  }

  /** Sends one statement: named after its text, or unnamed (`preparedStatements`). */
  async run<R>(connection: SqlConnection, sql: Sql): Promise<R[]> {
    this.observe?.(sql);
    const statement: pg.QueryConfig = { text: sql.text, values: sql.values as unknown[] };
    if (this.preparedStatements) statement.name = nameOf(sql.text);
    try {
      const result = await connection.query<R & pg.QueryResultRow>(statement);
      return result.rows;
    } catch (error) {
      // The server never answered (see ANSWER_GRACE_MS): the statement may still be on the wire, so the
      // connection can serve nothing else.
      if (error instanceof Error && error.message === 'Query read timeout') this.discard(connection, error.message);
      throw availabilityError(error);
    }
  }

  /**
   * Ends a transaction that must not commit. A connection that cannot roll back (or is already known dead) is
   * discarded: it must never go back to the pool with a transaction open.
   */
  async rollback(connection: SqlConnection): Promise<void> {
    try {
      if (isDiscarded(connection)) throw new Error('connection lost');
      await connection.query('rollback');
    } catch {
      this.discard(connection, 'rollback failed');
    }
  }

  /**
   * Marks a connection that must not be used again: the pool destroys it when it comes back instead of lending
   * it out. knex's own mark, which it also sets itself when the driver reports an error or the end of the connection.
   */
  private discard(connection: SqlConnection, reason: string): void {
    const marked = connection as { __knex__disposed?: unknown };
    marked.__knex__disposed ??= reason;
  }
}

function isDiscarded(connection: SqlConnection): boolean {
  return Boolean((connection as { __knex__disposed?: unknown }).__knex__disposed);
}

const statementNames = new Map<string, string>();

/**
 * One name per statement text, the same in every session sharing a pool. Texts are the service's own, so the
 * map stays as small as their number.
 */
function nameOf(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) statementNames.set(text, (name = `tasks_api_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  return name;
}

/** The part of knex's client used here: its pool of driver connections. */
interface KnexClient {
  acquireConnection(): Promise<SqlConnection>;
  releaseConnection(connection: SqlConnection): Promise<void>;
}
