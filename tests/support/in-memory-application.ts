import { Container } from 'inversify';
import { CommandBus } from '../../src/application/command-bus.js';
import { CreateTaskHandler } from '../../src/application/commands/create-task.js';
import { DeleteTaskHandler } from '../../src/application/commands/delete-task.js';
import { SetTaskCompletionHandler } from '../../src/application/commands/set-task-completion.js';
import { UpdateTaskHandler } from '../../src/application/commands/update-task.js';
import type { IdGenerator } from '../../src/application/ports/id-generator.js';
import { GetTaskHandler } from '../../src/application/queries/get-task.js';
import { ListTasksHandler } from '../../src/application/queries/list-tasks.js';
import { TaskStatsHandler } from '../../src/application/queries/task-stats.js';
import { QueryBus } from '../../src/application/query-bus.js';
import { TOKENS } from '../../src/application/tokens.js';
import type { TaskRepository } from '../../src/domain/index.js';
import { InMemoryTaskReadModel } from '../../src/infrastructure/persistence/in-memory/in-memory-task-read-model.js';
import { InMemoryTaskRepository } from '../../src/infrastructure/persistence/in-memory/in-memory-task-repository.js';
import { InMemoryTaskStore } from '../../src/infrastructure/persistence/in-memory/in-memory-task-store.js';
import { InMemoryUnitOfWork } from '../../src/infrastructure/persistence/in-memory/in-memory-unit-of-work.js';
import { ManualClock } from '../../src/infrastructure/system/manual-clock.js';
import { UuidV7IdGenerator } from '../../src/infrastructure/system/uuid-v7-id-generator.js';

export interface InMemoryApplication {
  commands: CommandBus;
  queries: QueryBus;
  clock: ManualClock;
  store: InMemoryTaskStore;
}

export interface InMemoryApplicationOptions {
  /** Where the manual clock starts. */
  now?: Date;
  ids?: IdGenerator;
  /** Wraps the repository, e.g. to make it fail at a chosen moment. */
  decorateRepository?: (repository: TaskRepository) => TaskRepository;
}

export const APPLICATION_START = new Date('2026-11-25T10:00:00.000Z');

/** The application layer wired with the in-memory adapters, as the composition root wires the real ones. */
export function createInMemoryApplication(options: InMemoryApplicationOptions = {}): InMemoryApplication {
  const store = new InMemoryTaskStore();
  const clock = new ManualClock(options.now ?? APPLICATION_START);
  const repository = new InMemoryTaskRepository(store);
  const container = new Container();

  container.bind(TOKENS.TaskRepository).toConstantValue(options.decorateRepository?.(repository) ?? repository);
  container.bind(TOKENS.TaskReadModel).toConstantValue(new InMemoryTaskReadModel(store));
  container.bind(TOKENS.UnitOfWork).toConstantValue(new InMemoryUnitOfWork(store));
  container.bind(TOKENS.Clock).toConstantValue(clock);
  if (options.ids) container.bind(TOKENS.IdGenerator).toConstantValue(options.ids);
  else container.bind(TOKENS.IdGenerator).to(UuidV7IdGenerator).inSingletonScope();

  for (const handler of [CreateTaskHandler, UpdateTaskHandler, SetTaskCompletionHandler, DeleteTaskHandler]) {
    container.bind(TOKENS.CommandHandlers).to(handler).inSingletonScope();
  }
  for (const handler of [GetTaskHandler, ListTasksHandler, TaskStatsHandler]) {
    container.bind(TOKENS.QueryHandlers).to(handler).inSingletonScope();
  }
  container.bind(TOKENS.CommandBus).to(CommandBus).inSingletonScope();
  container.bind(TOKENS.QueryBus).to(QueryBus).inSingletonScope();

  return {
    commands: container.get<CommandBus>(TOKENS.CommandBus),
    queries: container.get<QueryBus>(TOKENS.QueryBus),
    clock,
    store,
  };
}
