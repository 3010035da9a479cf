import { SignJWT } from 'jose';

/**
 * Mints HS256 tokens with the shared secret — for development, curl and Swagger UI (the admin CLI's
 * `token` command). In production the front end's Better Auth issues tokens; this service never needs to.
 */
export async function issueSharedSecretToken(
  secret: string,
  userId: string,
  options: { ttlSeconds: number; issuer?: string; audience?: string },
): Promise<string> {
  let jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + Math.round(options.ttlSeconds));
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
