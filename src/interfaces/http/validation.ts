import type { z } from 'zod';
import { HttpProblem } from './problem.js';

function issuesOf(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** A body that fails its schema is 422 with one entry per bad field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw new HttpProblem(422, 'The request body is invalid', {}, issuesOf(result.error));
}

/** A query string that fails its schema is 400; the first problem is the detail. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const errors = issuesOf(result.error);
  throw new HttpProblem(400, errors[0]?.message ?? 'Invalid query parameters', {}, errors);
}
