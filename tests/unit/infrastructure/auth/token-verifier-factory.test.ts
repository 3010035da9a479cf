import { expect } from 'chai';
import { exportSPKI } from 'jose';
import { AuthenticationError } from '../../../../src/application/errors.js';
import { JWKS_ALGORITHMS } from '../../../../src/infrastructure/auth/jwks-token-verifier.js';
import { createTokenVerifier, type AuthSettings } from '../../../../src/infrastructure/auth/token-verifier-factory.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { JwksTestServer } from '../../../support/jwks-test-server.js';
import {
  compactToken,
  generateTestKeyPair,
  nowInSeconds,
  signToken,
  signWithKeyPair,
  signWithSecret,
  TEST_SECRET,
  type TestKeyPair,
} from '../../../support/signed-tokens.js';

describe('createTokenVerifier', function () {
  this.timeout(10_000);

  const pairs = new Map<string, TestKeyPair>();
  let server: JwksTestServer;

  before(async () => {
    for (const alg of JWKS_ALGORITHMS) pairs.set(alg, await generateTestKeyPair(alg));
    server = await JwksTestServer.start([...pairs.values()].map((pair) => pair.publicJwk));
  });

  after(async () => {
    await server.stop();
  });

  beforeEach(() => {
    server.hits = 0;
  });

  const sharedOnly = (): AuthSettings => ({ sharedSecret: TEST_SECRET, clockToleranceSeconds: 30 });
  const jwksOnly = (): AuthSettings => ({ jwksUrl: server.url, clockToleranceSeconds: 30 });
  const both = (): AuthSettings => ({ ...sharedOnly(), ...jwksOnly() });

  it('refuses to build without a shared secret or a JWKS URL', () => {
    expect(() => createTokenVerifier({ clockToleranceSeconds: 30 })).to.throw(/shared secret.*JWKS URL/);
  });

  it('refuses a shared secret shorter than 32 bytes', () => {
    expect(() => createTokenVerifier({ ...both(), sharedSecret: 'too-short' })).to.throw(/32 bytes/);
  });

  describe('with only the shared secret', () => {
    it('accepts an HS256 token', async () => {
      const user = await createTokenVerifier(sharedOnly()).verify(await signWithSecret(TEST_SECRET));
      expect(user.userId.value).to.equal('user-1');
    });

    it('refuses an asymmetric token', async () => {
      const token = await signWithKeyPair(pairs.get('EdDSA')!);
      await expectRejection(createTokenVerifier(sharedOnly()).verify(token), AuthenticationError, 'unsupported_algorithm');
    });
  });

  describe('with only the JWKS', () => {
    it('accepts an EdDSA token', async () => {
      const user = await createTokenVerifier(jwksOnly()).verify(await signWithKeyPair(pairs.get('EdDSA')!));
      expect(user.userId.value).to.equal('user-1');
    });

    it('refuses an HS256 token without asking the key server', async () => {
      const token = await signWithSecret(TEST_SECRET);
      await expectRejection(createTokenVerifier(jwksOnly()).verify(token), AuthenticationError, 'unsupported_algorithm');
      expect(server.hits).to.equal(0);
    });
  });

  describe('with both', () => {
    for (const alg of ['HS256', 'HS384', 'HS512']) {
      it(`routes ${alg} to the shared secret`, async () => {
        const verifier = createTokenVerifier(both());
        const user = await verifier.verify(await signWithSecret(TEST_SECRET, { alg, claims: { sub: alg } }));
        expect(user.userId.value).to.equal(alg);
        expect(server.hits).to.equal(0);
      });
    }

    for (const alg of JWKS_ALGORITHMS) {
      it(`routes ${alg} to the JWKS`, async () => {
        const verifier = createTokenVerifier(both());
        const user = await verifier.verify(await signWithKeyPair(pairs.get(alg)!, { claims: { sub: alg } }));
        expect(user.userId.value).to.equal(alg);
        expect(server.hits).to.equal(1);
      });
    }

    it('refuses HS256 signed with the published public key: the secret checks it, not the key', async () => {
      const rsa = pairs.get('RS256')!;
      const token = await signToken(new TextEncoder().encode(await exportSPKI(rsa.publicKey)), 'HS256', {
        header: { kid: rsa.kid },
      });
      await expectRejection(createTokenVerifier(both()).verify(token), AuthenticationError, 'invalid_signature');
      expect(server.hits).to.equal(0);
    });

    for (const [name, header] of [
      ['alg "none"', { alg: 'none' }],
      ['alg "NONE"', { alg: 'NONE' }],
      ['an algorithm neither mode accepts', { alg: 'ES384' }],
      ['no alg at all', { typ: 'JWT' }],
      ['a non-string alg', { alg: ['HS256'] }],
    ] as const) {
      it(`refuses ${name}`, async () => {
        const token = compactToken(header, { sub: 'user-1', exp: nowInSeconds() + 60 }, 'c2lnbmF0dXJl');
        await expectRejection(createTokenVerifier(both()).verify(token), AuthenticationError, 'unsupported_algorithm');
        expect(server.hits).to.equal(0);
      });
    }

    it('refuses an empty token as missing and garbage as malformed', async () => {
      const verifier = createTokenVerifier(both());
      await expectRejection(verifier.verify(''), AuthenticationError, 'missing');
      await expectRejection(verifier.verify('garbage'), AuthenticationError, 'malformed');
    });

    it('refuses a 12 KiB token as malformed before routing it', async () => {
      const token = await signWithKeyPair(pairs.get('EdDSA')!, { claims: { padding: 'x'.repeat(12 * 1024) } });
      await expectRejection(createTokenVerifier(both()).verify(token), AuthenticationError, 'malformed');
      expect(server.hits).to.equal(0);
    });

    it('checks the configured issuer and audience in both modes', async () => {
      const verifier = createTokenVerifier({ ...both(), issuer: 'https://auth.test', audience: 'https://auth.test' });
      const good = { iss: 'https://auth.test', aud: 'https://auth.test' };
      await verifier.verify(await signWithSecret(TEST_SECRET, { claims: good }));
      await verifier.verify(await signWithKeyPair(pairs.get('ES256')!, { claims: good }));
      await expectRejection(
        verifier.verify(await signWithSecret(TEST_SECRET, { claims: { ...good, aud: 'elsewhere' } })),
        AuthenticationError,
        'invalid_claims',
      );
      await expectRejection(
        verifier.verify(await signWithKeyPair(pairs.get('ES256')!, { claims: { ...good, iss: 'elsewhere' } })),
        AuthenticationError,
        'invalid_claims',
      );
    });

    it('holds only JWKS tokens to BETTER_AUTH_URL as iss and aud, unless JWT_ISSUER/JWT_AUDIENCE say otherwise', async () => {
      const verifier = createTokenVerifier({ ...both(), betterAuthUrl: 'https://auth.test' });
      const betterAuth = { iss: 'https://auth.test', aud: 'https://auth.test' };
      await verifier.verify(await signWithKeyPair(pairs.get('EdDSA')!, { claims: betterAuth }));
      // The seed's shared-secret tokens carry no iss or aud.
      await verifier.verify(await signWithSecret(TEST_SECRET));
      await expectRejection(verifier.verify(await signWithKeyPair(pairs.get('EdDSA')!)), AuthenticationError, 'invalid_claims');

      const overridden = createTokenVerifier({ ...both(), betterAuthUrl: 'https://auth.test', issuer: 'https://issuer.test' });
      await overridden.verify(await signWithKeyPair(pairs.get('EdDSA')!, { claims: { ...betterAuth, iss: 'https://issuer.test' } }));
      await expectRejection(
        overridden.verify(await signWithKeyPair(pairs.get('EdDSA')!, { claims: betterAuth })),
        AuthenticationError,
        'invalid_claims',
      );
    });

    it('accepts the MCP audience wherever an audience is expected, and tells every verified token’s audiences', async () => {
      const mcp = 'https://api.test/mcp';
      const verifier = createTokenVerifier({ ...both(), betterAuthUrl: 'https://auth.test', audience: 'https://api.test', mcpAudience: mcp });
      const jwks = (aud: string | string[]) => signWithKeyPair(pairs.get('EdDSA')!, { claims: { iss: 'https://auth.test', aud } });

      expect((await verifier.verify(await jwks(mcp))).audiences).to.deep.equal([mcp]);
      expect((await verifier.verify(await jwks(['https://api.test', mcp]))).audiences).to.deep.equal(['https://api.test', mcp]);
      expect((await verifier.verify(await signWithSecret(TEST_SECRET, { claims: { aud: mcp } }))).audiences).to.deep.equal([mcp]);
      await expectRejection(verifier.verify(await jwks('https://elsewhere.test')), AuthenticationError, 'invalid_claims');

      // Without an expected audience nothing is widened, and a token without `aud` has none.
      const noAudience = createTokenVerifier({ ...sharedOnly(), mcpAudience: mcp });
      expect((await noAudience.verify(await signWithSecret(TEST_SECRET))).audiences).to.deep.equal([]);
      expect((await noAudience.verify(await signWithSecret(TEST_SECRET, { claims: { aud: 'anything' } }))).audiences).to.deep.equal(['anything']);
    });

    it('applies the configured clock tolerance in both modes', async () => {
      const lenient = createTokenVerifier({ ...both(), clockToleranceSeconds: 120 });
      const strict = createTokenVerifier({ ...both(), clockToleranceSeconds: 0 });
      const claims = { exp: nowInSeconds() - 60 };
      for (const token of [
        await signWithSecret(TEST_SECRET, { claims }),
        await signWithKeyPair(pairs.get('PS256')!, { claims }),
      ]) {
        await lenient.verify(token);
        await expectRejection(strict.verify(token), AuthenticationError, 'expired');
      }
    });

    it('applies the configured maximum token lifetime in both modes', async () => {
      const bounded = createTokenVerifier({ ...both(), maxTokenLifetimeSeconds: 3600 });
      const unbounded = createTokenVerifier(both());
      const claims = { iat: nowInSeconds(), exp: nowInSeconds() + 7200 };
      for (const token of [
        await signWithSecret(TEST_SECRET, { claims }),
        await signWithKeyPair(pairs.get('PS256')!, { claims }),
      ]) {
        await unbounded.verify(token);
        await expectRejection(bounded.verify(token), AuthenticationError, 'lifetime_too_long');
      }
    });
  });
});
