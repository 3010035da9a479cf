import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs; credentials and user data are kept out of them wherever they might appear. By default
 * they go to standard output asynchronously: a request never waits for its log line to be written (pino
 * flushes what is pending when the process exits).
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false })): Logger {
  return pino(
    {
      level,
      base: { service: 'tasks-api' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', '*.token', 'token'],
        censor: '[redacted]',
      },
      serializers: { err: serializeError },
    },
    destination,
  );
}

// Database drivers put the failing statement with its bound values (titles, user ids, searches) into the
// message, and PostgreSQL adds the offending values in `detail`/`where`: none of it belongs in a log. So an
// error is logged as its kind, codes, reason and stack only — each cause likewise.
const STATEMENT_PREFIX = /^[\s\S]*? - (?=[^-]*$)/;

export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const { code, sqlState, status } = error as { code?: unknown; sqlState?: unknown; status?: unknown };
  const message = isDatabaseError(error) ? error.message.replace(STATEMENT_PREFIX, '') : error.message;
  return {
    type: error.constructor.name,
    message,
    ...(code !== undefined && { code }),
    ...(sqlState !== undefined && { sqlState }),
    ...(status !== undefined && { status }),
    stack: error.stack?.replace(error.message, message),
    ...(error.cause !== undefined && depth < 5 && { cause: serializeError(error.cause, depth + 1) }),
  };
}

function isDatabaseError(error: Error): boolean {
  return 'sqlState' in error || 'code' in error || /\b(select|insert|update|delete)\b[\s\S]* - /i.test(error.message);
}
