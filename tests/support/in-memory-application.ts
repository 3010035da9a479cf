import { Container } from 'inversify';
import type { ChangeLogCompaction } from '../../src/application/changes/change-log-compaction.js';
import type { CommandBus } from '../../src/application/command-bus.js';
import type { IdempotentCommands } from '../../src/application/idempotency/idempotent-commands.js';
import type { IdGenerator } from '../../src/application/ports/id-generator.js';
import type { QueryBus } from '../../src/application/query-bus.js';
import { TOKENS } from '../../src/application/tokens.js';
import { applicationModule } from '../../src/container.js';
import type { TaskRepository } from '../../src/domain/index.js';
import { TaskChangeHub } from '../../src/infrastructure/events/task-change-hub.js';
import { InMemoryIdempotencyStore } from '../../src/infrastructure/persistence/in-memory/in-memory-idempotency-store.js';
import { InMemoryTaskAdminReadModel } from '../../src/infrastructure/persistence/in-memory/in-memory-task-admin-read-model.js';
import { InMemoryTaskChangeLog } from '../../src/infrastructure/persistence/in-memory/in-memory-task-change-log.js';
import { InMemoryTaskChangeLogCompaction } from '../../src/infrastructure/persistence/in-memory/in-memory-task-change-log-compaction.js';
import { InMemoryTaskIdLookup } from '../../src/infrastructure/persistence/in-memory/in-memory-task-id-lookup.js';
import { InMemoryTaskReadModel } from '../../src/infrastructure/persistence/in-memory/in-memory-task-read-model.js';
import { InMemoryTaskRepository } from '../../src/infrastructure/persistence/in-memory/in-memory-task-repository.js';
import { InMemoryTaskStore } from '../../src/infrastructure/persistence/in-memory/in-memory-task-store.js';
import { InMemoryUnitOfWork } from '../../src/infrastructure/persistence/in-memory/in-memory-unit-of-work.js';
import { InMemoryUserTaskErasure } from '../../src/infrastructure/persistence/in-memory/in-memory-user-task-erasure.js';
import { ManualClock } from '../../src/infrastructure/system/manual-clock.js';
import { UuidV7IdGenerator } from '../../src/infrastructure/system/uuid-v7-id-generator.js';

export interface InMemoryApplication {
  commands: CommandBus;
  queries: QueryBus;
  idempotentCommands: IdempotentCommands;
  compaction: ChangeLogCompaction;
  idempotencyStore: InMemoryIdempotencyStore;
  clock: ManualClock;
  store: InMemoryTaskStore;
  /** Change signals for live streams; nothing publishes to it unless a test does. */
  changeHub: TaskChangeHub;
}

export interface InMemoryApplicationOptions {
  /** Where the manual clock starts. */
  now?: Date;
  ids?: IdGenerator;
  /** How many tasks one user may have (MAX_TASKS_PER_USER); the service's default when left out. */
  maxTasksPerUser?: number;
  /** Wraps the repository, e.g. to make it fail at a chosen moment. */
  decorateRepository?: (repository: TaskRepository) => TaskRepository;
}

const APPLICATION_START = new Date('2026-11-25T10:00:00.000Z');

/**
 * The application layer as the composition root binds it (its `applicationModule`), with the in-memory
 * adapters and a manual clock in place of PostgreSQL and the system clock.
 */
export function createInMemoryApplication(options: InMemoryApplicationOptions = {}): InMemoryApplication {
  const store = new InMemoryTaskStore();
  const clock = new ManualClock(options.now ?? APPLICATION_START);
  const repository = new InMemoryTaskRepository(store, options.maxTasksPerUser === undefined ? undefined : { maxTasksPerUser: options.maxTasksPerUser });
  const changeHub = new TaskChangeHub();
  const idempotencyStore = new InMemoryIdempotencyStore(clock);
  const container = new Container();

  container.load(applicationModule);
  container.bind(TOKENS.TaskRepository).toConstantValue(options.decorateRepository?.(repository) ?? repository);
  container.bind(TOKENS.TaskReadModel).toConstantValue(new InMemoryTaskReadModel(store));
  container.bind(TOKENS.TaskChangeLog).toConstantValue(new InMemoryTaskChangeLog(store));
  container.bind(TOKENS.TaskChangeLogCompaction).toConstantValue(new InMemoryTaskChangeLogCompaction(store));
  container.bind(TOKENS.TaskChangeSignals).toConstantValue(changeHub);
  container.bind(TOKENS.IdempotencyStore).toConstantValue(idempotencyStore);
  container.bind(TOKENS.TaskAdminReadModel).toConstantValue(new InMemoryTaskAdminReadModel(store));
  container.bind(TOKENS.TaskIdLookup).toConstantValue(new InMemoryTaskIdLookup(store));
  container.bind(TOKENS.UserTaskErasure).toConstantValue(new InMemoryUserTaskErasure(store, idempotencyStore));
  container.bind(TOKENS.UnitOfWork).toConstantValue(new InMemoryUnitOfWork(store));
  container.bind(TOKENS.Clock).toConstantValue(clock);
  container.bind(TOKENS.IdGenerator).toConstantValue(options.ids ?? new UuidV7IdGenerator());

  return {
    commands: container.get<CommandBus>(TOKENS.CommandBus),
    queries: container.get<QueryBus>(TOKENS.QueryBus),
    idempotentCommands: container.get<IdempotentCommands>(TOKENS.IdempotentCommands),
    compaction: container.get<ChangeLogCompaction>(TOKENS.ChangeLogCompaction),
    idempotencyStore,
    clock,
    store,
    changeHub,
  };
}
