import type { Middleware } from 'koa';
import { AuthenticationError } from '../../../application/errors.js';
import type { TokenVerifier } from '../../../application/ports/token-verifier.js';
import type { RequestState } from './request-context.js';

const BEARER = /^Bearer[ ]+(\S*)\s*$/i;

/**
 * Accepts credentials only from `Authorization: Bearer …` — never a query string or cookie, which leak into
 * logs and invite CSRF — and marks the response private so no shared cache keeps it.
 */
export function authenticate(verifier: TokenVerifier): Middleware<RequestState> {
  return async (ctx, next) => {
    ctx.set('Cache-Control', 'private, no-cache');
    ctx.set('Vary', 'Authorization, Origin');
    const match = BEARER.exec(ctx.get('Authorization'));
    if (!match) throw new AuthenticationError('missing');
    if (!match[1]) throw new AuthenticationError('malformed');
    const { userId } = await verifier.verify(match[1]);
    ctx.state.userId = userId.value;
    await next();
  };
}
