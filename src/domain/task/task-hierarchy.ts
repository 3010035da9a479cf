import type { ListId } from '../list/list-id.js';
import { DomainError, DomainValidationError } from '../shared/domain-error.js';
import type { TaskId } from './task-id.js';

/** How deep tasks nest: a task with no parent is on level 1, its subtasks on level 2, and so on. */
export const MAX_TASK_DEPTH = 4;

/** Why a placement under a parent is refused. */
export type TaskHierarchyProblem = 'too_deep' | 'cycle';

/**
 * A task cannot go where it was asked to: under itself or one of its own subtasks (a cycle), or so deep that it
 * or one of its subtasks would sit below level {@link MAX_TASK_DEPTH}. Names the field the caller set.
 */
export class TaskHierarchyError extends DomainError {
  readonly code = 'task_hierarchy_invalid';
  readonly path = 'parent_id';

  constructor(readonly problem: TaskHierarchyProblem) {
    super(
      problem === 'cycle'
        ? 'A task cannot become a subtask of itself or of one of its own subtasks'
        : `Tasks nest at most ${MAX_TASK_DEPTH} levels deep`,
    );
  }
}

/**
 * Where a new parent sits: its own id followed by its ancestors' ids, nearest first, up to a top-level task.
 * Loaded by the repository (owner-scoped) and handed to {@link TaskHierarchy.assertPlacement}.
 */
export type AncestorChain = readonly string[];

export const TaskHierarchy = {
  /**
   * Refuses to put `task` (with subtasks reaching `subtreeHeight` levels, 1 for a task without subtasks) under the
   * parent whose chain is `parentChain` (the parent first, then its ancestors); `null` for the top level.
   */
  assertPlacement(task: TaskId, parentChain: AncestorChain | null, subtreeHeight = 1): void {
    if (parentChain === null) {
      if (subtreeHeight > MAX_TASK_DEPTH) throw new TaskHierarchyError('too_deep');
      return;
    }
    if (parentChain.includes(task.value)) throw new TaskHierarchyError('cycle');
    if (parentChain.length + subtreeHeight > MAX_TASK_DEPTH) throw new TaskHierarchyError('too_deep');
  },

  /** A subtask belongs to its parent's list: refuses a list named for it that is another one, naming `list_id`. */
  assertSameList(requested: ListId, parentList: ListId): void {
    if (!requested.equals(parentList)) {
      throw DomainValidationError.of('list_id', "A subtask belongs to its parent's list: leave list_id out or name that list");
    }
  },
};
