/**
 * The rules every token verifier shares, in one place: the size cap, the algorithm allow-list check,
 * the claims (exp/nbf/iat, iss/aud, the user id) and the translation of jose's errors into
 * `AuthenticationError` reasons. The verifiers only differ in where their keys come from.
 */
import {
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type CryptoKey,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  type JWTVerifyResult,
  type ProtectedHeaderParameters,
} from 'jose';
import type { AuthenticatedUser } from '../../application/ports/token-verifier.js';
import { AuthenticationError, ServiceUnavailableError } from '../../application/errors.js';
import { DomainValidationError, UserId } from '../../domain/index.js';

/** Real tokens are well under 2 KiB; anything above this is refused before any decoding or crypto work. */
export const MAX_TOKEN_LENGTH = 8 * 1024;

export interface ClaimExpectations {
  readonly issuer?: string;
  /** The `aud` a token must carry; given several, any one of them will do. */
  readonly audience?: string | readonly string[];
  readonly clockToleranceSeconds: number;
  /**
   * Longest lifetime a token may have been issued with (`JWT_MAX_AGE`): `exp` − `iat`, or without `iat`,
   * what is left until `exp`. Unset: any.
   */
  readonly maxLifetimeSeconds?: number;
}

export function assertValidClaimExpectations(expectations: ClaimExpectations): void {
  const tolerance = expectations.clockToleranceSeconds;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new Error(`Clock tolerance must be a non-negative number of seconds, got ${tolerance}`);
  }
  const maxLifetime = expectations.maxLifetimeSeconds;
  if (maxLifetime !== undefined && !(Number.isFinite(maxLifetime) && maxLifetime > 0)) {
    throw new Error(`The maximum token lifetime must be a positive number of seconds, got ${maxLifetime}`);
  }
}

/** Checks the token's size and shape and returns its protected header, without verifying anything. */
export function readTokenHeader(token: string): ProtectedHeaderParameters {
  if (token.length === 0) throw new AuthenticationError('missing');
  if (token.length > MAX_TOKEN_LENGTH) throw new AuthenticationError('malformed');
  try {
    return decodeProtectedHeader(token);
  } catch {
    throw new AuthenticationError('malformed');
  }
}

/**
 * Verifies `token` with `key`, accepting only `algorithms`, and returns the user it speaks for.
 * The allow-list is checked before the key is asked for, so a token with a foreign `alg` never
 * triggers a key lookup (or a JWKS fetch).
 */
export async function verifyJwt(
  token: string,
  key: Uint8Array | JWTVerifyGetKey,
  algorithms: readonly string[],
  expectations: ClaimExpectations,
): Promise<AuthenticatedUser> {
  const header = readTokenHeader(token);
  if (typeof header.alg !== 'string' || !algorithms.includes(header.alg)) {
    throw new AuthenticationError('unsupported_algorithm');
  }
  const options: JWTVerifyOptions = {
    algorithms: [...algorithms],
    requiredClaims: ['exp'],
    clockTolerance: expectations.clockToleranceSeconds,
    ...(expectations.issuer !== undefined && { issuer: expectations.issuer }),
    ...(expectations.audience !== undefined && { audience: typeof expectations.audience === 'string' ? expectations.audience : [...expectations.audience] }),
  };
  let payload: JWTPayload;
  try {
    ({ payload } = await verifyWithEachCandidateKey(token, key, options));
  } catch (error) {
    throw authenticationErrorFrom(error);
  }
  rejectIssuedInTheFuture(payload, expectations.clockToleranceSeconds);
  rejectOverlongLifetime(payload, expectations);
  // `exp` is required and numeric by now; the tolerance that let the token in applies to its end as well.
  const expiresAt = new Date(((payload.exp as number) + expectations.clockToleranceSeconds) * 1000);
  return { userId: userIdFrom(payload), expiresAt, audiences: audiencesOf(payload) };
}

/** `aud` is one string or a list of them (jose has already refused any other shape when an audience is expected). */
function audiencesOf(payload: JWTPayload): string[] {
  const { aud } = payload;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((value): value is string => typeof value === 'string') : [];
}

