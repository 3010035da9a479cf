import type { Middleware, ParameterizedContext } from 'koa';
import { HttpProblem } from '../problem.js';
import type { RequestState } from './request-context.js';

const WINDOW_MS = 60_000;

/**
 * A request budget per key over a sliding one-minute window (two fixed windows, the previous one weighted by
 * how much of it still overlaps). Memory holds only keys seen in the last two minutes, and at most `maxKeys`
 * of them per window: past that, new keys go uncounted rather than growing the map without bound.
 */
export class SlidingWindowRateLimiter {
  private windowStart = 0;
  private current = new Map<string, number>();
  private previous = new Map<string, number>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = Number.POSITIVE_INFINITY,
  ) {}

  /** True when nothing has been counted in the last two minutes (or longer): no key can be over budget. */
  get idle(): boolean {
    return this.current.size === 0 && this.previous.size === 0;
  }

  /** Counts one request; returns the seconds to wait when over budget (the request is then not counted), else 0. */
  take(key: string): number {
    const retryAfter = this.retryAfter(key);
    if (retryAfter === 0) this.record(key);
    return retryAfter;
  }

  /** The seconds to wait when `key` has used its budget, else 0; counts nothing. */
  retryAfter(key: string): number {
    const now = this.now();
    this.roll(now);
    const elapsed = (now - this.windowStart) / WINDOW_MS;
    const estimate = (this.previous.get(key) ?? 0) * (1 - elapsed) + (this.current.get(key) ?? 0);
    if (estimate < this.limitPerMinute) return 0;
    return Math.max(1, Math.ceil(((1 - elapsed) * WINDOW_MS) / 1000));
  }

  /** Counts one request against `key`. */
  record(key: string): void {
    this.roll(this.now());
    const count = this.current.get(key);
    if (count !== undefined) this.current.set(key, count + 1);
    else if (this.current.size < this.maxKeys) this.current.set(key, 1);
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

// Addresses tracked per minute at most: a flood from more addresses than this goes partly uncounted, but
// cannot make the limiter itself the thing that exhausts memory.
const MAX_TRACKED_ADDRESSES = 100_000;

/**
 * Requests without valid credentials (no token, a malformed, forged or expired one), counted per client
 * address — before the token is checked, so that a flood of bad tokens costs a map lookup each instead of a
 * signature check. `authenticate` asks it first for every token it has not already verified, and reports each
 * failure. An address over budget gets `429` for every such request; a token verified before still works
 * from it, so users sharing an address (a NAT, a mobile carrier) with a flooder keep working.
 */
export class AnonymousRequestLimit {
  private readonly limiter: SlidingWindowRateLimiter;

  constructor(
    private readonly limitPerMinute: number,
    now: () => number = Date.now,
  ) {
    this.limiter = new SlidingWindowRateLimiter(limitPerMinute, now, MAX_TRACKED_ADDRESSES);
  }

  /** Throws `429` when the caller's address has used its budget. */
  check(ctx: ParameterizedContext<RequestState>): void {
    if (this.limiter.idle) return; // no failure anywhere lately: nothing to look up
    const retryAfter = this.limiter.retryAfter(clientAddressKey(ctx.ip));
    if (retryAfter > 0) {
      throw new HttpProblem(429, `More than ${this.limitPerMinute} requests per minute without valid credentials from this address`, {
        'Retry-After': String(retryAfter),
      });
    }
  }

  /** The request failed authentication: it counts against its address. */
  failed(ctx: ParameterizedContext<RequestState>): void {
    this.limiter.record(clientAddressKey(ctx.ip));
  }
}

/**
 * What one client is, as far as an address can tell: an IPv4 address (also when written IPv4-mapped), or an
 * IPv6 /64 — one host usually holds a whole /64, and counting its addresses one by one would let it rotate
 * past any limit.
 */
export function clientAddressKey(address: string): string {
  const plain = address.length > 64 ? address.slice(0, 64) : address;
  if (!plain.includes(':')) return plain;
  if (plain.startsWith('::ffff:') && plain.includes('.')) return plain.slice(7);
  const [head = '', tail] = plain.split('%', 1)[0]!.split('::');
  const leading = head === '' ? [] : head.split(':');
  const trailing = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? leading : [...leading, ...Array<string>(Math.max(0, 8 - leading.length - trailing.length)).fill('0'), ...trailing];
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
