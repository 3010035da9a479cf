/**
 * Inversify tokens for every port. Only the composition root binds them to adapters; everything
 * else asks for the token with an explicit `@inject`, so nothing depends on emitted decorator metadata.
 */
export const TOKENS = {
  Clock: Symbol.for('Clock'),
  IdGenerator: Symbol.for('IdGenerator'),
  UnitOfWork: Symbol.for('UnitOfWork'),
  TaskListRepository: Symbol.for('TaskListRepository'),
  TaskListReadModel: Symbol.for('TaskListReadModel'),
  TaskReadModel: Symbol.for('TaskReadModel'),
  TaskChangeLog: Symbol.for('TaskChangeLog'),
  TaskChangeLogCompaction: Symbol.for('TaskChangeLogCompaction'),
  ChangeLogCompaction: Symbol.for('ChangeLogCompaction'),
  TaskChangeSignals: Symbol.for('TaskChangeSignals'),
  TaskChangeStreams: Symbol.for('TaskChangeStreams'),
  IdempotencyStore: Symbol.for('IdempotencyStore'),
  IdempotentCommands: Symbol.for('IdempotentCommands'),
  TaskAdminReadModel: Symbol.for('TaskAdminReadModel'),
  TaskIdLookup: Symbol.for('TaskIdLookup'),
  TokenVerifier: Symbol.for('TokenVerifier'),
  CommandHandlers: Symbol.for('CommandHandlers'),
  QueryHandlers: Symbol.for('QueryHandlers'),
  CommandBus: Symbol.for('CommandBus'),
  QueryBus: Symbol.for('QueryBus'),
} as const;
