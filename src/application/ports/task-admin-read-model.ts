import type { ListView } from '../list-view.js';
import type { TaskCounts, TaskView } from './task-read-model.js';

/** One user's task counts, as the admin's `stats` lists them. */
export interface UserTaskStats extends TaskCounts {
  user_id: string;
}

/** All of one user's lists and tasks, as an export holds them. */
export interface UserListsAndTasks {
  /** In the owner's manual order of lists. */
  lists: ListView[];
  /** Oldest first (by `created_at`, then id). */
  tasks: TaskView[];
}

/** How much the service holds about one user: live tasks, live lists, and events in their change log. */
export interface UserDataFootprint {
  tasks: number;
  lists: number;
  events: number;
}

/**
 * Reads for operators (the admin CLI), never wired to HTTP. `statsByUser` without an owner is the one read
 * that spans users on purpose — counts only, no task content.
 */
export interface TaskAdminReadModel {
  /** Counts of every user who has tasks, ordered by user id; only `ownerId`'s row when given (none if no tasks). */
  statsByUser(ownerId?: string): Promise<UserTaskStats[]>;
  /** All of the owner's tasks, oldest first (by `created_at`, then id), read in one consistent snapshot. */
  allTasksOf(ownerId: string): Promise<TaskView[]>;
  /** All of the owner's lists and tasks, read in one consistent snapshot: every task's `list_id` is one of the lists. */
  listsAndTasksOf(ownerId: string): Promise<UserListsAndTasks>;
  footprint(ownerId: string): Promise<UserDataFootprint>;
}
