import { Container } from 'inversify';
import type { ChangeLogCompaction } from '../../src/application/changes/change-log-compaction.js';
import type { CommandBus } from '../../src/application/command-bus.js';
import type { IdempotentCommands } from '../../src/application/idempotency/idempotent-commands.js';
import type { IdGenerator } from '../../src/application/ports/id-generator.js';
import type { QueryBus } from '../../src/application/query-bus.js';
import { TOKENS } from '../../src/application/tokens.js';
import { applicationModule } from '../../src/container.js';
import { TaskChangeHub } from '../../src/infrastructure/events/task-change-hub.js';
import type { InMemoryIdempotencyStore } from '../../src/infrastructure/persistence/in-memory/in-memory-idempotency-store.js';
import type { InMemoryTaskListRepository } from '../../src/infrastructure/persistence/in-memory/in-memory-task-list-repository.js';
import type { InMemoryTaskStore } from '../../src/infrastructure/persistence/in-memory/in-memory-task-store.js';
import type { InMemoryUnitOfWork } from '../../src/infrastructure/persistence/in-memory/in-memory-unit-of-work.js';
import type { ManualClock } from '../../src/infrastructure/system/manual-clock.js';
import { UuidV7IdGenerator } from '../../src/infrastructure/system/uuid-v7-id-generator.js';
import { createInMemoryAdapters, type InMemoryAdaptersOptions } from './in-memory-adapters.js';

export interface InMemoryApplication {
  commands: CommandBus;
  queries: QueryBus;
  idempotentCommands: IdempotentCommands;
  compaction: ChangeLogCompaction;
  idempotencyStore: InMemoryIdempotencyStore;
  clock: ManualClock;
  store: InMemoryTaskStore;
  /** The lists the commands use, for tests that change lists without the list commands. */
  lists: InMemoryTaskListRepository;
  unitOfWork: InMemoryUnitOfWork;
  /** Change signals for live streams; nothing publishes to it unless a test does. */
  changeHub: TaskChangeHub;
}

/** The adapters' options (clock start, limits, a wrapped task repository), and the ids the commands take. */
export interface InMemoryApplicationOptions extends InMemoryAdaptersOptions {
  ids?: IdGenerator;
}

/**
 * The application layer as the composition root binds it (its `applicationModule`), with the in-memory
 * adapters and a manual clock in place of PostgreSQL and the system clock.
 */
export function createInMemoryApplication(options: InMemoryApplicationOptions = {}): InMemoryApplication {
  const adapters = createInMemoryAdapters(options);
  const { store, clock, idempotency: idempotencyStore } = adapters;
  const changeHub = new TaskChangeHub();
  const container = new Container();

  container.load(applicationModule);
  container.bind(TOKENS.TaskListRepository).toConstantValue(adapters.lists);
  container.bind(TOKENS.TaskReadModel).toConstantValue(adapters.readModel);
  container.bind(TOKENS.TaskListReadModel).toConstantValue(adapters.listReadModel);
  container.bind(TOKENS.TaskChangeLog).toConstantValue(adapters.changeLog);
  container.bind(TOKENS.TaskChangeLogCompaction).toConstantValue(adapters.compaction);
  container.bind(TOKENS.TaskChangeSignals).toConstantValue(changeHub);
  container.bind(TOKENS.IdempotencyStore).toConstantValue(idempotencyStore);
  container.bind(TOKENS.TaskAdminReadModel).toConstantValue(adapters.admin);
  container.bind(TOKENS.TaskIdLookup).toConstantValue(adapters.idLookup);
  container.bind(TOKENS.UnitOfWork).toConstantValue(adapters.unitOfWork);
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
    lists: adapters.lists,
    unitOfWork: adapters.unitOfWork,
    changeHub,
  };
}
