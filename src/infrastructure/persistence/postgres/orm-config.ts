import { defineConfig } from '@mikro-orm/postgresql';
import { DEFAULT_CONFIG } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import { ENTITY_SCHEMAS } from './entities/index.js';

export interface PoolOptions {
  /** Connections in the pool (`DATABASE_POOL_MAX`). */
  readonly poolMax?: number;
  /** Longest a statement may run before PostgreSQL cancels it, in ms (`DATABASE_STATEMENT_TIMEOUT`); 0: no limit. */
  readonly statementTimeoutMs?: number;
  /**
   * Whether the service's statements are sent as named prepared statements (`DATABASE_PREPARED_STATEMENTS`);
   * false: unnamed, parsed each time. How they are sent is `SqlConnections`' business: MikroORM's own
   * statements (migrations, status) are always unnamed.
   */
  readonly preparedStatements?: boolean;
  /** Receives the pool's own warnings (a dead connection dropped, say) at debug level; without it they are dropped. */
  readonly logger?: Logger;
}

/** Where MikroORM records which migrations ran. */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

export const {
  poolMax: DEFAULT_POOL_MAX,
  statementTimeoutMs: DEFAULT_STATEMENT_TIMEOUT_MS,
  preparedStatements: DEFAULT_PREPARED_STATEMENTS,
} = DEFAULT_CONFIG.database;

/**
 * Longest a request waits for a pooled connection. When the database is down, creating one fails or hangs;
 * either way the request gets its 503 (with Retry-After) within this time instead of queueing behind a dead
 * pool. Under plain overload a wait this long means the pool cannot keep up, and shedding is the better answer.
 */
export const ACQUIRE_TIMEOUT_MS = 1_500;
/**
 * Longest one connection attempt may take. Longer than the acquire timeout on purpose: an attempt outlives
 * the request that started it, so a database that is slow to accept (a serverless one waking up) still ends
 * up with connections in the pool, ready for the next requests.
 */
export const CONNECT_TIMEOUT_MS = 5_000;
/**
 * How much longer than the statement timeout the driver waits for an answer before giving up on the
 * connection. PostgreSQL cancels a slow statement itself; this is for a server that can no longer say so
 * (a network partition, a frozen host), where the statement would otherwise wait for TCP to give up.
 */
export const ANSWER_GRACE_MS = 1_000;

export function createOrmConfig(clientUrl: string, options: PoolOptions = {}) {
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  return defineConfig({
    clientUrl,
    entities: ENTITY_SCHEMAS,
    // Metadata comes from the listed schemas alone: no folder scan, no metadata cache on disk, nothing asked
    // of the database. Discovering them takes milliseconds at start-up.
    discovery: { disableDynamicFileAccess: true },
    migrations: { tableName: MIGRATIONS_TABLE },
    pool: { min: 0, max: options.poolMax ?? DEFAULT_POOL_MAX, idleTimeoutMillis: 30_000, acquireTimeoutMillis: ACQUIRE_TIMEOUT_MS },
    driverOptions: {
      // knex writes its warnings to the console by default; the service's failures are logged where they are handled.
      log: poolLog(options.logger),
      connection: {
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        application_name: 'tasks-api',
        statement_timeout: statementTimeoutMs,
        ...(statementTimeoutMs > 0 && { query_timeout: statementTimeoutMs + ANSWER_GRACE_MS }),
        // An idle connection whose server vanished without a word is noticed within seconds, not hours.
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
      },
    },
    // Every unit of work runs in an explicit context (a transaction or a fork); a stray global one is a bug.
    allowGlobalContext: false,
    debug: false,
  });
}

/**
 * The configuration that can apply and undo migrations: `createOrmConfig`'s with MikroORM's migrator and the
 * migrations themselves, both loaded on first use, so a serving process with nothing to apply never holds them.
 */
export async function createMigrationOrmConfig(clientUrl: string, options: PoolOptions = {}) {
  const [{ Migrator }, { MIGRATIONS }] = await Promise.all([import('@mikro-orm/migrations'), import('./migration-list.js')]);
  const config = createOrmConfig(clientUrl, options);
  return defineConfig({
    ...config,
    extensions: [Migrator],
    migrations: { tableName: MIGRATIONS_TABLE, silent: true, migrationsList: MIGRATIONS, transactional: true, allOrNothing: true },
  });
}

function poolLog(logger: Logger | undefined) {
  const write = (message: unknown) => logger?.debug({ pool: String(message) }, 'database pool');
  return { warn: write, error: write, deprecate: write, debug: () => undefined };
}
