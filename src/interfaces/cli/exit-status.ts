/**
 * The one table from errors to the admin CLI's exit codes and messages — the CLI's counterpart of the
 * HTTP edge's problem table (../http/problem.ts), over the same typed errors.
 */
import { CommanderError } from 'commander';
import {
  ApplicationError,
  AuthenticationError,
  InvalidQueryError,
  ServiceUnavailableError,
  UserNotFoundError,
} from '../../application/errors.js';
import {
  DomainError,
  DomainValidationError,
  LabelNotFoundError,
  InboxNotDeletableError,
  ListLimitReachedError,
  ListNameTakenError,
  ListNotFoundError,
  ListVersionMismatchError,
  TaskHierarchyError,
  TaskLimitReachedError,
  TaskNotFoundError,
  TaskVersionMismatchError,
} from '../../domain/index.js';
import { ConfigError } from '../../infrastructure/config/config.js';

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  invalid: 4,
  unavailable: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI itself detects (a refused flag combination, an unreadable file), already in exit-code terms. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface ExitStatus {
  code: ExitCode;
  /** The one line for stderr; null when commander has already said it (usage errors, help). */
  message: string | null;
}

// A file with thousands of bad records must still fail with one readable line.
const MAX_ISSUES_SHOWN = 5;

export function toExitStatus(error: unknown): ExitStatus {
  if (error instanceof CommanderError) return { code: error.exitCode === 0 ? EXIT.ok : EXIT.usage, message: null };
  if (error instanceof CliError) return { code: error.exitCode, message: error.message };
  if (error instanceof ConfigError) return { code: EXIT.usage, message: `Invalid configuration: ${error.problems.join('; ')}` };
  if (error instanceof DomainValidationError) return { code: EXIT.invalid, message: describeIssues(error) };
  // A placement where a task cannot go is HTTP's 422: a validation error naming the field.
  if (error instanceof TaskHierarchyError) return { code: EXIT.invalid, message: `${error.path}: ${error.message}` };
  if (error instanceof TaskNotFoundError || error instanceof ListNotFoundError || error instanceof LabelNotFoundError || error instanceof UserNotFoundError) {
    return { code: EXIT.notFound, message: error.message };
  }
  if (error instanceof InvalidQueryError) return { code: EXIT.usage, message: error.message };
  if (error instanceof ServiceUnavailableError) return { code: EXIT.unavailable, message: error.message };
  if (error instanceof TaskLimitReachedError) {
    // Said to the operator, not to the user as HTTP does.
    return { code: EXIT.failure, message: `The user would have more than ${error.limit} tasks (MAX_TASKS_PER_USER); nothing was written` };
  }
  if (error instanceof ListLimitReachedError) {
    return { code: EXIT.failure, message: `The user would have more than ${error.limit} lists (MAX_LISTS_PER_USER); nothing was written` };
  }
  // HTTP's 409s and 412s: the request is well formed, but the user's data refuses it as it stands.
  if (error instanceof ListNameTakenError || error instanceof InboxNotDeletableError || error instanceof ListVersionMismatchError) {
    return { code: EXIT.failure, message: error.message };
  }
  if (error instanceof TaskVersionMismatchError || error instanceof AuthenticationError) {
    return { code: EXIT.failure, message: error.message };
  }
  // A typed error without a row above is a gap in this table; its message is still meant for people.
  if (error instanceof DomainError || error instanceof ApplicationError) return { code: EXIT.failure, message: error.message };
  return { code: EXIT.failure, message: error instanceof Error ? firstLine(error.message) : String(error) };
}

/** The same `path: message` pairs HTTP puts in a 422's `errors`, on one line. */
function describeIssues(error: DomainValidationError): string {
  const shown = error.issues.slice(0, MAX_ISSUES_SHOWN).map(({ path, message }) => (path ? `${path}: ${message}` : message));
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}

function firstLine(text: string): string {
  return text.split('\n')[0] || 'Unexpected error';
}
