import type { TaskEventType } from '../../domain/index.js';
import type { TaskView } from './task-read-model.js';

/**
 * One entry of an owner's change log as stored. `seq` numbers the owner's changes from 1 in commit order,
 * without gaps; `task` is the task in its wire shape after the change, null for `task.deleted`.
 */
export interface LoggedTaskChange {
  seq: number;
  type: TaskEventType;
  task_id: string;
  occurred_at: string;
  task: TaskView | null;
}

export interface TaskChangeLogPosition {
  /** The `seq` of the owner's latest committed change; 0 when there is none. */
  lastSeq: number;
  /** The last `seq` a purge erased (0 when none): positions up to it no longer exist. */
  erasedThrough: number;
  /**
   * The last `seq` compaction removed (0 when none): positions up to it no longer exist either, and the
   * changes they held that still mattered were carried to the end of the log.
   */
  compactedThrough: number;
}

/** Read side of the event log (the outbox the repositories append to in each change's transaction). */
export interface TaskChangeLog {
  /** Up to `limit` of the owner's committed changes with `seq` greater than `afterSeq`, oldest first. */
  readAfter(ownerId: string, afterSeq: number, limit: number): Promise<LoggedTaskChange[]>;

  /** Where the owner's log stands; all zeros for an owner who never had a change. */
  position(ownerId: string): Promise<TaskChangeLogPosition>;
}
