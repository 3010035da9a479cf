import type { TaskPriorityName } from '../../domain/index.js';

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
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TaskStats {
  total: number;
  pending: number;
  completed: number;
}

export type TaskStatusFilter = 'all' | 'pending' | 'completed';
export type TaskSortField = 'created_at' | 'updated_at' | 'title';
export type SortOrder = 'asc' | 'desc';

/** Position after which a page starts: the sort value and id of the last task of the previous page. */
export interface TaskKeyset {
  value: string;
  id: string;
}

export interface TaskListCriteria {
  ownerId: string;
  status: TaskStatusFilter;
  sort: TaskSortField;
  order: SortOrder;
  search: string | null;
  after: TaskKeyset | null;
  limit: number;
}

export interface TaskReadModel {
  findOne(ownerId: string, taskId: string): Promise<TaskView | null>;
  /** Up to `limit` tasks ordered by (sort field, id) strictly after `after`. */
  list(criteria: TaskListCriteria): Promise<TaskView[]>;
  stats(ownerId: string): Promise<TaskStats>;
}
