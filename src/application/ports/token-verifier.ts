import type { UserId } from '../../domain/index.js';

export interface AuthenticatedUser {
  readonly userId: UserId;
  /** The token's `exp`: what it authorises ends then, long-lived connections included. */
  readonly expiresAt: Date;
}

/** Turns a bearer token into the user it speaks for, or throws `AuthenticationError` / `ServiceUnavailableError`. */
export interface TokenVerifier {
  verify(token: string): Promise<AuthenticatedUser>;
}
