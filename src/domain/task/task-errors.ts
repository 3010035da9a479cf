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
