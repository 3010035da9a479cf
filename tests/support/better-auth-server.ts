/**
 * A real Better Auth server — the `better-auth` package with its `jwt` plugin and email-and-password sign-up —
 * on 127.0.0.1 and an ephemeral port, driven over HTTP the way a front end drives it: sign up, then get a JWT
 * from `GET /api/auth/token` or from the `set-auth-jwt` header of `GET /api/auth/get-session`.
 *
 * It keeps its users, sessions and keys in Better Auth's own memory adapter: each server starts empty and
 * vanishes with the test, and nothing here depends on where Better Auth stores its rows.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { toNodeHandler } from 'better-auth/node';
import { jwt, type Jwk, type JWSAlgorithms } from 'better-auth/plugins/jwt';

export type BetterAuthKeyAlgorithm = JWSAlgorithms;

/** A signed-in Better Auth user, as the browser holds it: the session cookie. */
export interface BetterAuthSession {
  readonly userId: string;
  readonly email: string;
  /** The `Cookie` header value that carries the session. */
  readonly cookie: string;
}

const PASSWORD = 'correct-horse-battery-staple';

function createAuth(baseURL: string, alg: BetterAuthKeyAlgorithm) {
  return betterAuth({
    baseURL,
    secret: 'better-auth-test-server-secret-0123456789abcdef',
    database: memoryAdapter({ user: [], session: [], account: [], verification: [], jwks: [] }),
    emailAndPassword: { enabled: true },
    plugins: [jwt({ jwks: { keyPairConfig: { alg } } })],
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
}

export class BetterAuthServer {
  /** How many times the published key set (`/api/auth/jwks`) was asked for. */
  jwksRequests = 0;

  private constructor(
    private readonly server: Server,
    /** The base URL: what `BETTER_AUTH_URL` is set to, and what Better Auth puts into `iss` and `aud`. */
    readonly url: string,
    private readonly auth: ReturnType<typeof createAuth>,
  ) {}

  /** Starts a server whose `jwt` plugin signs with `alg` (Better Auth's default is EdDSA with Ed25519). */
  static async start({ alg = 'EdDSA' }: { alg?: BetterAuthKeyAlgorithm } = {}): Promise<BetterAuthServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    // Better Auth puts its base URL into `iss` and `aud`, so it has to know its port before it is created.
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const betterAuthServer = new BetterAuthServer(server, url, createAuth(url, alg));
    const handler = toNodeHandler(betterAuthServer.auth);
    server.on('request', (request, response) => {
      if (request.url?.startsWith('/api/auth/jwks')) betterAuthServer.jwksRequests += 1;
      void handler(request, response);
    });
    return betterAuthServer;
  }

  /** Where the `jwt` plugin publishes its public keys. */
  get jwksUrl(): string {
    return `${this.url}/api/auth/jwks`;
  }

  /** `POST /api/auth/sign-up/email` for a new user, as the front end's sign-up form does; signs them in. */
  async signUp(name = 'Test user'): Promise<BetterAuthSession> {
    const email = `${randomUUID()}@example.test`;
    const response = await fetch(`${this.url}/api/auth/sign-up/email`, {
      method: 'POST',
      // A browser sends its origin; Better Auth refuses a sign-up without one. The front end is served
      // from the same origin as Better Auth, as in a Next.js app that mounts it.
      headers: { 'content-type': 'application/json', origin: this.url },
      body: JSON.stringify({ email, password: PASSWORD, name }),
    });
    const body = (await response.json()) as { user?: { id?: string } };
    if (response.status !== 200 || typeof body.user?.id !== 'string') {
      throw new Error(`Better Auth sign-up failed: ${response.status} ${JSON.stringify(body)}`);
    }
    const cookie = response.headers
      .getSetCookie()
      .map((setCookie) => setCookie.split(';')[0])
      .join('; ');
    if (!cookie.includes('session_token=')) throw new Error('Better Auth sign-up set no session cookie');
    return { userId: body.user.id, email, cookie };
  }

  /** A JWT from `GET /api/auth/token` (what `authClient.token()` calls). */
  async requestToken(session: BetterAuthSession): Promise<string> {
    const response = await fetch(`${this.url}/api/auth/token`, { headers: { cookie: session.cookie } });
    const body = (await response.json()) as { token?: unknown };
    if (response.status !== 200 || typeof body.token !== 'string') {
      throw new Error(`Better Auth /token failed: ${response.status} ${JSON.stringify(body)}`);
    }
    return body.token;
  }

  /** The JWT in the `set-auth-jwt` header of `GET /api/auth/get-session` (what `authClient.getSession()` sees). */
  async requestSessionJwt(session: BetterAuthSession): Promise<string> {
    const response = await fetch(`${this.url}/api/auth/get-session`, { headers: { cookie: session.cookie } });
    await response.body?.cancel();
    const token = response.headers.get('set-auth-jwt');
    if (response.status !== 200 || token === null) {
      throw new Error(`Better Auth /get-session answered ${response.status} without a set-auth-jwt header`);
    }
    return token;
  }

  /**
   * Rotates the signing key the way Better Auth 1.7 does when `jwks.rotationInterval` elapses: every key
   * still in use gets an `expiresAt` in the past, so the next token Better Auth signs comes from a key it
   * mints then, while `/api/auth/jwks` keeps publishing the old key for `jwks.gracePeriod` (30 days by
   * default). Only the waiting for the interval is skipped.
   */
  async rotateKeys(): Promise<void> {
    const { adapter } = await this.auth.$context;
    const now = Date.now();
    const keys = await adapter.findMany<Jwk>({ model: 'jwks' });
    for (const key of keys.filter((candidate) => !candidate.expiresAt || candidate.expiresAt.getTime() > now)) {
      await adapter.update({
        model: 'jwks',
        where: [{ field: 'id', value: key.id }],
        update: { expiresAt: new Date(now - 1) },
      });
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
