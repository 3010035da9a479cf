import { DomainError } from '../shared/domain-error.js';

/**
 * The task does not exist *for this user*. A foreign task raises the same error as a missing one,
 * so no caller can learn that someone else's task exists.
 */
export class TaskNotFoundError extends DomainError {
  readonly code = 'task_not_found';

  constructor() {
    super('Task not found');
  }
}

/** The caller's expected version (HTTP `If-Match`) is not the task's current one. */
export class TaskVersionMismatchError extends DomainError {
  readonly code = 'version_mismatch';

  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`Task is at version ${actual}, not ${expected}`);
  }
}

/**
 * The owner already has as many tasks as one user may have: nothing was created. Deleting tasks makes room;
 * retrying as it is cannot succeed.
 */
export class TaskLimitReachedError extends DomainError {
  readonly code = 'task_limit_reached';

  constructor(readonly limit: number) {
    super(`You have ${limit} tasks, the most one user may have: delete some before adding more`);
  }
}
