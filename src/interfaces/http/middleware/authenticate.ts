import type { Middleware } from 'koa';
import { AuthenticationError } from '../../../application/errors.js';
import type { TokenVerifier } from '../../../application/ports/token-verifier.js';
import type { RequestState } from './request-context.js';

const BEARER_SCHEME = /^Bearer(?:\s+|$)/i;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Accepts credentials only from `Authorization: Bearer …` — never a query string or cookie, which leak into
 * logs and invite CSRF — and marks the response private so no shared cache keeps it.
 */
export function authenticate(verifier: TokenVerifier): Middleware<RequestState> {
  return async (ctx, next) => {
    ctx.set('Cache-Control', 'private, no-cache');
    ctx.set('Vary', 'Authorization, Origin');
    const header = ctx.get('Authorization').trim();
    const scheme = BEARER_SCHEME.exec(header);
    if (!scheme) throw new AuthenticationError('missing');
    // A Bearer credential was sent: anything but one token68 value is a malformed token, not a missing one.
    const token = header.slice(scheme[0].length);
    if (!TOKEN68.test(token)) throw new AuthenticationError(token ? 'malformed' : 'missing');
    const { userId, expiresAt } = await verifier.verify(token);
    ctx.state.userId = userId.value;
    ctx.state.credentialsExpireAt = expiresAt;
    await next();
  };
}
