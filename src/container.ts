/**
 * The composition root: the one place that knows which adapter serves each port.
 * One module per layer; interfaces (HTTP, CLI) ask the container for buses and services by token.
 */
import 'reflect-metadata';
import { Container, ContainerModule } from 'inversify';
import { ChangeLogCompaction } from './application/changes/change-log-compaction.js';
import { TaskChangeStreams } from './application/changes/task-change-streams.js';
import { CommandBus } from './application/command-bus.js';
import { DeleteLabelHandler, RenameLabelHandler } from './application/commands/change-label.js';
import { CreateListHandler } from './application/commands/create-list.js';
import { CreateTaskHandler } from './application/commands/create-task.js';
import { DeleteListHandler } from './application/commands/delete-list.js';
import { DeleteTaskHandler } from './application/commands/delete-task.js';
import { ImportTasksHandler } from './application/commands/import-tasks.js';
import { MoveListHandler } from './application/commands/move-list.js';
import { MoveTaskHandler } from './application/commands/move-task.js';
import { PurgeUserTasksHandler } from './application/commands/purge-user-tasks.js';
import { RenameListHandler } from './application/commands/rename-list.js';
import { SetTaskCompletionHandler } from './application/commands/set-task-completion.js';
import { UpdateTaskHandler } from './application/commands/update-task.js';
import { IdempotentCommands } from './application/idempotency/idempotent-commands.js';
import type { Clock } from './application/ports/clock.js';
import type { IdGenerator } from './application/ports/id-generator.js';
import type { IdempotencyStore } from './application/ports/idempotency-store.js';
import type { TaskAdminReadModel } from './application/ports/task-admin-read-model.js';
import type { TaskChangeLog } from './application/ports/task-change-log.js';
import type { TaskChangeLogCompaction } from './application/ports/task-change-log-compaction.js';
import type { TaskChangeSignals } from './application/ports/task-change-signals.js';
import type { TaskIdLookup } from './application/ports/task-id-lookup.js';
import type { TaskListReadModel } from './application/ports/task-list-read-model.js';
import type { TaskReadModel } from './application/ports/task-read-model.js';
import type { TokenVerifier } from './application/ports/token-verifier.js';
import type { UnitOfWork } from './application/ports/unit-of-work.js';
import { AdminTaskStatsHandler } from './application/queries/admin-task-stats.js';
import { ExportTasksHandler } from './application/queries/export-tasks.js';
import { GetListHandler } from './application/queries/get-list.js';
import { GetTaskHandler } from './application/queries/get-task.js';
import { ListTaskChangesHandler } from './application/queries/list-task-changes.js';
import { ListLabelsHandler } from './application/queries/list-labels.js';
import { ListListsHandler } from './application/queries/list-lists.js';
import { ListTasksHandler } from './application/queries/list-tasks.js';
import { PurgeUserTasksPreviewHandler } from './application/queries/purge-user-tasks-preview.js';
import { TaskOverviewHandler } from './application/queries/task-overview.js';
import { TaskStatsHandler } from './application/queries/task-stats.js';
import { QueryBus } from './application/query-bus.js';
import { TOKENS } from './application/tokens.js';
import type { TaskListRepository } from './domain/index.js';
import { TaskChangeHub } from './infrastructure/events/task-change-hub.js';
import { TaskChangeNotifier } from './infrastructure/events/task-change-notifier.js';
import type { Database } from './infrastructure/persistence/postgres/database.js';
import { PostgresTaskIdLookup } from './infrastructure/persistence/postgres/postgres-task-id-lookup.js';
import { PostgresTaskRepository } from './infrastructure/persistence/postgres/write-path/postgres-task-repository.js';
import { PostgresTaskListRepository } from './infrastructure/persistence/postgres/write-path/postgres-task-list-repository.js';
import { PostgresUnitOfWork } from './infrastructure/persistence/postgres/write-path/postgres-unit-of-work.js';
import { PostgresUserTaskErasure } from './infrastructure/persistence/postgres/postgres-user-task-erasure.js';
import { PostgresIdempotencyStore } from './infrastructure/persistence/postgres/postgres-idempotency-store.js';
import { PostgresTaskAdminReadModel } from './infrastructure/persistence/postgres/postgres-task-admin-read-model.js';
import { PostgresTaskChangeLog } from './infrastructure/persistence/postgres/postgres-task-change-log.js';
import { PostgresTaskChangeLogCompaction } from './infrastructure/persistence/postgres/postgres-task-change-log-compaction.js';
import { PostgresTaskListReadModel } from './infrastructure/persistence/postgres/postgres-task-list-read-model.js';
import { PostgresTaskReadModel } from './infrastructure/persistence/postgres/postgres-task-read-model.js';
import { DEFAULT_LIST_LIMITS, DEFAULT_TASK_LIMITS, type ListLimits, type TaskLimits } from './domain/index.js';
import { SystemClock } from './infrastructure/system/system-clock.js';
import { UuidV7IdGenerator } from './infrastructure/system/uuid-v7-id-generator.js';

