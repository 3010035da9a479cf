import type { AuthenticatedUser, TokenVerifier } from '../../application/ports/token-verifier.js';
import { AuthenticationError } from '../../application/errors.js';
import { CachedTokenVerifier } from './cached-token-verifier.js';
import { JWKS_ALGORITHMS, JwksTokenVerifier, type JwksTokenVerifierOptions } from './jwks-token-verifier.js';
import { readTokenHeader, type ClaimExpectations } from './jwt-verification.js';
import { SHARED_SECRET_ALGORITHMS, SharedSecretTokenVerifier } from './shared-secret-token-verifier.js';

/** Authentication configuration as resolved from the environment (defaults already applied). */
export interface AuthSettings {
  /** `BETTER_AUTH_SECRET`: enables HS256/HS384/HS512 tokens. */
  sharedSecret?: string;
  /** The JWKS document itself (`<BETTER_AUTH_URL>/api/auth/jwks` or `JWKS_URL`): enables asymmetric tokens. */
  jwksUrl?: string;
  /** Expected `iss` (`JWT_ISSUER`); checked in every enabled mode when set. */
  issuer?: string;
  /** Expected `aud` (`JWT_AUDIENCE`); checked in every enabled mode when set. */
  audience?: string;
  /**
   * `MCP_AUDIENCE`: the audience of tokens issued for the MCP endpoint, which the `/mcp` door requires. Wherever an
   * audience is expected (above, or `betterAuthUrl` for JWKS tokens), a token carrying this one instead is accepted
   * too: an authorization server binds an agent's token to the MCP resource alone.
   */
  mcpAudience?: string;
  /**
   * `BETTER_AUTH_URL`: Better Auth sets both `iss` and `aud` of its tokens to it, so JWKS tokens are held to it
   * unless `issuer`/`audience` say otherwise. Shared-secret tokens are not: the seed's carry neither claim.
   */
  betterAuthUrl?: string;
  clockToleranceSeconds: number;
  /** `JWT_MAX_AGE`: tokens issued for longer are refused, in every mode. Unset: any lifetime. */
  maxTokenLifetimeSeconds?: number;
}

/**
 * Each verifier remembers the tokens it verified until they expire (`CachedTokenVerifier`).
 * `jwksKeyCache` tunes the JWKS key cache (timeouts, cooldowns, its clock). It is not configuration: the
 * defaults suit every deployment, and tests pass a clock to step over the cooldowns without waiting.
 */
export function createTokenVerifier(settings: AuthSettings, jwksKeyCache: JwksTokenVerifierOptions = {}): TokenVerifier {
  const expectations = (issuer: string | undefined, audience: string | undefined): ClaimExpectations => ({
    clockToleranceSeconds: settings.clockToleranceSeconds,
    ...(settings.maxTokenLifetimeSeconds !== undefined && { maxLifetimeSeconds: settings.maxTokenLifetimeSeconds }),
    ...(issuer !== undefined && { issuer }),
    ...(audience !== undefined && { audience: settings.mcpAudience === undefined ? audience : [audience, settings.mcpAudience] }),
  });
  const routes: AlgorithmRoute[] = [];
  if (settings.sharedSecret !== undefined) {
    routes.push({
      algorithms: SHARED_SECRET_ALGORITHMS,
      verifier: new CachedTokenVerifier(new SharedSecretTokenVerifier(settings.sharedSecret, expectations(settings.issuer, settings.audience))),
    });
  }
  if (settings.jwksUrl !== undefined) {
    const jwks = new JwksTokenVerifier(
      settings.jwksUrl,
      expectations(settings.issuer ?? settings.betterAuthUrl, settings.audience ?? settings.betterAuthUrl),
      jwksKeyCache,
    );
    routes.push({
      algorithms: JWKS_ALGORITHMS,
      verifier: new CachedTokenVerifier(jwks, { keyGeneration: () => jwks.keyGeneration(), ...(jwksKeyCache.now && { now: jwksKeyCache.now }) }),
    });
  }
  const [only, ...others] = routes;
  if (only === undefined) {
    throw new Error('No token verification configured: set a shared secret, a JWKS URL, or both');
  }
  // A single verifier already refuses every algorithm outside its own list.
  return others.length === 0 ? only.verifier : new AlgorithmRoutingTokenVerifier(routes);
}

interface AlgorithmRoute {
  readonly algorithms: readonly string[];
  readonly verifier: TokenVerifier;
}

/**
 * Hands each token to the one verifier that owns its `alg`, so the shared secret never checks an
 * RS256 token and a JWKS key never checks an HS256 one. Any other `alg`, `none` included, is refused.
 */
class AlgorithmRoutingTokenVerifier implements TokenVerifier {
  constructor(private readonly routes: readonly AlgorithmRoute[]) {}

  async verify(token: string): Promise<AuthenticatedUser> {
    const { alg } = readTokenHeader(token);
    const route = this.routes.find((candidate) => typeof alg === 'string' && candidate.algorithms.includes(alg));
    if (route === undefined) throw new AuthenticationError('unsupported_algorithm');
    return route.verifier.verify(token);
  }

  /** A remembered token is found by its text alone: no need to read its header to know whose it is. */
  recall(token: string): AuthenticatedUser | undefined {
    for (const route of this.routes) {
      const user = route.verifier.recall?.(token);
      if (user !== undefined) return user;
    }
    return undefined;
  }
}