async function verifyWithEachCandidateKey(
  token: string,
  key: Uint8Array | JWTVerifyGetKey,
  options: JWTVerifyOptions,
): Promise<JWTVerifyResult> {
  try {
    return await jwtVerify(token, key, options);
  } catch (error) {
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    // A token without `kid` while the key set holds several keys of its type (e.g. mid-rotation):
    // jose leaves trying each candidate to the caller.
    for await (const candidate of error) {
      try {
        return await jwtVerify(token, candidate as CryptoKey, options);
      } catch (candidateError) {
        if (!(candidateError instanceof errors.JWSSignatureVerificationFailed)) throw candidateError;
      }
    }
    throw new errors.JWSSignatureVerificationFailed();
  }
}

// jose only checks `iat` against the clock when a maximum token age is set; a token minted "in the
// future" beyond the tolerance means a broken or forged issuer clock, so it is not valid yet.
function rejectIssuedInTheFuture(payload: JWTPayload, clockToleranceSeconds: number): void {
  const nowSeconds = Math.floor(Date.now() / 1000);
  if (payload.iat !== undefined && payload.iat > nowSeconds + clockToleranceSeconds) {
    throw new AuthenticationError('not_yet_valid');
  }
}

/**
 * A token is a bearer credential: whoever holds a copy can use it until `exp`, and nothing here can revoke it.
 * Issuers hand out short-lived ones (Better Auth: 15 minutes); one meant to last a year is a mistake or a
 * forgery with a stolen key, and is refused however valid its signature. Measured as issued (`exp` − `iat`),
 * so a long-lived token is refused from its first use to its last; without `iat`, by the time it has left,
 * allowing for a clock that runs ahead by the tolerance.
 */
function rejectOverlongLifetime(payload: JWTPayload, expectations: ClaimExpectations): void {
  const { maxLifetimeSeconds, clockToleranceSeconds } = expectations;
  if (maxLifetimeSeconds === undefined) return;
  const exp = payload.exp as number; // required and numeric, checked by jose
  const lifetime = payload.iat !== undefined ? exp - payload.iat : exp - Date.now() / 1000 - clockToleranceSeconds;
  if (lifetime > maxLifetimeSeconds) throw new AuthenticationError('lifetime_too_long');
}

/** `sub` is the user id; the seed's tokens carry `user_id` instead. Both present must agree. */
function userIdFrom(payload: JWTPayload): UserId {
  const { sub } = payload;
  const legacyUserId = payload['user_id'];
  if (sub !== undefined && typeof sub !== 'string') throw new AuthenticationError('invalid_claims');
  if (legacyUserId !== undefined && typeof legacyUserId !== 'string') {
    throw new AuthenticationError('invalid_claims');
  }
  if (sub !== undefined && legacyUserId !== undefined && sub !== legacyUserId) {
    throw new AuthenticationError('invalid_claims');
  }
  const raw = sub ?? legacyUserId;
  if (raw === undefined) throw new AuthenticationError('invalid_claims');
  try {
    return UserId.from(raw);
  } catch (error) {
    if (error instanceof DomainValidationError) throw new AuthenticationError('invalid_claims');
    throw error;
  }
}

/**
 * Maps what `jwtVerify` throws to the reason the caller sees. jose's own messages are dropped: the
 * reasons carry generic wording and never the token.
 */
function authenticationErrorFrom(error: unknown): unknown {
  if (error instanceof AuthenticationError || error instanceof ServiceUnavailableError) return error;
  if (error instanceof errors.JWTExpired) return new AuthenticationError('expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new AuthenticationError(
      error.claim === 'nbf' && error.reason === 'check_failed' ? 'not_yet_valid' : 'invalid_claims',
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new AuthenticationError('invalid_signature');
  if (error instanceof errors.JWKSNoMatchingKey) return new AuthenticationError('invalid_signature');
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new AuthenticationError('unsupported_algorithm');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return new AuthenticationError('malformed');
  }
  // What remains comes from the key, not the token: a published key jose refuses (JWKInvalid,
  // a private member, an RSA modulus under 2048 bits is a TypeError). The signature cannot be
  // trusted, which is what the caller is told; it is not a server bug.
  if (error instanceof errors.JOSEError || error instanceof TypeError) {
    return new AuthenticationError('invalid_signature');
  }
  return error;
}
