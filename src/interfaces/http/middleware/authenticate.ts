import type { Middleware } from 'koa';
import { AuthenticationError } from '../../../application/errors.js';
import type { TokenVerifier } from '../../../application/ports/token-verifier.js';
import type { AnonymousRequestLimit } from './rate-limit.js';
import type { RequestState } from './request-context.js';

const BEARER_SCHEME = /^Bearer(?:\s+|$)/i;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Accepts credentials only from `Authorization: Bearer …` — never a query string or cookie, which leak into
 * logs and invite CSRF — and marks the response private so no shared cache keeps it.
 *
 * A token verified before is recognised at once. Any other request is first held to `anonymousLimit` (its
 * address's budget of requests without valid credentials), and counted against it when it fails. A door that
 * serves one audience only (`requiredAudience`) refuses a valid token issued for another, as a failure too.
 */
export function authenticate(
  verifier: TokenVerifier,
  anonymousLimit?: AnonymousRequestLimit,
  requiredAudience?: string,
): Middleware<RequestState> {
  return async (ctx, next) => {
    ctx.set('Cache-Control', 'private, no-cache');
    ctx.set('Vary', 'Authorization, Origin');
    const header = ctx.get('Authorization').trim();
    const scheme = BEARER_SCHEME.exec(header);
    const token = scheme ? header.slice(scheme[0].length) : '';
    let user = token ? verifier.recall?.(token) : undefined;
    if (user === undefined) {
      anonymousLimit?.check(ctx);
      try {
        if (!scheme) throw new AuthenticationError('missing');
        // A Bearer credential was sent: anything but one token68 value is a malformed token, not a missing one.
        if (!TOKEN68.test(token)) throw new AuthenticationError(token ? 'malformed' : 'missing');
        user = await verifier.verify(token);
      } catch (error) {
        if (error instanceof AuthenticationError) anonymousLimit?.failed(ctx);
        throw error;
      }
    }
    if (requiredAudience !== undefined && !user.audiences.includes(requiredAudience)) {
      anonymousLimit?.failed(ctx);
      throw new AuthenticationError('wrong_audience');
    }
    ctx.state.userId = user.userId.value;
    ctx.state.credentialsExpireAt = user.expiresAt;
    await next();
  };
}
