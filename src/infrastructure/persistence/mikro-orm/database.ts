import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../logging/logger.js';
import { createOrmConfig, MIGRATIONS } from './orm-config.js';

// Any fixed number works; it only has to be the same for every instance running migrations.
const MIGRATION_LOCK_KEY = 7_461_133_001;

export interface MigrationStatus {
  name: string;
  executedAt: Date | null;
}

/** The MikroORM handle plus the operations the service needs on the database as a whole. */
export class Database {
  private constructor(
    readonly orm: MikroORM,
    /** The connection URL, for connections outside the pool (the change listener's LISTEN). */
    readonly url: string,
  ) {}

  static async connect(url: string, options: { poolMax?: number } = {}): Promise<Database> {
    return new Database(await MikroORM.init(createOrmConfig(url, options)), url);
  }

  /**
   * Applies pending migrations. An advisory lock makes instances that start together take turns, so each
   * migration runs exactly once.
   */
  async migrate(logger?: Logger): Promise<string[]> {
    const connection = this.orm.em.getConnection();
    const knex = connection.getKnex();
    return knex.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
      const applied = await this.orm.getMigrator().up();
      for (const migration of applied) logger?.info({ migration: migration.name }, 'migration applied');
      return applied.map((migration) => migration.name);
    });
  }

  async migrationStatus(): Promise<MigrationStatus[]> {
    const executed = await this.orm.getMigrator().getExecutedMigrations();
    const executedAt = new Map(executed.map((row) => [row.name, row.executed_at]));
    return MIGRATIONS.map(({ name }) => ({ name, executedAt: executedAt.get(name) ?? null }));
  }

  /** True when a trivial query answers within the timeout. */
  async isReachable(timeoutMs = 2000): Promise<boolean> {
    const probe = this.orm.em.getConnection().execute('select 1');
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref());
    try {
      await Promise.race([probe, timeout]);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.orm.close(true);
  }
}
