import type { TaskPriorityName } from './task-priority.js';
import type { TaskRepeatFrom } from './task-repeat.js';

/** What a task looks like at one moment: the state carried by events and handed to repositories. */
export interface TaskSnapshot {
  readonly id: string;
  readonly ownerId: string;
  readonly title: string;
  readonly description: string | null;
  /** `YYYY-MM-DD`, or null when the task has no due date. */
  readonly dueDate: string | null;
  readonly priority: TaskPriorityName;
  readonly completed: boolean;
  readonly completedAt: Date | null;
  /** The owner's list the task belongs to. */
  readonly listId: string;
  /** The parent task's id, or null for a top-level task. */
  readonly parentId: string | null;
  /** The task's key in its sibling group's manual order (see `Position`). */
  readonly position: string;
  /** The task's labels, in the order given, each label once ([] for none). */
  readonly labels: readonly string[];
  /** How the task repeats: a normalized RFC 5545 RRULE (see `TaskRepeat`), or null. */
  readonly repeat: string | null;
  /** What the next due date of a repeating task is counted from when it is completed. */
  readonly repeatFrom: TaskRepeatFrom;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

export const TASK_EVENT_TYPES = [
  'task.created',
  'task.updated',
  'task.completed',
  'task.reopened',
  'task.repeated',
  'task.deleted',
] as const;

export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];

/**
 * A fact about one task. `task.repeated`: a repeating task was completed and moved on to its next due date,
 * staying pending. `task` is the full state after the change, or `null` once it is deleted,
 * so a reader of the event log can rebuild the owner's tasks without loading aggregates.
 */
export interface TaskEvent {
  readonly type: TaskEventType;
  readonly taskId: string;
  readonly ownerId: string;
  readonly occurredAt: Date;
  readonly task: TaskSnapshot | null;
}
