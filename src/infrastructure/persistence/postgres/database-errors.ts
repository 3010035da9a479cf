import { ServiceUnavailableError } from '../../../application/errors.js';

// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash recovery),
// 53300 too many connections, 57014 a statement cancelled by the statement timeout: the database cannot
// serve us right now, through no fault of the request.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-4]|53300|57014)$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Knex: Timeout acquiring a connection/i,
  /Client has encountered a connection error/i,
  /Connection ended unexpectedly/i,
  /Query read timeout/i,
];

/** Is this failure the database being down or overloaded (→ 503), rather than a bug (→ 500)? */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 5; current = current.cause as typeof current, depth++) {
    if (typeof current.code === 'string' && (UNAVAILABLE_SQLSTATE.test(current.code) || UNAVAILABLE_ERRNO.has(current.code))) return true;
    if (typeof current.message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(current!.message as string))) return true;
    if (current.constructor?.name === 'KnexTimeoutError' || current.constructor?.name === 'ConnectionException') return true;
  }
  return false;
}

/** A failure meaning "the database is unavailable" as the application's 503 error; any other as it is. */
export function availabilityError(error: unknown): unknown {
  return isDatabaseUnavailable(error) ? new ServiceUnavailableError('Database unavailable', 5) : error;
}

/** Runs a database operation, turning "the database is unavailable" into the application's 503 error. */
export async function withDatabaseAvailability<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw availabilityError(error);
  }
}

/**
 * For start-up and the admin CLI, where the reader is the operator: "the database is unavailable" becomes
 * the application's error with the driver's reason kept (e.g. `connect ECONNREFUSED 127.0.0.1:5432`);
 * anything else is rethrown as it is. HTTP responses never carry this message.
 */
export async function withDatabaseAvailabilityExplained<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    const reason = error instanceof Error && error.message ? `: ${error.message.split('\n')[0]}` : '';
    throw new ServiceUnavailableError(`Database unavailable${reason}`, 5, { cause: error });
  }
}
