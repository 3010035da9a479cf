import type { ListId } from '../list/list-id.js';
import type { Position, PositionGap } from '../shared/position.js';
import type { SiblingGroup, Task } from './task.js';
import type { AncestorChain } from './task-hierarchy.js';
import type { TaskId } from './task-id.js';
import type { UserId } from './user-id.js';

/**
 * Write-side storage of tasks, bound to one unit of work (`UnitOfWork.run` hands it over). Every method is scoped
 * to one owner: there is no way to reach a task without naming whose it is.
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
   * once deleted — in its unit of work. It is written no later than when the unit commits, and may be
   * written only then: a refusal of the write (the owner's task limit, see `TaskLimits`) surfaces from the unit
   * of work's `run`. A task that recorded no event has not changed, and nothing is written.
   */
  persist(task: Task): Promise<void>;

  /**
   * The owner's tasks that have any of the labels `keys` (`LabelName.keyOf`), by id, at most `limit` of them: what a
   * change to a label on all of the owner's tasks loads, as `findOwned` loads one task.
   */
  findOwnedWithLabels(owner: UserId, keys: readonly string[], limit: number): Promise<Task[]>;

  /**
   * The owner's task `id` and its ancestors' ids, nearest first, up to a top-level task: what
   * `TaskHierarchy.assertPlacement` checks a placement under that task with. Null if it is not the owner's task.
   * The chain stays as read until the unit of work ends: a concurrent re-parenting (see `subtreeHeight`) waits.
   */
  ancestorsOf(owner: UserId, id: TaskId): Promise<AncestorChain | null>;

  /**
   * The last position among the owner's tasks of list `list` directly under `parent` (`null`: the list's top
   * level), or null when there are none. Where a write into that sibling group must not race another, the adapter
   * serialises them from here to the end of the unit of work (see ADR 0001, "Subtasks and order").
   */
  lastPositionUnder(owner: UserId, parent: TaskId | null, list: ListId): Promise<Position | null>;

  /**
   * The owner's tasks below `id` at every depth, loaded for a change, deepest first (every task before its parent):
   * the order in which deleting `id` removes them. Empty for a task without subtasks, or one that is not the owner's.
   */
  descendantsOf(owner: UserId, id: TaskId): Promise<Task[]>;

  /** Every task of the owner's list `list`, loaded for a change, deepest first (every task before its parent). */
  tasksInList(owner: UserId, list: ListId): Promise<Task[]>;

  /**
   * How many levels the owner's task `id` and its subtasks span: 1 for a task without subtasks. Asked before
   * re-parenting a task: from here to the end of the unit of work, the owner's other re-parentings and new subtasks
   * wait, so that two concurrent moves cannot together make a cycle or a fifth level. Ask it before `ancestorsOf`.
   */
  subtreeHeight(owner: UserId, id: TaskId): Promise<number>;

  /**
   * The gap beside `neighbour` in the owner's sibling group `group` that a task moved there goes into, leaving out `moving` itself wherever it is now. `side: 'after'` is the gap
   * between the neighbour and the next sibling, `'before'` the one between the previous sibling and the neighbour;
   * without a neighbour, the start of the group (`'after'`) or its end (`'before'`). Null when `neighbour` is not in
   * that group: missing, another owner's, under another parent or in another list, or `moving` itself. Serialised
   * like `lastPositionUnder`.
   */
  gapBeside(owner: UserId, group: SiblingGroup, neighbour: MoveNeighbour, moving: TaskId): Promise<PositionGap | null>;
}

/** Where a moved task goes: right after or right before a sibling (`id`), or with no sibling at the start or the end. */
export interface MoveNeighbour {
  readonly side: 'after' | 'before';
  readonly id: TaskId | null;
}
