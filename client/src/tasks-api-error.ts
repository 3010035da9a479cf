import type { components } from './schema.js';

/** An RFC 9457 problem, as the API words every error (`application/problem+json`). */
export type Problem = components['schemas']['Problem'];

/** One field that failed validation (a 422's `errors`). */
export type FieldError = NonNullable<Problem['errors']>[number];

/**
 * A request the API refused or could not serve: the status and the problem it answered with. `message` is the
 * problem's `detail`, the API's own words, fit to show to a person.
 */
export class TasksApiError extends Error {
  override readonly name = 'TasksApiError';
  readonly status: number;
  readonly problem: Problem;
  /** `X-Request-Id` of the response: what an operator looks for in the service's log. */
  readonly requestId: string | null;
  /** `Retry-After` in seconds, on 409, 429 and 503. */
  readonly retryAfterSeconds: number | null;

  constructor(problem: Problem, headers?: Headers) {
    super(problem.detail);
    this.status = problem.status;
    this.problem = problem;
    this.requestId = headers?.get('x-request-id') ?? problem.request_id ?? null;
    const retryAfter = Number(headers?.get('retry-after') ?? Number.NaN);
    this.retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null;
  }

  /** The per-field messages of a validation error; empty for every other error. */
  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }

  /**
   * The error for `response`, whose body was already read as `body` (parsed JSON, text, or nothing). A body that
   * is not a problem — an HTML page from a proxy, say — still gives a problem, built from the status.
   */
  static fromResponse(response: Response, body: unknown): TasksApiError {
    return new TasksApiError(isProblem(body, response.status) ? body : problemFromStatus(response), response.headers);
  }

  /** Reads the body of a failed `response` and returns its error. */
  static async read(response: Response): Promise<TasksApiError> {
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: the problem is built from the status.
    }
    return TasksApiError.fromResponse(response, body);
  }
}

function isProblem(body: unknown, status: number): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const candidate = body as Record<string, unknown>;
  return (
    candidate.status === status &&
    typeof candidate.title === 'string' &&
    typeof candidate.detail === 'string' &&
    typeof candidate.type === 'string' &&
    (candidate.errors === undefined || Array.isArray(candidate.errors))
  );
}

function problemFromStatus(response: Response): Problem {
  const title = response.statusText || `HTTP ${response.status}`;
  const detail = `The tasks API answered with HTTP ${response.status}${response.statusText ? ` (${response.statusText})` : ''}`;
  return { type: 'about:blank', title, status: response.status, detail };
}
