import type { Middleware } from 'koa';
import { HttpProblem } from '../problem.js';
import type { RequestState } from './request-context.js';

const WINDOW_MS = 60_000;

/**
 * Per-user request budget over a sliding one-minute window (two fixed windows, the previous one weighted
 * by how much of it still overlaps). Memory holds only users seen in the last two minutes.
 */
export class SlidingWindowRateLimiter {
  private windowStart = 0;
  private current = new Map<string, number>();
  private previous = new Map<string, number>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; returns the seconds to wait when over budget, else 0. */
  take(key: string): number {
    const now = this.now();
    this.roll(now);
    const elapsed = (now - this.windowStart) / WINDOW_MS;
    const count = this.current.get(key) ?? 0;
    const estimate = (this.previous.get(key) ?? 0) * (1 - elapsed) + count;
    if (estimate >= this.limitPerMinute) {
      return Math.max(1, Math.ceil(((1 - elapsed) * WINDOW_MS) / 1000));
    }
    this.current.set(key, count + 1);
    return 0;
  }

  private roll(now: number): void {
    const windowStart = now - (now % WINDOW_MS);
    if (windowStart === this.windowStart) return;
    this.previous = windowStart - this.windowStart === WINDOW_MS ? this.current : new Map();
    this.current = new Map();
    this.windowStart = windowStart;
  }
}

/** Per authenticated user: it runs after `authenticate`, so every request it sees has a user. */
export function rateLimit(limitPerMinute: number): Middleware<RequestState> {
  if (limitPerMinute === 0) return (_ctx, next) => next();
  const limiter = new SlidingWindowRateLimiter(limitPerMinute);
  return async (ctx, next) => {
    const retryAfter = limiter.take(ctx.state.userId!);
    if (retryAfter > 0) {
      throw new HttpProblem(429, `Rate limit of ${limitPerMinute} requests per minute exceeded`, {
        'Retry-After': String(retryAfter),
      });
    }
    await next();
  };
}
