import type { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../logging/logger.js';
import { withDatabaseAvailabilityExplained } from './database-errors.js';
import { MIGRATION_NAMES } from './migration-names.js';
import { createMigrationOrmConfig, createOrmConfig, MIGRATIONS_TABLE, type PoolOptions } from './orm-config.js';
import { SqlConnections } from './sql-connections.js';
import { SqlSession } from './write-path/sql-session.js';

// Any fixed number works; it only has to be the same for every instance running migrations.
export const MIGRATION_LOCK_KEY = 7_461_133_001;

export interface MigrationStatus {
  name: string;
  executedAt: Date | null;
}

/**
 * The MikroORM handle (schema, migrations, the connection pool), the SQL session the adapters run their
 * statements through, and the operations the service needs on the database as a whole.
 */
export class Database {
  readonly session: SqlSession;

  private constructor(
    readonly orm: MikroORM,
    /** The connection URL, for connections outside the pool (the change listener's LISTEN). */
    readonly url: string,
    options: PoolOptions,
  ) {
    this.session = new SqlSession(new SqlConnections(orm, { preparedStatements: options.preparedStatements }), options.logger);
  }

  static async connect(url: string, options: PoolOptions = {}): Promise<Database> {
    return new Database(await withDatabaseAvailabilityExplained(() => MikroORM.init(createOrmConfig(url, options))), url, options);
  }

  /**
   * Applies pending migrations. An advisory lock makes instances that start together take turns, so each
   * migration runs exactly once. When the bookkeeping shows nothing pending — every start but the first after
   * an upgrade — it stops there, without loading the migrator at all.
   */
  async migrate(logger?: Logger): Promise<string[]> {
    if ((await this.migrationStatus()).every((migration) => migration.executedAt !== null)) return [];
    const connection = this.orm.em.getConnection();
    const knex = connection.getKnex();
    return withDatabaseAvailabilityExplained(() =>
      knex.transaction(async (trx) => {
        await trx.raw('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
        const applied = await this.withMigrator((migrator) => migrator.up());
        for (const migration of applied) logger?.info({ migration: migration.name }, 'migration applied');
        return applied.map((migration) => migration.name);
      }),
    );
  }

  /**
   * Runs `work` with MikroORM's migrator, on a connection of its own, free of the statement timeout that guards
   * requests: building an index on a large table may take longer than any request should.
   */
  async withMigrator<T>(work: (migrator: Migrator) => Promise<T>): Promise<T> {
    const migrations = await MikroORM.init(await createMigrationOrmConfig(this.url, { poolMax: 1, statementTimeoutMs: 0 }));
    try {
      return await work(migrations.getMigrator());
    } finally {
      await migrations.close(true);
    }
  }

  /**
   * Every migration this build knows, with when it ran (null: pending). Only reads: on a database never
   * migrated it creates nothing, not even the bookkeeping table.
   */
  async migrationStatus(): Promise<MigrationStatus[]> {
    const table = MIGRATIONS_TABLE;
    const connection = this.orm.em.getConnection();
    const executed = await withDatabaseAvailabilityExplained(async () => {
      const [found] = await connection.execute<{ present: boolean }[]>('select to_regclass(?) is not null as present', [table]);
      if (!found?.present) return [];
      return connection.execute<{ name: string; executed_at: Date | string }[]>(
        `select name, executed_at from ${connection.getPlatform().quoteIdentifier(table)}`,
      );
    });
    // MikroORM leaves timestamps of raw queries as the driver's text.
    const executedAt = new Map(executed.map((row) => [row.name, new Date(row.executed_at)]));
    return MIGRATION_NAMES.map((name) => ({ name, executedAt: executedAt.get(name) ?? null }));
  }

  /**
   * True when a trivial query answers within the timeout. One second by default: what an orchestrator's
   * readiness probe waits (Kubernetes' default), and a database that takes longer is not serving requests either.
   */
  async isReachable(timeoutMs = 1000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const probe = this.session.autocommit({ text: 'select 1', values: [] }).then(() => true);
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([probe, timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.orm.close(true);
  }
}
