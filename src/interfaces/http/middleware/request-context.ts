import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../../../infrastructure/logging/logger.js';

// A caller's id is kept only if it is short and plain enough to log and echo safely.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestState {
  requestId: string;
  readonly log: Logger;
  userId?: string;
  /** When the caller's token stops being valid; long-lived responses (event streams) end then. */
  credentialsExpireAt?: Date;
}

/**
 * One request's state. Its logger is made on first use (most requests never log anything but their one line),
 * through a getter of the class, so that every request's state has the same shape.
 */
class RequestScope implements RequestState {
  userId?: string;
  credentialsExpireAt?: Date;
  readonly #logger: Logger;
  #log: Logger | undefined;

  constructor(
    public requestId: string,
    logger: Logger,
  ) {
    this.#logger = logger;
  }

  get log(): Logger {
    return (this.#log ??= this.#logger.child({ request_id: this.requestId }));
  }
}

/** Gives every request an id (the caller's if sane), a logger bound to it, and one log line when done. */
export function requestContext(logger: Logger): Middleware<RequestState> {
  // The one line per request holds only the fields below, none a credential or user data: it skips the
  // redaction every other line goes through.
  const requestLines = logger.child({}, { redact: [] });
  return async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    const requestId = SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state = new RequestScope(requestId, logger);
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      requestLines.info(
        {
          request_id: requestId,
          method: ctx.method,
          path: ctx.path,
          status: ctx.status,
          duration_ms: Math.round(durationMs * 10) / 10,
          user_id: ctx.state.userId,
        },
        'request',
      );
    }
  };
}
