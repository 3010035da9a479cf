import {
  createLocalJWKSet,
  errors,
  type CryptoKey,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type JWTVerifyGetKey,
} from 'jose';
import type { AuthenticatedUser, TokenVerifier } from '../../application/ports/token-verifier.js';
import { ServiceUnavailableError } from '../../application/errors.js';
import { assertValidClaimExpectations, verifyJwt, type ClaimExpectations } from './jwt-verification.js';

/** What the Better Auth `jwt` plugin can be configured to issue. Never an HMAC algorithm. */
export const JWKS_ALGORITHMS = ['EdDSA', 'ES256', 'ES512', 'PS256', 'RS256'] as const;

export interface JwksTokenVerifierOptions {
  /** Upper bound on one JWKS request, body included. */
  readonly fetchTimeoutMs?: number;
  /** Least time between fetches after a successful one: a flood of unknown `kid`s costs one fetch per window. */
  readonly refetchCooldownMs?: number;
  /** Least time between fetches after a failed one; also what clients are told to wait (Retry-After). */
  readonly failureCooldownMs?: number;
  /** Keys older than this are refreshed, so a key the auth server withdrew stops being accepted. */
  readonly maxKeyAgeMs?: number;
  /** Milliseconds since the epoch; replaceable so tests can step over the cooldowns. */
  readonly now?: () => number;
}

const DEFAULTS = {
  fetchTimeoutMs: 5_000,
  // Shorter than jose's 30 s: after a key rotation, tokens with the new `kid` are refused until the
  // next refetch is allowed, and one request per 10 s is still nothing for the auth server.
  refetchCooldownMs: 10_000,
  failureCooldownMs: 5_000,
  maxKeyAgeMs: 10 * 60_000,
  now: Date.now,
} satisfies Required<JwksTokenVerifierOptions>;

// A real key set is a few KiB; a body beyond this is not a key set, and reading it would only cost memory.
const MAX_JWKS_BYTES = 512 * 1024;

/** Verifies asymmetric tokens against the auth server's published key set (Better Auth JWKS mode). */
export class JwksTokenVerifier implements TokenVerifier {
  private readonly keySet: RemoteJwksKeySet;

  constructor(
    jwksUrl: string | URL,
    private readonly expectations: ClaimExpectations,
    options: JwksTokenVerifierOptions = {},
  ) {
    assertValidClaimExpectations(expectations);
    this.keySet = new RemoteJwksKeySet(parseJwksUrl(jwksUrl), {
      fetchTimeoutMs: options.fetchTimeoutMs ?? DEFAULTS.fetchTimeoutMs,
      refetchCooldownMs: options.refetchCooldownMs ?? DEFAULTS.refetchCooldownMs,
      failureCooldownMs: options.failureCooldownMs ?? DEFAULTS.failureCooldownMs,
      maxKeyAgeMs: options.maxKeyAgeMs ?? DEFAULTS.maxKeyAgeMs,
      now: options.now ?? DEFAULTS.now,
    });
  }

  verify(token: string): Promise<AuthenticatedUser> {
    return verifyJwt(token, this.keySet.resolveKey, JWKS_ALGORITHMS, this.expectations);
  }

  /**
   * Which keys a verification now relies on: it changes whenever the key set is fetched again, and is null
   * while the keys are due for a refresh. A remembered verification holds only while it is unchanged, so a
   * withdrawn key stops being accepted as soon as `verify` itself would stop accepting it.
   */
  keyGeneration(): number | null {
    return this.keySet.generation;
  }
}

