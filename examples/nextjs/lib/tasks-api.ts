'use client';
/**
 * The tasks API for the signed-in user: the typed client, with a getToken() that hands out Better Auth's JWT
 * and asks for a new one when it has run through most of its lifetime.
 */
import { createTasksClient, type TasksClient } from '@tasks-api/client';
import { authClient } from './auth-client';

/** Better Auth has no session for this browser any more (it expired, or the user signed out elsewhere). */
export class SessionExpiredError extends Error {
  override readonly name = 'SessionExpiredError';
  constructor() {
    super('Your session has expired. Sign in again.');
  }
}

let cached: { token: string; renewAt: number } | null = null;
let pending: Promise<string> | null = null;

/** A token for the API: the cached one while it is fresh, else a new one from Better Auth (`GET /api/auth/token`). */
export function getToken(): Promise<string> {
  if (cached && Date.now() < cached.renewAt) return Promise.resolve(cached.token);
  pending ??= fetchToken().finally(() => {
    pending = null;
  });
  return pending;
}

/** Drops the cached token: after signing out, or when the API refused it. */
export function forgetToken(): void {
  cached = null;
}

async function fetchToken(): Promise<string> {
  const requestedAt = Date.now();
  const { data, error } = await authClient.token();
  if (error || !data?.token) {
    cached = null;
    if (error?.status === 401) throw new SessionExpiredError();
    throw new Error(`Could not get a token from Better Auth${error?.message ? `: ${error.message}` : ''}`);
  }
  // Renew once half the lifetime, or all but the last minute of it, has passed — by this browser's clock, so a
  // clock set wrong here does not matter.
  const lifetimeMs = tokenLifetimeMs(data.token);
  cached = { token: data.token, renewAt: requestedAt + lifetimeMs - Math.min(60_000, lifetimeMs / 2) };
  return data.token;
}

function tokenLifetimeMs(token: string): number {
  try {
    const payload = token.split('.')[1] ?? '';
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { iat?: unknown; exp?: unknown };
    if (typeof claims.iat === 'number' && typeof claims.exp === 'number' && claims.exp > claims.iat) {
      return (claims.exp - claims.iat) * 1000;
    }
  } catch {
    // Not a readable JWT: renew it soon.
  }
  return 60_000;
}

export function createApi(baseUrl: string): TasksClient {
  return createTasksClient({ baseUrl, getToken });
}
