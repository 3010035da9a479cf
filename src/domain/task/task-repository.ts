import type { Task } from './task.js';
import type { TaskId } from './task-id.js';
import type { UserId } from './user-id.js';

/**
 * Write-side storage of tasks. Every method is scoped to one owner: there is no way to reach a task
 * without naming whose it is. Implementations hold the loaded task exclusively until the surrounding
 * unit of work ends, so concurrent changes queue up instead of overwriting one another.
 */
export interface TaskRepository {
  /** The owner's task, or null if it does not exist or belongs to someone else. */
  findOwned(owner: UserId, id: TaskId): Promise<Task | null>;

  /**
   * Persists the task's current state (inserting, updating, or removing it when deleted). Inserting a task
   * for an owner who already has as many as one user may have fails with `TaskLimitReachedError`.
   */
  save(task: Task): Promise<void>;
}
