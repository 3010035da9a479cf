/**
 * Tokens minted by a real Better Auth instance (its `jwt` plugin, in-memory database) and verified over
 * HTTP against its own `/api/auth/jwks`: proof that the JWKS mode accepts what Better Auth really
 * issues, with `iss`/`aud` set to its base URL as the contract's defaults assume.
 */
import { expect } from 'chai';
import { AuthenticationError } from '../../../../src/application/errors.js';
import { JWKS_ALGORITHMS } from '../../../../src/infrastructure/auth/jwks-token-verifier.js';
import { createTokenVerifier } from '../../../../src/infrastructure/auth/token-verifier-factory.js';
import { BetterAuthServer } from '../../../support/better-auth-server.js';
import { expectRejection } from '../../../support/expect-rejection.js';

describe('Better Auth interoperability', function () {
  this.timeout(10_000);

  for (const alg of JWKS_ALGORITHMS) {
    describe(`jwt plugin issuing ${alg}`, () => {
      let betterAuth: BetterAuthServer;

      before(async () => {
        betterAuth = await BetterAuthServer.start({ alg });
      });

      after(async () => {
        await betterAuth.stop();
      });

      const verifierFor = (base: string) =>
        createTokenVerifier({
          jwksUrl: betterAuth.jwksUrl,
          issuer: base,
          audience: base,
          clockToleranceSeconds: 30,
        });

      it('accepts its token and takes the user id from sub', async () => {
        const session = await betterAuth.signUp();
        const user = await verifierFor(betterAuth.url).verify(await betterAuth.requestToken(session));
        expect(user.userId.value).to.equal(session.userId);
      });

      it('refuses its token when another issuer is expected', async () => {
        const token = await betterAuth.requestToken(await betterAuth.signUp());
        const elsewhere = verifierFor('https://elsewhere.example.test');
        await expectRejection(elsewhere.verify(token), AuthenticationError, 'invalid_claims');
      });
    });
  }
});
