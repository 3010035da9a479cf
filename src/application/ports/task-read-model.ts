import type { TaskPriorityName, TaskRepeatFrom } from '../../domain/index.js';

/** The task as clients see it: the wire shape, produced directly by read models without loading aggregates. */
export interface TaskView {
  id: string;
  user_id: string;
  title: string;
  description: string | null;
  /** `YYYY-MM-DD`, or null. */
  due_date: string | null;
  priority: TaskPriorityName;
  completed: boolean;
  completed_at: string | null;
  /** The owner's list the task belongs to. */
  list_id: string;
  /** The parent task's id, or null for a top-level task. */
  parent_id: string | null;
  /** The task's key in the manual order among its siblings. */
  position: string;
  /** The task's labels in the order given, each once; [] for none. */
  labels: string[];
  /** How the task repeats: a normalized RFC 5545 RRULE without the `RRULE:` prefix, or null. */
  repeat: string | null;
  /** What a repeating task's next due date is counted from when it is completed. */
  repeat_from: TaskRepeatFrom;
  created_at: string;
  updated_at: string;
  version: number;
}

/** How many tasks there are, and in which state: what every count of tasks says. */
export interface TaskCounts {
  total: number;
  pending: number;
  completed: number;
}

/** One user's counts, with what is late and what is due on the day it is for them. */
export interface TaskStats extends TaskCounts {
  /** Pending tasks due before today. */
  overdue: number;
  /** Pending tasks due today. */
  due_today: number;
}

export type TaskStatusFilter = 'all' | 'pending' | 'completed';
export type TaskSortField = 'created_at' | 'updated_at' | 'title' | 'due_date' | 'priority' | 'position';
export type SortOrder = 'asc' | 'desc';

/**
 * Position after which a page starts: the sort value and id of the last task of the previous page. The value
 * is the field as the task shows it (a priority's name); null only for a task without a due date.
 */
export interface TaskKeyset {
  value: string | null;
  id: string;
}

/** Days from `from` to `to`, both included, each `YYYY-MM-DD`; a task without a due date is in no range. */
export interface DueDateRange {
  from: string;
  to: string;
}

export interface TaskListCriteria {
  ownerId: string;
  status: TaskStatusFilter;
  sort: TaskSortField;
  order: SortOrder;
  search: string | null;
  /** Only tasks of these priorities; null for any. */
  priorities: readonly TaskPriorityName[] | null;
  /** Only tasks due within the range; null for any, with or without a due date. */
  due: DueDateRange | null;
  /** Only tasks with any of these labels, by key (`LabelName.keyOf`); absent or null for any. */
  labels?: readonly string[] | null;
  /**
   * Only the subtasks of this task (its sibling group, where positions are unique), or with `null` only top-level
   * tasks; left out, tasks at every level.
   */
  parentId?: string | null;
  /**
   * Only the tasks of this list of the owner's: a list id, or `inbox` (`INBOX_ALIAS`) for their inbox, which the read
   * model resolves itself. A list that is not the owner's has no tasks here. Left out, every list.
   */
  listId?: string;
  /** Only tasks that repeat (true) or that do not (false); absent or null for both. */
  repeating?: boolean | null;
  after: TaskKeyset | null;
  limit: number;
}

/** One of a user's labels, with how many of their tasks carry it. */
export interface LabelView {
  name: string;
  task_count: number;
}

export interface TaskReadModel {
  findOne(ownerId: string, taskId: string): Promise<TaskView | null>;
  /**
   * Up to `limit` tasks ordered by (sort field, id) strictly after `after`, both in `order`; by due date, tasks
   * without one come after those with one in either order. By position, keys compare byte-wise.
   */
  list(criteria: TaskListCriteria): Promise<TaskView[]>;
  /**
   * The owner's labels, each once (one spelling of it: the one on their earliest-created task that has it), with
   * how many tasks have it, by key (`LabelName.keyOf`) in code point order.
   */
  labels(ownerId: string): Promise<LabelView[]>;
  /** The owner's counts, `today` (`YYYY-MM-DD`) being the day it is for them. */
  stats(ownerId: string, today: string): Promise<TaskStats>;
}
