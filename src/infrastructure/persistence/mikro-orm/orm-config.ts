import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { Migration20261125000000_create_tasks } from './migrations/Migration20261125000000_create_tasks.js';
import { Migration20261127000000_track_erased_change_logs } from './migrations/Migration20261127000000_track_erased_change_logs.js';
import { Migration20261126000000_create_idempotency_keys } from './migrations/Migration20261126000000_create_idempotency_keys.js';
import { Migration20261128000000_count_tasks_per_user } from './migrations/Migration20261128000000_count_tasks_per_user.js';
import { Migration20261129000000_track_compacted_change_logs } from './migrations/Migration20261129000000_track_compacted_change_logs.js';
import { TaskRecordSchema } from './task-record.js';

/** Migrations are listed here, not discovered on disk, so the same list runs from tsx and from the build. */
export const MIGRATIONS = [
  { name: 'Migration20261125000000_create_tasks', class: Migration20261125000000_create_tasks },
  { name: 'Migration20261126000000_create_idempotency_keys', class: Migration20261126000000_create_idempotency_keys },
  { name: 'Migration20261127000000_track_erased_change_logs', class: Migration20261127000000_track_erased_change_logs },
  { name: 'Migration20261128000000_count_tasks_per_user', class: Migration20261128000000_count_tasks_per_user },
  { name: 'Migration20261129000000_track_compacted_change_logs', class: Migration20261129000000_track_compacted_change_logs },
];

export interface PoolOptions {
  /** Connections in the pool (`DATABASE_POOL_MAX`). */
  readonly poolMax?: number;
  /** Longest a statement may run before PostgreSQL cancels it, in ms (`DATABASE_STATEMENT_TIMEOUT`); 0: no limit. */
  readonly statementTimeoutMs?: number;
}

export const DEFAULT_POOL_MAX = 10;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;

export function createOrmConfig(clientUrl: string, options: PoolOptions = {}) {
  return defineConfig({
    clientUrl,
    entities: [TaskRecordSchema],
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    migrations: { tableName: 'mikro_orm_migrations', silent: true, migrationsList: MIGRATIONS, transactional: true, allOrNothing: true },
    pool: { min: 0, max: options.poolMax ?? DEFAULT_POOL_MAX, idleTimeoutMillis: 30_000, acquireTimeoutMillis: 10_000 },
    driverOptions: {
      connection: {
        connectionTimeoutMillis: 5_000,
        application_name: 'tasks-api',
        statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      },
    },
    // Every unit of work runs in an explicit context (a transaction or a fork); a stray global one is a bug.
    allowGlobalContext: false,
    debug: false,
  });
}
