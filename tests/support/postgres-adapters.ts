/**
 * Every PostgreSQL adapter, built as the composition root builds them: the one place tests name them, so
 * that renaming or moving one touches this file only. Also the database the persistence contracts run on —
 * a database of their own on the test server, emptied before each test.
 */
import { TaskChangeNotifier } from '../../src/infrastructure/events/task-change-notifier.js';
import { Database } from '../../src/infrastructure/persistence/mikro-orm/database.js';
import { MikroOrmTaskIdLookup } from '../../src/infrastructure/persistence/mikro-orm/mikro-orm-task-id-lookup.js';
import { MikroOrmTaskRepository } from '../../src/infrastructure/persistence/mikro-orm/mikro-orm-task-repository.js';
import { MikroOrmUnitOfWork } from '../../src/infrastructure/persistence/mikro-orm/mikro-orm-unit-of-work.js';
import { MikroOrmUserTaskErasure } from '../../src/infrastructure/persistence/mikro-orm/mikro-orm-user-task-erasure.js';
import type { SqlSession } from '../../src/infrastructure/persistence/mikro-orm/sql-session.js';
import { SqlIdempotencyStore } from '../../src/infrastructure/persistence/mikro-orm/sql-idempotency-store.js';
import { SqlTaskAdminReadModel } from '../../src/infrastructure/persistence/mikro-orm/sql-task-admin-read-model.js';
import { SqlTaskChangeLog } from '../../src/infrastructure/persistence/mikro-orm/sql-task-change-log.js';
import { SqlTaskChangeLogCompaction } from '../../src/infrastructure/persistence/mikro-orm/sql-task-change-log-compaction.js';
import { SqlTaskReadModel } from '../../src/infrastructure/persistence/mikro-orm/sql-task-read-model.js';
import type { PersistenceAdapters, PersistenceFixture, PersistenceFixtureOptions } from './contracts/persistence-fixture.js';
import { createScratchDatabase } from './service-process.js';
import { testDatabaseUrl } from './test-database.js';

export interface PostgresAdapters extends PersistenceAdapters {
  /** Tells other instances about committed changes; `flush()` waits for what it has queued. */
  readonly notifier: TaskChangeNotifier;
}

export interface PostgresAdaptersOptions extends PersistenceFixtureOptions {
  /** Shared with other adapters or a listener; a new one on the session otherwise. */
  readonly notifier?: TaskChangeNotifier;
}

/** The PostgreSQL adapters over one SQL session, as `postgresModule` binds them. */
export function createPostgresAdapters(session: SqlSession, options: PostgresAdaptersOptions = {}): PostgresAdapters {
  const notifier = options.notifier ?? new TaskChangeNotifier(session);
  return {
    notifier,
    repository: new MikroOrmTaskRepository(session, notifier, options.maxTasksPerUser === undefined ? undefined : { maxTasksPerUser: options.maxTasksPerUser }),
    unitOfWork: new MikroOrmUnitOfWork(session),
    readModel: new SqlTaskReadModel(session),
    changeLog: new SqlTaskChangeLog(session),
    compaction: new SqlTaskChangeLogCompaction(session, notifier),
    idempotency: new SqlIdempotencyStore(session),
    erasure: new MikroOrmUserTaskErasure(session),
    admin: new SqlTaskAdminReadModel(session),
    idLookup: new MikroOrmTaskIdLookup(session),
  };
}

export interface PostgresFixture extends PersistenceFixture, PostgresAdapters {
  readonly database: Database;
}

interface ContractDatabase {
  readonly database: Database;
  drop(): Promise<void>;
}

let contractDatabase: Promise<ContractDatabase> | null = null;
let lastNotifier: TaskChangeNotifier | null = null;

/**
 * Fresh PostgreSQL adapters over an empty database: the contracts' own database (created and migrated on
 * first use, shared by every suite of the run) with every table emptied, so each test sees only what it wrote.
 */
export async function freshPostgresAdapters(options: PersistenceFixtureOptions = {}): Promise<PostgresFixture> {
  contractDatabase ??= openContractDatabase();
  const { database } = await contractDatabase;
  // The previous test's notifications go out before their owners' rows disappear under them.
  await lastNotifier?.flush();
  await database.session.autocommit({ text: 'truncate tasks, task_events, task_event_streams, idempotency_keys', values: [] });
  const adapters = createPostgresAdapters(database.session, options);
  lastNotifier = adapters.notifier;
  return {
    ...adapters,
    database,
    age: async (seconds) => {
      await database.session.autocommit({
        text: `update idempotency_keys set created_at = created_at - $1::int * interval '1 second'`,
        values: [seconds],
      });
    },
  };
}

/** Closes and drops the contracts' database, if a suite opened it (the run's global teardown). */
export async function dropContractDatabase(): Promise<void> {
  if (!contractDatabase) return;
  const { database, drop } = await contractDatabase;
  contractDatabase = null;
  await lastNotifier?.flush();
  lastNotifier = null;
  await database.close();
  await drop();
}

async function openContractDatabase(): Promise<ContractDatabase> {
  const scratch = await createScratchDatabase(await testDatabaseUrl(), 'contracts');
  const database = await Database.connect(scratch.url);
  await database.migrate();
  return { database, drop: scratch.drop };
}
