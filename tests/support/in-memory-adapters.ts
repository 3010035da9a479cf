/**
 * Every in-memory adapter over one `InMemoryTaskStore`, wired as the composition root wires the PostgreSQL
 * ones: the one place tests build them, for the application under test and for the persistence contracts.
 */
import { InMemoryIdempotencyStore } from '../../src/infrastructure/persistence/in-memory/in-memory-idempotency-store.js';
import { InMemoryTaskAdminReadModel } from '../../src/infrastructure/persistence/in-memory/in-memory-task-admin-read-model.js';
import { InMemoryTaskChangeLog } from '../../src/infrastructure/persistence/in-memory/in-memory-task-change-log.js';
import { InMemoryTaskChangeLogCompaction } from '../../src/infrastructure/persistence/in-memory/in-memory-task-change-log-compaction.js';
import { InMemoryTaskIdLookup } from '../../src/infrastructure/persistence/in-memory/in-memory-task-id-lookup.js';
import { InMemoryTaskReadModel } from '../../src/infrastructure/persistence/in-memory/in-memory-task-read-model.js';
import { InMemoryTaskListReadModel } from '../../src/infrastructure/persistence/in-memory/in-memory-task-list-read-model.js';
import { InMemoryTaskListRepository } from '../../src/infrastructure/persistence/in-memory/in-memory-task-list-repository.js';
import { InMemoryTaskRepository } from '../../src/infrastructure/persistence/in-memory/in-memory-task-repository.js';
import { InMemoryTaskStore } from '../../src/infrastructure/persistence/in-memory/in-memory-task-store.js';
import { InMemoryUnitOfWork } from '../../src/infrastructure/persistence/in-memory/in-memory-unit-of-work.js';
import { InMemoryUserTaskErasure } from '../../src/infrastructure/persistence/in-memory/in-memory-user-task-erasure.js';
import { ManualClock } from '../../src/infrastructure/system/manual-clock.js';
import type { PersistenceFixture, PersistenceFixtureOptions } from './contracts/persistence-fixture.js';
import type { UnitStores } from '../../src/application/ports/unit-of-work.js';
import type { TaskRepository } from '../../src/domain/index.js';

export interface InMemoryAdapters extends PersistenceFixture {
  readonly repository: InMemoryTaskRepository;
  readonly lists: InMemoryTaskListRepository;
  readonly listReadModel: InMemoryTaskListReadModel;
  readonly unitOfWork: InMemoryUnitOfWork;
  readonly idempotency: InMemoryIdempotencyStore;
  /** What every adapter reads and writes. */
  readonly store: InMemoryTaskStore;
  /** Times the idempotency keys. */
  readonly clock: ManualClock;
}

export interface InMemoryAdaptersOptions extends PersistenceFixtureOptions {
  /** Where the manual clock starts. */
  readonly now?: Date;
  /** Wraps the task repository that units of work write through, e.g. to make it fail at a chosen moment. */
  readonly decorateRepository?: (repository: TaskRepository) => TaskRepository;
}

const CLOCK_START = new Date('2026-11-25T10:00:00.000Z');

export function createInMemoryAdapters(options: InMemoryAdaptersOptions = {}): InMemoryAdapters {
  const store = new InMemoryTaskStore();
  const clock = new ManualClock(options.now ?? CLOCK_START);
  const unitOfWork = new InMemoryUnitOfWork(store, () => stores);
  const idempotency = new InMemoryIdempotencyStore(clock, unitOfWork);
  const lists = new InMemoryTaskListRepository(store, options.maxListsPerUser === undefined ? undefined : { maxListsPerUser: options.maxListsPerUser });
  const repository = new InMemoryTaskRepository(store, options.maxTasksPerUser === undefined ? undefined : { maxTasksPerUser: options.maxTasksPerUser });
  const erasure = new InMemoryUserTaskErasure(store, idempotency);
  const stores: UnitStores = { tasks: options.decorateRepository?.(repository) ?? repository, lists, idempotency, erasure };
  return {
    store,
    clock,
    repository,
    lists,
    listReadModel: new InMemoryTaskListReadModel(lists),
    unitOfWork,
    readModel: new InMemoryTaskReadModel(store, (owner) => lists.listsInOrder(owner).find((list) => list.isInbox)?.id ?? null),
    changeLog: new InMemoryTaskChangeLog(store),
    compaction: new InMemoryTaskChangeLogCompaction(store),
    idempotency,
    erasure,
    admin: new InMemoryTaskAdminReadModel(store, lists),
    idLookup: new InMemoryTaskIdLookup(store),
    age: async (seconds) => {
      clock.advance(seconds * 1000);
    },
  };
}
