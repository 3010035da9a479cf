import { pino, type Logger } from 'pino';

export type { Logger };

/** Log lines are written to standard output in chunks of about this many bytes… */
const BUFFER_BYTES = 4096;
/** …or at least this often, whichever comes first. */
const FLUSH_EVERY_MS = 250;

/**
 * Standard output as the logs' destination, written asynchronously and in chunks (`BUFFER_BYTES`, at least every
 * `FLUSH_EVERY_MS`): a request never waits for its log line, and a busy service writes one chunk for many lines
 * rather than a system call for each. What is pending is written when the process exits; a process killed outright
 * loses at most the last `FLUSH_EVERY_MS` of lines.
 */
export function bufferedOutput(fd = 1): ReturnType<typeof pino.destination> {
  const stream = pino.destination({ dest: fd, sync: false, minLength: BUFFER_BYTES });
  const flushing = setInterval(() => stream.flush(), FLUSH_EVERY_MS).unref();
  stream.once('close', () => clearInterval(flushing));
  return stream;
}

/**
 * Structured JSON logs; credentials and user data are kept out of them wherever they might appear. By default
 * they go to standard output (`bufferedOutput`).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
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
    destination ?? (level === 'silent' ? pino.destination({ dest: 1, sync: false }) : bufferedOutput()),
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