function parseJwksUrl(jwksUrl: string | URL): URL {
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw new Error(`The JWKS URL is not a valid URL: ${String(jwksUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`The JWKS URL must use http or https, got ${url.protocol}`);
  }
  return url;
}

type LocalKeySet = ReturnType<typeof createLocalJWKSet>;

/**
 * The auth server's keys, cached. Refetched when a token names a key we do not have (rotation) or the
 * cache is old, never more often than the cooldowns allow. A failed fetch keeps the keys we have, so
 * tokens signed with them keep working while the auth server is down.
 */
class RemoteJwksKeySet {
  private keys: LocalKeySet | undefined;
  private fetches = 0;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private lastAttempt: { readonly at: number; readonly failed: boolean; readonly failure?: unknown } | undefined;
  private pendingFetch: Promise<boolean> | undefined;

  constructor(
    private readonly url: URL,
    private readonly options: Required<JwksTokenVerifierOptions>,
  ) {}

  /** Counts successful fetches; null while there are no keys or they are due for a refresh. */
  get generation(): number | null {
    return this.keys === undefined || this.isStale() ? null : this.fetches;
  }

  readonly resolveKey: JWTVerifyGetKey = async (header, token) => {
    if (this.keys === undefined || this.isStale()) await this.refreshUnlessCoolingDown();
    const cached = await this.findKey(header, token);
    if (cached !== undefined) return cached;
    // An unknown `kid` may be a key the auth server has just rotated in.
    if (await this.refreshUnlessCoolingDown()) {
      const refreshed = await this.findKey(header, token);
      if (refreshed !== undefined) return refreshed;
    }
    // With the auth server unreachable we cannot tell a new key from a bogus one: ask to retry.
    if (this.lastAttempt?.failed === true) throw this.unavailable();
    throw new errors.JWKSNoMatchingKey();
  };

  private async findKey(header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey | undefined> {
    if (this.keys === undefined) return undefined;
    try {
      return await this.keys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) return undefined;
      if (error instanceof errors.JOSEError) throw error;
      // WebCrypto refuses a malformed published key with a DOMException: the key's fault, not a bug here.
      throw new errors.JWKInvalid('A published key cannot be imported', { cause: error });
    }
  }

  /** Resolves true when keys were loaded by this call or by the fetch already under way. */
  private refreshUnlessCoolingDown(): Promise<boolean> {
    if (this.pendingFetch !== undefined) return this.pendingFetch;
    if (this.isCoolingDown()) return Promise.resolve(false);
    this.pendingFetch = this.refresh().finally(() => {
      this.pendingFetch = undefined;
    });
    return this.pendingFetch;
  }

  private async refresh(): Promise<boolean> {
    try {
      const keys = createLocalJWKSet(await this.fetchKeySet());
      this.keys = keys;
      this.fetches += 1;
      this.fetchedAt = this.options.now();
      this.lastAttempt = { at: this.fetchedAt, failed: false };
      return true;
    } catch (failure) {
      this.lastAttempt = { at: this.options.now(), failed: true, failure };
      return false;
    }
  }

  private async fetchKeySet(): Promise<JSONWebKeySet> {
    const response = await fetch(this.url, {
      // A redirect is a misconfiguration, and following one would let another host choose our keys.
      redirect: 'manual',
      signal: AbortSignal.timeout(this.options.fetchTimeoutMs),
      headers: { accept: 'application/jwk-set+json, application/json' },
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`JWKS request answered HTTP ${response.status}`);
    }
    // Shape is checked by createLocalJWKSet, which throws JWKSInvalid for anything but a key set.
    return JSON.parse(await readBoundedText(response, MAX_JWKS_BYTES)) as JSONWebKeySet;
  }

  private isStale(): boolean {
    return this.options.now() - this.fetchedAt >= this.options.maxKeyAgeMs;
  }

  private isCoolingDown(): boolean {
    if (this.lastAttempt === undefined) return false;
    return this.options.now() - this.lastAttempt.at < this.cooldownAfterLastAttempt();
  }

  private cooldownAfterLastAttempt(): number {
    return this.lastAttempt?.failed === true ? this.options.failureCooldownMs : this.options.refetchCooldownMs;
  }

  private unavailable(): ServiceUnavailableError {
    const waitMs = (this.lastAttempt?.at ?? 0) + this.options.failureCooldownMs - this.options.now();
    const error = new ServiceUnavailableError(
      'The token signing keys cannot be fetched right now',
      Math.max(1, Math.ceil(waitMs / 1000)),
    );
    // For the log only: the fetch failure says which of timeout / HTTP status / bad body it was.
    error.cause = this.lastAttempt?.failure;
    return error;
  }
}

/** Reads the body, giving up (and closing the stream) as soon as it grows past `maxBytes`. */
async function readBoundedText(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of response.body) {
    received += chunk.byteLength;
    if (received > maxBytes) throw new Error(`JWKS response exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
