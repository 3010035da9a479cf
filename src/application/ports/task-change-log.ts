import type { ListEventType, TaskEventType } from '../../domain/index.js';
import type { ListView } from '../list-view.js';
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
  list_id?: never;
  list?: never;
}

/** An entry of the log about one of the owner's lists: `list` is the list after the change, null once deleted. */
export interface LoggedListChange {
  seq: number;
  type: ListEventType;
  list_id: string;
  occurred_at: string;
  list: ListView | null;
  task_id?: never;
  task?: never;
}

/** Any entry of an owner's change log: a task's change or a list's (each names one, never both). */
export type LoggedChange = LoggedTaskChange | LoggedListChange;

export function isListChange(change: LoggedChange): change is LoggedListChange {
  return change.list_id !== undefined;
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
  readAfter(ownerId: string, afterSeq: number, limit: number): Promise<LoggedChange[]>;

  /** Where the owner's log stands; all zeros for an owner who never had a change. */
  position(ownerId: string): Promise<TaskChangeLogPosition>;
}
