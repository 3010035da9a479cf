import type { Middleware } from 'koa';
import { HttpProblem, problem, toProblemResponse } from '../problem.js';
import type { RequestState } from './request-context.js';

export const PROBLEM_JSON = 'application/problem+json';

/**
 * Turns every failure into problem+json: typed errors through the one mapping table, unmatched routes into
 * 404/405, and anything unexpected into a generic 500 that names only the request id.
 */
export function problemResponses(): Middleware<RequestState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body === undefined || ctx.body === null) {
        if (ctx.status === 404) throw new HttpProblem(404, `No route for ${ctx.method} ${ctx.path}`);
        if (ctx.status === 405) throw new HttpProblem(405, `${ctx.method} is not allowed here`, { Allow: ctx.response.get('Allow') });
      }
    } catch (error) {
      const mapped = toProblemResponse(error);
      if (mapped) {
        ctx.state.log.debug({ err: error }, 'request failed');
        ctx.status = mapped.problem.status;
        ctx.set(mapped.headers);
        ctx.body = mapped.problem;
      } else {
        ctx.state.log.error({ err: error }, 'unhandled error');
        ctx.status = 500;
        ctx.body = problem(500, `An unexpected error occurred; quote request id ${ctx.state.requestId} when reporting it`, {
          request_id: ctx.state.requestId,
        });
      }
      ctx.type = PROBLEM_JSON;
    }
  };
}
