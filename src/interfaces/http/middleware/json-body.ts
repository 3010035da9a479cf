import bodyParser from 'koa-bodyparser';
import type { Middleware } from 'koa';
import { HttpProblem } from '../problem.js';
import type { RequestState } from './request-context.js';

export const BODY_LIMIT = '64kb';

const parseJson = bodyParser({
  enableTypes: ['json'],
  jsonLimit: BODY_LIMIT,
  strict: true,
  // Parser errors carry the raw body and parser internals: answer in our own words instead.
  onerror: (error) => {
    const status = (error as { status?: number }).status;
    if (status === 413) throw new HttpProblem(413, 'Request body is larger than 64 KiB');
    if (status === 415) throw new HttpProblem(415, 'Request body must be UTF-8 JSON');
    throw new HttpProblem(400, 'Malformed JSON in request body');
  },
});

/** Parses JSON bodies up to 64 KiB; a body of any other media type is refused with 415, not guessed at. */
export function jsonBody(): Middleware<RequestState> {
  return async (ctx, next) => {
    if (ctx.request.length && ctx.request.length > 64 * 1024) {
      throw new HttpProblem(413, 'Request body is larger than 64 KiB');
    }
    // Reads carry no body: nothing to parse (routes read a missing body as `{}`).
    if (!hasBody(ctx.req.headers)) return next();
    if (!ctx.is('application/json', '+json')) throw new HttpProblem(415, 'Request body must be application/json');
    await parseJson(ctx, next);
  };
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}
