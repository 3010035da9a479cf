/** How much one user may keep (MAX_TASKS_PER_USER): enforced by every repository as it inserts a task. */
export interface TaskLimits {
  readonly maxTasksPerUser: number;
}

export const DEFAULT_TASK_LIMITS: TaskLimits = { maxTasksPerUser: 10_000 };
