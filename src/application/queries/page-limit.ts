import { InvalidQueryError } from '../errors.js';

/** How many items one page of a listing or of the change log may hold. */
export const PAGE_LIMIT = { min: 1, max: 500, default: 100 } as const;

export const PAGE_LIMIT_MESSAGE = `Invalid limit: must be an integer from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}`;

/** The page size asked for (the default when none), or an `InvalidQueryError`. */
export function pageLimitOf(limit: number = PAGE_LIMIT.default): number {
  if (!Number.isInteger(limit) || limit < PAGE_LIMIT.min || limit > PAGE_LIMIT.max) throw new InvalidQueryError(PAGE_LIMIT_MESSAGE);
  return limit;
}
