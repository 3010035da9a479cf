import { LRUCache } from 'lru-cache';
import type { AuthenticatedUser, TokenVerifier } from '../../application/ports/token-verifier.js';

export interface CachedTokenVerifierOptions {
  /** Most tokens remembered; the least recently used is forgotten first. */
  readonly maxEntries?: number;
  /**
   * Identifies the keys the inner verifier relies on (see `JwksTokenVerifier.keyGeneration`): a remembered
   * answer holds only while it is unchanged, and null means "verify again". Fixed keys (a shared secret)
   * need none.
   */
  readonly keyGeneration?: () => number | null;
  /** Milliseconds since the epoch; replaceable for tests. */
  readonly now?: () => number;
}

interface Remembered {
  readonly user: AuthenticatedUser;
  readonly expiresAtMs: number;
  readonly generation: number | null;
}

const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Remembers tokens that verified, until their `exp`: a front end sends the same token with every request,
 * and checking its signature each time is the most expensive thing a read does. Only verified tokens are
 * kept — a flood of bad ones costs what it always did and evicts nothing — and a token is never accepted
 * past its `exp`, nor after the keys it was verified with have been replaced.
 */
export class CachedTokenVerifier implements TokenVerifier {
  private readonly remembered: LRUCache<string, Remembered>;
  private readonly keyGeneration: () => number | null;
  private readonly now: () => number;

  constructor(
    private readonly inner: TokenVerifier,
    options: CachedTokenVerifierOptions = {},
  ) {
    this.remembered = new LRUCache({ max: options.maxEntries ?? DEFAULT_MAX_ENTRIES });
    this.keyGeneration = options.keyGeneration ?? (() => 0);
    this.now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    const recalled = this.recall(token);
    if (recalled !== undefined) return recalled;
    const user = await this.inner.verify(token);
    this.remember(token, user);
    return user;
  }

  recall(token: string): AuthenticatedUser | undefined {
    const hit = this.remembered.get(token);
    if (hit === undefined) return undefined;
    const generation = this.keyGeneration();
    if (this.now() < hit.expiresAtMs && generation !== null && generation === hit.generation) return hit.user;
    this.remembered.delete(token);
    return undefined;
  }

  private remember(token: string, user: AuthenticatedUser): void {
    const generation = this.keyGeneration();
    if (generation === null) return;
    this.remembered.set(token, { user, expiresAtMs: user.expiresAt.getTime(), generation });
  }
}
