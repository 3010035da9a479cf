/**
 * Every PostgreSQL adapter, built as the composition root builds them: the one place tests name them, so
 * that renaming or moving one touches this file only. Also the database the persistence contracts run on —
 * a database of their own on the test server, emptied before each test.
 */
import { TaskChangeNotifier } from '../../src/infrastructure/events/task-change-notifier.js';
import { Database } from '../../src/infrastructure/persistence/postgres/database.js';
import { PostgresTaskIdLookup } from '../../src/infrastructure/persistence/postgres/postgres-task-id-lookup.js';
import { PostgresTaskListRepository } from '../../src/infrastructure/persistence/postgres/write-path/postgres-task-list-repository.js';
import { PostgresTaskRepository } from '../../src/infrastructure/persistence/postgres/write-path/postgres-task-repository.js';
import { PostgresUnitOfWork, type PostgresStores } from '../../src/infrastructure/persistence/postgres/write-path/postgres-unit-of-work.js';
import { PostgresUserTaskErasure } from '../../src/infrastructure/persistence/postgres/postgres-user-task-erasure.js';
import type { SqlScope, SqlSession } from '../../src/infrastructure/persistence/postgres/write-path/sql-session.js';
import { PostgresIdempotencyStore } from '../../src/infrastructure/persistence/postgres/postgres-idempotency-store.js';
import { PostgresTaskAdminReadModel } from '../../src/infrastructure/persistence/postgres/postgres-task-admin-read-model.js';
import { PostgresTaskChangeLog } from '../../src/infrastructure/persistence/postgres/postgres-task-change-log.js';
import { PostgresTaskChangeLogCompaction } from '../../src/infrastructure/persistence/postgres/postgres-task-change-log-compaction.js';
import { PostgresTaskListReadModel } from '../../src/infrastructure/persistence/postgres/postgres-task-list-read-model.js';
import { PostgresTaskReadModel } from '../../src/infrastructure/persistence/postgres/postgres-task-read-model.js';
import type { PersistenceAdapters, PersistenceFixture, PersistenceFixtureOptions } from './contracts/persistence-fixture.js';
import { createScratchDatabase, testDatabaseUrl } from './test-database.js';
import { TaskMother } from './task-mother.js';
import type { Task, TaskRepository, UserId } from '../../src/domain/index.js';
import type { UserTaskErasure } from '../../src/application/ports/user-task-erasure.js';

/**
 * The PostgreSQL task repository, storing each owner's test list (`TaskMother.listOf`) as their inbox before
 * their first task goes in: the suites that write tasks straight through the repository have no list of their own.
 */
class RepositoryWithTestLists implements TaskRepository {
  constructor(
    private readonly repository: PostgresTaskRepository,
    private readonly session: SqlSession,
    private readonly stored = new Set<string>(),
  ) {}

  /** The same inside one unit of work (`PostgresUnitOfWork` binds it), sharing which test lists are stored. */
  within(unit: SqlScope): RepositoryWithTestLists {
    return new RepositoryWithTestLists(this.repository.within(unit), this.session, this.stored);
  }

  findOwned: TaskRepository['findOwned'] = (owner, id) => this.repository.findOwned(owner, id);
  ancestorsOf: TaskRepository['ancestorsOf'] = (owner, id) => this.repository.ancestorsOf(owner, id);
  lastPositionUnder: TaskRepository['lastPositionUnder'] = (owner, parent, list) => this.repository.lastPositionUnder(owner, parent, list);
  descendantsOf: TaskRepository['descendantsOf'] = (owner, id) => this.repository.descendantsOf(owner, id);
  tasksInList: TaskRepository['tasksInList'] = (owner, list) => this.repository.tasksInList(owner, list);
  findOwnedWithLabels: TaskRepository['findOwnedWithLabels'] = (owner, keys, limit) => this.repository.findOwnedWithLabels(owner, keys, limit);
  subtreeHeight: TaskRepository['subtreeHeight'] = (owner, id) => this.repository.subtreeHeight(owner, id);
  gapBeside: TaskRepository['gapBeside'] = (owner, group, neighbour, moving) => this.repository.gapBeside(owner, group, neighbour, moving);

  /** The owner's data was erased, their test list with it: store it again before their next task. */
  forget(owner: string): void {
    this.stored.delete(owner);
  }

  async persist(task: Task): Promise<void> {
    if (!this.stored.has(task.ownerId.value) && task.listId.equals(TaskMother.listOf(task.ownerId))) {
      await storeTestList(this.session, task.ownerId);
      this.stored.add(task.ownerId.value);
    }
    return this.repository.persist(task);
  }
}

/** Stores the owner's test list (`TaskMother.listOf`) as their inbox, at once and on a connection of its own. */
export async function storeTestList(session: SqlSession, owner: UserId): Promise<void> {
  await session.autocommit({
    text: `insert into task_lists (id, user_id, name, is_inbox, position, created_at, updated_at)
           values ($1, $2, 'Inbox', true, 'a0', now(), now()) on conflict do nothing`,
    values: [TaskMother.listOf(owner).value, owner.value],
  });
}

/** The stores a `PostgresUnitOfWork` over `session` binds to each unit, as the composition root makes them. */
export function postgresStores(session: SqlSession, notifier: TaskChangeNotifier, tasks = new PostgresTaskRepository(session, notifier)): PostgresStores {
  return {
    tasks,
    lists: new PostgresTaskListRepository(session, notifier),
    idempotency: new PostgresIdempotencyStore(session),
    erasure: new PostgresUserTaskErasure(session),
  };
}

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
  const repository = new RepositoryWithTestLists(
    new PostgresTaskRepository(session, notifier, options.maxTasksPerUser === undefined ? undefined : { maxTasksPerUser: options.maxTasksPerUser }),
    session,
  );
  const erasure = new PostgresUserTaskErasure(session);
  const lists = new PostgresTaskListRepository(session, notifier, options.maxListsPerUser === undefined ? undefined : { maxListsPerUser: options.maxListsPerUser });
  const idempotency = new PostgresIdempotencyStore(session);
  // An erasure takes the owner's test list with it: their next task stores it again.
  const forgetting = (bound: PostgresUserTaskErasure): UserTaskErasure => ({
    erase: async (ownerId) => {
      const erased = await bound.erase(ownerId);
      repository.forget(ownerId);
      return erased;
    },
  });
  return {
    notifier,
    repository,
    lists,
    unitOfWork: new PostgresUnitOfWork(session, { tasks: repository, lists, idempotency, erasure: { within: (unit) => forgetting(erasure.within(unit)) } }),
    readModel: new PostgresTaskReadModel(session),
    listReadModel: new PostgresTaskListReadModel(session),
    changeLog: new PostgresTaskChangeLog(session),
    compaction: new PostgresTaskChangeLogCompaction(session, notifier),
    idempotency,
    erasure: forgetting(erasure),
    admin: new PostgresTaskAdminReadModel(session),
    idLookup: new PostgresTaskIdLookup(session),
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
  await database.session.autocommit({ text: 'truncate tasks, task_lists, task_events, task_event_streams, idempotency_keys', values: [] });
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
