/** Better Auth's endpoints under /api/auth: sign-up, sign-in, sign-out, session, and the jwt plugin's token and jwks. */
import { toNextJsHandler } from 'better-auth/next-js';
import { auth } from '@/lib/auth';

export const { GET, POST } = toNextJsHandler(auth);
