import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export const nowInSeconds = (): number => Math.floor(Date.now() / 1000);

/** A 43-byte secret: comfortably above the 32-byte minimum. */
export const TEST_SECRET = 'test-secret-for-unit-tests-0123456789abcdef';

export interface TestKeyPair {
  readonly alg: string;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The public key as the auth server publishes it. */
  readonly publicJwk: JWK;
}

export async function generateTestKeyPair(alg: string, kid = `${alg.toLowerCase()}-key`): Promise<TestKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicKey, publicJwk };
}

export interface TokenOptions {
  /** Claims to set; `exp` defaults to an hour from now and `sub` to `user-1` unless given (or `undefined`). */
  readonly claims?: JWTPayload;
  readonly header?: Record<string, unknown>;
}

/** Signs a JWT the way an issuer would, with sensible defaults a test overrides. */
export async function signToken(
  key: CryptoKey | Uint8Array,
  alg: string,
  { claims = {}, header = {} }: TokenOptions = {},
): Promise<string> {
  const payload: JWTPayload = { sub: 'user-1', iat: nowInSeconds(), exp: nowInSeconds() + 3600, ...claims };
  // `undefined` in the overrides means "leave this claim out".
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg, ...header }).sign(key);
}

export function signWithSecret(secret: string, options: TokenOptions & { alg?: string } = {}): Promise<string> {
  return signToken(new TextEncoder().encode(secret), options.alg ?? 'HS256', options);
}

export function signWithKeyPair(pair: TestKeyPair, options: TokenOptions = {}): Promise<string> {
  return signToken(pair.privateKey, pair.alg, { ...options, header: { kid: pair.kid, ...options.header } });
}

const base64url = (value: string): string => Buffer.from(value).toString('base64url');

/** Assembles a compact JWS by hand, for tokens no honest signer would produce. */
export function compactToken(header: object, payload: object, signature = ''): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}.${signature}`;
}

/** Replaces the payload of a signed token and keeps its original signature. */
export function withTamperedPayload(token: string, payload: object): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url(JSON.stringify(payload))}.${signature}`;
}
