/**
 * How much one user may keep (MAX_TASKS_PER_USER). A user who has `maxTasksPerUser` tasks cannot create or
 * import another: the new task is refused with `TaskLimitReachedError` and nothing is stored. Deleting tasks
 * makes room. Repositories enforce the rule as they store a new task, atomically with the insert, so that
 * concurrent creates cannot overshoot the limit together.
 */
export interface TaskLimits {
  readonly maxTasksPerUser: number;
}

export const DEFAULT_TASK_LIMITS: TaskLimits = { maxTasksPerUser: 10_000 };
