/**
 * Tokens minted by a real Better Auth instance (its `jwt` plugin, in-memory database) and verified over
 * HTTP against its own `/api/auth/jwks`: proof that the JWKS mode accepts what Better Auth really
 * issues, with `iss`/`aud` set to its base URL as the contract's defaults assume.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { toNodeHandler } from 'better-auth/node';
import { jwt } from 'better-auth/plugins/jwt';
import { AuthenticationError } from '../../../../src/application/errors.js';
import { JWKS_ALGORITHMS } from '../../../../src/infrastructure/auth/jwks-token-verifier.js';
import { createTokenVerifier } from '../../../../src/infrastructure/auth/token-verifier-factory.js';
import { expectRejection } from '../../../support/expect-rejection.js';

interface RunningBetterAuth {
  readonly baseUrl: string;
  /** Signs up a fresh user and returns their Better Auth id and a JWT from `/api/auth/token`. */
  issueToken(email: string): Promise<{ userId: string; token: string }>;
  stop(): Promise<void>;
}

async function startBetterAuth(alg: (typeof JWKS_ALGORITHMS)[number]): Promise<RunningBetterAuth> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const auth = betterAuth({
    baseURL: baseUrl,
    secret: 'better-auth-interop-secret-0123456789abcdef',
    database: memoryAdapter({ user: [], session: [], account: [], verification: [], jwks: [] }),
    emailAndPassword: { enabled: true },
    plugins: [jwt({ jwks: { keyPairConfig: { alg } } })],
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
  server.on('request', toNodeHandler(auth));

  return {
    baseUrl,
    async issueToken(email) {
      const signUp = await auth.api.signUpEmail({
        body: { email, password: 'correct-horse-battery', name: 'Interop' },
        returnHeaders: true,
      });
      const sessionCookie = signUp.headers.get('set-cookie')?.split(';')[0];
      expect(sessionCookie, 'Better Auth session cookie').to.be.a('string');
      const response = await fetch(`${baseUrl}/api/auth/token`, { headers: { cookie: sessionCookie! } });
      expect(response.status).to.equal(200);
      const { token } = (await response.json()) as { token: string };
      return { userId: signUp.response.user.id, token };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('Better Auth interoperability', function () {
  this.timeout(10_000);

  for (const alg of JWKS_ALGORITHMS) {
    describe(`jwt plugin issuing ${alg}`, () => {
      let betterAuthServer: RunningBetterAuth;

      before(async () => {
        betterAuthServer = await startBetterAuth(alg);
      });

      after(async () => {
        await betterAuthServer.stop();
      });

      const verifierFor = (base: string) =>
        createTokenVerifier({
          jwksUrl: `${betterAuthServer.baseUrl}/api/auth/jwks`,
          issuer: base,
          audience: base,
          clockToleranceSeconds: 30,
        });

      it('accepts its token and takes the user id from sub', async () => {
        const { userId, token } = await betterAuthServer.issueToken(`${alg.toLowerCase()}@example.test`);
        const user = await verifierFor(betterAuthServer.baseUrl).verify(token);
        expect(user.userId.value).to.equal(userId);
      });

      it('refuses its token when another issuer is expected', async () => {
        const { token } = await betterAuthServer.issueToken(`${alg.toLowerCase()}-other@example.test`);
        await expectRejection(verifierFor('https://elsewhere.example.test').verify(token), AuthenticationError, 'invalid_claims');
      });
    });
  }
});
