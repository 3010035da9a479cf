import type { TaskListRepository, TaskRepository } from '../../domain/index.js';
import type { IdempotencyStore } from './idempotency-store.js';
import type { UserTaskErasure } from './user-task-erasure.js';

/**
 * The stores one unit of work writes through, each bound to that unit: what they write in it commits together
 * or not at all. Handed to the unit's body by `UnitOfWork.run`; used only inside it.
 */
export interface UnitStores {
  readonly tasks: TaskRepository;
  readonly lists: TaskListRepository;
  /** Where an idempotent request's answer is recorded with the change it answers (`complete`). */
  readonly idempotency: IdempotencyStore;
  readonly erasure: UserTaskErasure;
}

/**
 * One atomic piece of work. Everything the work writes through the stores it is handed — the task and the events
 * it recorded — commits together or not at all. The command bus owns it; repositories never commit. An
 * application service that adds writes of its own to a command (e.g. recording an idempotent request's answer)
 * runs the command's handler on the same stores (`CommandBus.executeIn`), so that both commit as one.
 */
export interface UnitOfWork {
  run<T>(work: (stores: UnitStores) => Promise<T>): Promise<T>;
}
