import { DomainError } from '../shared/domain-error.js';

/**
 * The list does not exist *for this user*. A foreign list raises the same error as a missing one,
 * so no caller can learn that someone else's list exists.
 */
export class ListNotFoundError extends DomainError {
  readonly code = 'list_not_found';

  constructor() {
    super('List not found');
  }
}

/** The caller's expected version (HTTP `If-Match`) is not the list's current one. */
export class ListVersionMismatchError extends DomainError {
  readonly code = 'version_mismatch';

  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`List is at version ${actual}, not ${expected}`);
  }
}

/** The owner already has a list of that name, in this or another case. */
export class ListNameTakenError extends DomainError {
  readonly code = 'list_name_taken';

  constructor(readonly takenName: string) {
    super(`You already have a list named ${JSON.stringify(takenName)}`);
  }
}

/** The owner already has as many lists as one user may have: nothing was created. */
export class ListLimitReachedError extends DomainError {
  readonly code = 'list_limit_reached';

  constructor(readonly limit: number) {
    super(`You have ${limit} lists, the most one user may have: delete some before adding more`);
  }
}

/** Every user keeps an inbox, the list tasks go to when no list is named: it can be renamed, not deleted. */
export class InboxNotDeletableError extends DomainError {
  readonly code = 'inbox_not_deletable';

  constructor() {
    super('The inbox cannot be deleted');
  }
}
