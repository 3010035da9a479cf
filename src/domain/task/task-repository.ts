import type { Position } from '../shared/position.js';
import type { Task } from './task.js';
import type { AncestorChain } from './task-hierarchy.js';
import type { TaskId } from './task-id.js';
import type { UserId } from './user-id.js';

/**
 * Write-side storage of tasks, used inside a unit of work (`UnitOfWork.run`). Every method is scoped to one
 * owner: there is no way to reach a task without naming whose it is.
 *
 * Concurrency is optimistic: loading takes no lock, and persisting a change names the version the task was
 * loaded at. If another unit of work changed the task in between, this one does not overwrite that change:
 * the unit of work either runs again from the current state (the PostgreSQL adapter) or never interleaves
 * with another in the first place (the in-memory one). Either way, concurrent changes queue up instead of
 * overwriting one another.
 */
export interface TaskRepository {
  /** The owner's task, or null if it does not exist or belongs to someone else. */
  findOwned(owner: UserId, id: TaskId): Promise<Task | null>;

  /**
   * Records the task's change — an insert for a task this repository did not load, an update, or its removal
   * once deleted — in the current unit of work. It is written no later than when the unit commits, and may be
   * written only then: a refusal of the write (the owner's task limit, see `TaskLimits`) surfaces from the unit
   * of work's `run`. A task that recorded no event has not changed, and nothing is written.
   */
  persist(task: Task): Promise<void>;

  /**
   * The owner's task `id` and its ancestors' ids, nearest first, up to a top-level task: what
   * `TaskHierarchy.assertPlacement` checks a placement under that task with. Null if it is not the owner's task.
   */
  ancestorsOf(owner: UserId, id: TaskId): Promise<AncestorChain | null>;

  /**
   * The last position among the owner's tasks directly under `parent` (`null`: the top level), or null when
   * there are none. Where a write into that sibling group must not race another, the adapter serialises them
   * from here to the end of the unit of work (see ADR 0001, "Subtasks and order").
   */
  lastPositionUnder(owner: UserId, parent: TaskId | null): Promise<Position | null>;
}
