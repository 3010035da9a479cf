/**
 * The one table from typed errors to what an MCP tool tells the model — the MCP counterpart of the HTTP edge's
 * problem table (../http/problem.ts) and the CLI's exit codes (../cli/exit-status.ts), over the same errors.
 * Every message says what to do next, since the reader is a model deciding its next call.
 */
import { ApplicationError, ServiceUnavailableError } from '../../application/errors.js';
import { DomainError, DomainValidationError, ListNotFoundError, TaskLimitReachedError, TaskNotFoundError } from '../../domain/index.js';

export interface ToolError {
  /** Stable and machine-readable: the typed error's own code. */
  readonly code: string;
  readonly message: string;
  /** The input field at fault, in the tool's own words (`title`, `due_date`, `id`), when one is. */
  readonly field?: string;
}

/** What a failure the service did not foresee is reported as; the error itself goes to the log. */
export const UNEXPECTED_TOOL_ERROR: ToolError = {
  code: 'internal_error',
  message: 'The service failed unexpectedly; the change may not have been made. Check with find_tasks, then retry later.',
};

/**
 * `taskId`: the id the failing call was about. A task that is not the caller's is reported exactly like one that
 * does not exist, by the id the caller gave: nothing tells them whether someone else has it.
 */
export function toToolError(error: unknown, taskId?: string): ToolError | null {
  if (error instanceof DomainValidationError) {
    const field = error.issues.find((issue) => issue.path !== '')?.path;
    const message = error.issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
    return { code: error.code, message, ...(field !== undefined && { field }) };
  }
  if (error instanceof TaskNotFoundError) {
    const which = taskId === undefined ? 'No such task' : `No task with id "${taskId}"`;
    return {
      code: error.code,
      message: `${which} among your tasks; use an id that find_tasks or add_tasks returned`,
      ...(taskId !== undefined && { field: 'id' }),
    };
  }
  if (error instanceof ListNotFoundError) {
    return { code: error.code, message: 'No such list among your lists; use the list_id of one of your tasks, or "inbox"', field: 'list_id' };
  }
  if (error instanceof TaskLimitReachedError) return { code: error.code, message: error.message };
  if (error instanceof ServiceUnavailableError) {
    return { code: error.code, message: `${error.message}: the service cannot do this right now; retry in ${error.retryAfterSeconds} seconds` };
  }
  // Validation of query parameters (InvalidQueryError) lands here: its message names the parameter.
  if (error instanceof DomainError || error instanceof ApplicationError) return { code: error.code, message: error.message };
  return null;
}
