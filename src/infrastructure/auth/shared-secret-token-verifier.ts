import type { AuthenticatedUser, TokenVerifier } from '../../application/ports/token-verifier.js';
import { assertValidClaimExpectations, verifyJwt, type ClaimExpectations } from './jwt-verification.js';

export const SHARED_SECRET_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;

// Below 256 bits an HMAC secret is within reach of offline guessing from a single captured token.
const MIN_SECRET_BYTES = 32;

/** Verifies HMAC-signed tokens (what the seed describes) with `BETTER_AUTH_SECRET`. */
export class SharedSecretTokenVerifier implements TokenVerifier {
  private readonly secret: Uint8Array;

  constructor(
    secret: string,
    private readonly expectations: ClaimExpectations,
  ) {
    this.secret = new TextEncoder().encode(secret);
    if (this.secret.byteLength < MIN_SECRET_BYTES) {
      throw new Error(`The shared token secret must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    assertValidClaimExpectations(expectations);
  }

  verify(token: string): Promise<AuthenticatedUser> {
    return verifyJwt(token, this.secret, SHARED_SECRET_ALGORITHMS, this.expectations);
  }
}
