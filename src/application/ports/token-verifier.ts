import type { UserId } from '../../domain/index.js';

export interface AuthenticatedUser {
  readonly userId: UserId;
  /** The token's `exp`: what it authorises ends then, long-lived connections included. */
  readonly expiresAt: Date;
  /** The token's `aud` values (none when it has no `aud`): a door that serves one audience only checks them. */
  readonly audiences: readonly string[];
}

/** Turns a bearer token into the user it speaks for, or throws `AuthenticationError` / `ServiceUnavailableError`. */
export interface TokenVerifier {
  verify(token: string): Promise<AuthenticatedUser>;
  /**
   * The user of a token this verifier has already verified and would accept again now, found without any
   * checking (no decoding, no cryptography); undefined when it remembers none. Optional: a verifier that
   * remembers nothing need not have it.
   */
  recall?(token: string): AuthenticatedUser | undefined;
}