/** Handlers and buses: the application layer, independent of any adapter. */
export const applicationModule = new ContainerModule(({ bind }) => {
  for (const handler of [
    CreateTaskHandler,
    UpdateTaskHandler,
    SetTaskCompletionHandler,
    DeleteTaskHandler,
    MoveTaskHandler,
    RenameLabelHandler,
    DeleteLabelHandler,
    CreateListHandler,
    RenameListHandler,
    MoveListHandler,
    DeleteListHandler,
  ]) {
    bind(TOKENS.CommandHandlers).to(handler).inSingletonScope();
  }
  // The operators' use cases (admin CLI).
  for (const handler of [ImportTasksHandler, PurgeUserTasksHandler]) {
    bind(TOKENS.CommandHandlers).to(handler).inSingletonScope();
  }
  for (const handler of [GetTaskHandler, ListTasksHandler, TaskStatsHandler, ListTaskChangesHandler, ListLabelsHandler, ListListsHandler, GetListHandler]) {
    bind(TOKENS.QueryHandlers).to(handler).inSingletonScope();
  }
  for (const handler of [AdminTaskStatsHandler, ExportTasksHandler, PurgeUserTasksPreviewHandler]) {
    bind(TOKENS.QueryHandlers).to(handler).inSingletonScope();
  }
  // What assistants read first (the MCP tools' overview).
  bind(TOKENS.QueryHandlers).to(TaskOverviewHandler).inSingletonScope();
  bind(TOKENS.CommandBus).to(CommandBus).inSingletonScope();
  bind(TOKENS.QueryBus).to(QueryBus).inSingletonScope();
  bind(TOKENS.TaskChangeStreams).to(TaskChangeStreams).inSingletonScope();
  bind(TOKENS.ChangeLogCompaction).to(ChangeLogCompaction).inSingletonScope();
  bind(TOKENS.IdempotentCommands).to(IdempotentCommands).inSingletonScope();
});

/** The system clock, unless another is given (tests set "now" through the service's own start-up options). */
export function systemModule(clock?: Clock): ContainerModule {
  return new ContainerModule(({ bind }) => {
    if (clock) bind<Clock>(TOKENS.Clock).toConstantValue(clock);
    else bind<Clock>(TOKENS.Clock).to(SystemClock).inSingletonScope();
    bind<IdGenerator>(TOKENS.IdGenerator).to(UuidV7IdGenerator).inSingletonScope();
  });
}

export interface ChangeEvents {
  /** Carries the change signals of every instance to this one's streams; fed by `PostgresTaskChangeListener`. */
  readonly changeHub: TaskChangeHub;
  /** Announces committed changes to every instance. */
  readonly notifier: TaskChangeNotifier;
}

/** PostgreSQL adapters, all running their statements through the database's one SQL session. */
export function postgresModule(
  database: Database,
  events: ChangeEvents,
  limits: TaskLimits,
  listLimits: ListLimits = DEFAULT_LIST_LIMITS,
): ContainerModule {
  const { session } = database;
  return new ContainerModule(({ bind }) => {
    const stores = {
      tasks: new PostgresTaskRepository(session, events.notifier, limits),
      lists: new PostgresTaskListRepository(session, events.notifier, listLimits),
      idempotency: new PostgresIdempotencyStore(session),
      erasure: new PostgresUserTaskErasure(session),
    };
    bind<TaskListRepository>(TOKENS.TaskListRepository).toConstantValue(stores.lists);
    bind<UnitOfWork>(TOKENS.UnitOfWork).toConstantValue(new PostgresUnitOfWork(session, stores));
    bind<TaskReadModel>(TOKENS.TaskReadModel).toConstantValue(new PostgresTaskReadModel(session));
    bind<TaskListReadModel>(TOKENS.TaskListReadModel).toConstantValue(new PostgresTaskListReadModel(session, listLimits));
    bind<TaskChangeLog>(TOKENS.TaskChangeLog).toConstantValue(new PostgresTaskChangeLog(session));
    bind<TaskChangeLogCompaction>(TOKENS.TaskChangeLogCompaction).toConstantValue(new PostgresTaskChangeLogCompaction(session, events.notifier));
    bind<TaskChangeSignals>(TOKENS.TaskChangeSignals).toConstantValue(events.changeHub);
    bind<IdempotencyStore>(TOKENS.IdempotencyStore).toConstantValue(stores.idempotency);
    bind<TaskAdminReadModel>(TOKENS.TaskAdminReadModel).toConstantValue(new PostgresTaskAdminReadModel(session));
    bind<TaskIdLookup>(TOKENS.TaskIdLookup).toConstantValue(new PostgresTaskIdLookup(session));
  });
}

export function authModule(verifier: TokenVerifier): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<TokenVerifier>(TOKENS.TokenVerifier).toConstantValue(verifier);
  });
}

export function createContainer(
  database: Database,
  verifier: TokenVerifier,
  events: ChangeEvents = { changeHub: new TaskChangeHub(), notifier: new TaskChangeNotifier(database.session) },
  clock?: Clock,
  limits: TaskLimits = DEFAULT_TASK_LIMITS,
  listLimits: ListLimits = DEFAULT_LIST_LIMITS,
): Container {
  const container = new Container();
  container.load(applicationModule, systemModule(clock), postgresModule(database, events, limits, listLimits), authModule(verifier));
  return container;
}
