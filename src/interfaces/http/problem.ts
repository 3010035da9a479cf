import {
  ApplicationError,
  AuthenticationError,
  ChangeLogExpiredError,
  IdempotencyKeyReusedError,
  IdempotentRequestInProgressError,
  InvalidIdempotencyKeyError,
  InvalidQueryError,
  LabelChangeTooLargeError,
  ServiceUnavailableError,
} from '../../application/errors.js';
import {
  DomainError,
  DomainValidationError,
  InboxNotDeletableError,
  LabelLimitReachedError,
  LabelNotFoundError,
  ListLimitReachedError,
  ListNameTakenError,
  ListNotFoundError,
  ListVersionMismatchError,
  TaskHierarchyError,
  TaskLimitReachedError,
  TaskNotFoundError,
  TaskVersionMismatchError,
} from '../../domain/index.js';

/** RFC 9457 problem details, the body of every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
  /** On a limit's 409: how many tasks (or lists) one user may have, labels one task may have, or tasks one label change may touch. */
  limit?: number;
  request_id?: string;
}

/** An error raised at the HTTP edge itself (routing, headers, body), already in HTTP terms. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly headers: Record<string, string> = {},
    readonly errors?: { path: string; message: string }[],
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ProblemResponse {
  problem: Problem;
  headers: Record<string, string>;
}

export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  const title = TITLES[status] ?? 'Error';
  // `about:blank`: the status code says it all (RFC 9457 §4.2.1); `detail` and `errors` say the rest.
  return { type: 'about:blank', title, status, detail, ...extra };
}

/**
 * The `WWW-Authenticate` challenge for refused credentials (RFC 6750 §3): `error="invalid_token"` when a token was
 * sent, after any auth-params the door adds (a realm, where its resource metadata is). No value can hold a quote or
 * a backslash (a host name is checked before it goes into a URL here), so none needs escaping.
 */
export function bearerChallenge(error: AuthenticationError, params: Readonly<Record<string, string>> = {}): string {
  const all = { ...params, ...(error.reason !== 'missing' && { error: 'invalid_token' }) };
  const list = Object.entries(all).map(([name, value]) => `${name}="${value}"`);
  return list.length === 0 ? 'Bearer' : `Bearer ${list.join(', ')}`;
}

/**
 * The one table from typed errors to HTTP. Anything not listed is a bug: a generic 500 whose detail
 * names only the request id (the full error goes to the log).
 */
export function toProblemResponse(error: unknown): ProblemResponse | null {
  if (error instanceof HttpProblem) {
    return { problem: problem(error.status, error.message, error.errors ? { errors: error.errors } : {}), headers: error.headers };
  }
  if (error instanceof DomainValidationError) {
    return { problem: problem(422, 'The request body is invalid', { errors: [...error.issues] }), headers: {} };
  }
  if (error instanceof TaskNotFoundError) return { problem: problem(404, 'Task not found'), headers: {} };
  if (error instanceof TaskHierarchyError) {
    // The request is well formed but puts the task where it cannot go: 422, naming the field it set.
    return { problem: problem(422, error.message, { errors: [{ path: error.path, message: error.message }] }), headers: {} };
  }
  if (error instanceof TaskVersionMismatchError) {
    return { problem: problem(412, 'The task has changed since you read it; fetch it again'), headers: {} };
  }
  if (error instanceof ListNotFoundError) return { problem: problem(404, 'List not found'), headers: {} };
  if (error instanceof ListVersionMismatchError) {
    return { problem: problem(412, 'The list has changed since you read it; fetch it again'), headers: {} };
  }
  if (error instanceof ListNameTakenError || error instanceof InboxNotDeletableError) {
    return { problem: problem(409, error.message), headers: {} };
  }
  if (error instanceof ListLimitReachedError) {
    return { problem: problem(409, error.message, { limit: error.limit }), headers: {} };
  }
  if (error instanceof LabelNotFoundError) return { problem: problem(404, 'Label not found'), headers: {} };
  if (error instanceof LabelLimitReachedError || error instanceof LabelChangeTooLargeError) {
    return { problem: problem(409, error.message, { limit: error.limit }), headers: {} };
  }
  if (error instanceof AuthenticationError) {
    return { problem: problem(401, error.message), headers: { 'WWW-Authenticate': bearerChallenge(error) } };
  }
  if (error instanceof ChangeLogExpiredError) return { problem: problem(410, error.message), headers: {} };
  if (error instanceof InvalidQueryError) return { problem: problem(400, error.message), headers: {} };
  if (error instanceof InvalidIdempotencyKeyError) return { problem: problem(400, error.message), headers: {} };
  if (error instanceof IdempotencyKeyReusedError) return { problem: problem(422, error.message), headers: {} };
  if (error instanceof TaskLimitReachedError) {
    // No Retry-After: unlike a request still in progress, this one cannot succeed until tasks are deleted.
    return { problem: problem(409, error.message, { limit: error.limit }), headers: {} };
  }
  if (error instanceof IdempotentRequestInProgressError) {
    return { problem: problem(409, error.message), headers: { 'Retry-After': String(error.retryAfterSeconds) } };
  }
  if (error instanceof ServiceUnavailableError) {
    return { problem: problem(503, error.message), headers: { 'Retry-After': String(error.retryAfterSeconds) } };
  }
  if (error instanceof DomainError || error instanceof ApplicationError) {
    // A typed error without a row above is a gap in this table: 400 is the safest answer that is not a lie.
    return { problem: problem(400, error.message), headers: {} };
  }
  return null;
}
