/** Errors the application layer raises itself (the domain's own live in src/domain). */
export abstract class ApplicationError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export type AuthenticationFailure =
  | 'missing'
  | 'malformed'
  | 'expired'
  | 'not_yet_valid'
  | 'invalid_signature'
  | 'invalid_claims'
  | 'lifetime_too_long'
  | 'unsupported_algorithm'
  | 'wrong_audience';

const AUTH_MESSAGES: Record<AuthenticationFailure, string> = {
  missing: 'Missing bearer token',
  malformed: 'Malformed token',
  expired: 'Token has expired',
  not_yet_valid: 'Token is not yet valid',
  invalid_signature: 'Token signature is invalid',
  invalid_claims: 'Token claims are invalid',
  lifetime_too_long: 'Token lifetime is longer than this service accepts',
  unsupported_algorithm: 'Token algorithm is not accepted',
  wrong_audience: 'Token was not issued for this resource',
};

/** Credentials missing or not acceptable. The message is generic on purpose: it never echoes the token. */
export class AuthenticationError extends ApplicationError {
  readonly code = 'unauthenticated';

  constructor(readonly reason: AuthenticationFailure) {
    super(AUTH_MESSAGES[reason]);
  }
}

/** A dependency (database, key server) is down; the caller should retry after `retryAfterSeconds`. */
export class ServiceUnavailableError extends ApplicationError {
  readonly code = 'service_unavailable';

  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A query parameter is not acceptable (e.g. an unknown status filter or a tampered cursor). */
export class InvalidQueryError extends ApplicationError {
  readonly code = 'invalid_query';
}

/**
 * A sync cursor (or `Last-Event-ID`) from before the part of the change log that compaction removed: the
 * changes after it are no longer all there. Like an expired delta token: sync again from the beginning.
 */
export class ChangeLogExpiredError extends ApplicationError {
  readonly code = 'change_log_expired';

  constructor(what: string) {
    super(`${what} is older than your change log still reaches (old changes are compacted away); sync again from the beginning`);
  }
}

/** An `Idempotency-Key` that is empty, too long, or not printable ASCII. */
export class InvalidIdempotencyKeyError extends ApplicationError {
  readonly code = 'invalid_idempotency_key';
}

/** The key was already used with a different request: replaying either answer would be wrong. */
export class IdempotencyKeyReusedError extends ApplicationError {
  readonly code = 'idempotency_key_reused';

  constructor() {
    super('This Idempotency-Key was already used with a different request body; use a new key for a new request');
  }
}

/** A request with the same key is still being processed; retry after `retryAfterSeconds` to get its answer. */
export class IdempotentRequestInProgressError extends ApplicationError {
  readonly code = 'idempotent_request_in_progress';

  constructor(readonly retryAfterSeconds = 1) {
    super('A request with this Idempotency-Key is still in progress; retry shortly to get its answer');
  }
}

/**
 * The service holds nothing about this user: no task and no recorded event. Users live in the auth server,
 * so "unknown" can only mean "never seen here" (or erased); admin commands that act on a user's data say so
 * rather than quietly doing nothing to a mistyped id.
 */
export class UserNotFoundError extends ApplicationError {
  readonly code = 'user_not_found';

  constructor(readonly userId: string) {
    super(`No tasks or events for user '${userId}'`);
  }
}

/**
 * A change to a label across the user's tasks (a rename or a removal) would touch more tasks than one change
 * may: it is one unit of work, every task with its own write and event, and this bounds how long it holds the
 * user's writes. Nothing was changed.
 */
export class LabelChangeTooLargeError extends ApplicationError {
  readonly code = 'label_change_too_large';

  constructor(readonly limit: number) {
    super(`This label is on more than ${limit} tasks, the most one change to a label may touch: change it on fewer tasks first`);
  }
}
