import { createSign, generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { exportJWK, exportSPKI, SignJWT } from 'jose';
import { AuthenticationError, ServiceUnavailableError } from '../../../../src/application/errors.js';
import {
  JWKS_ALGORITHMS,
  JwksTokenVerifier,
  type JwksTokenVerifierOptions,
} from '../../../../src/infrastructure/auth/jwks-token-verifier.js';
import type { ClaimExpectations } from '../../../../src/infrastructure/auth/jwt-verification.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { JwksTestServer } from '../../../support/jwks-test-server.js';
import {
  compactToken,
  generateTestKeyPair,
  nowInSeconds,
  signToken,
  signWithKeyPair,
  withTamperedPayload,
  type TestKeyPair,
} from '../../../support/signed-tokens.js';

const ISSUER = 'http://auth.example.test';
const AUDIENCE = 'http://auth.example.test';
const expectations: ClaimExpectations = { issuer: ISSUER, audience: AUDIENCE, clockToleranceSeconds: 30 };
const validClaims = { iss: ISSUER, aud: AUDIENCE };

/** A clock the key cache reads, moved by hand so cooldowns pass without waiting. */
class ManualClock {
  private current = Date.now();
  readonly now = (): number => this.current;
  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}

const COOLDOWNS = { refetchCooldownMs: 10_000, failureCooldownMs: 5_000, maxKeyAgeMs: 600_000 };

describe('JwksTokenVerifier', function () {
  // RSA key generation dominates; it happens once, here.
  this.timeout(10_000);

  const pairs = new Map<string, TestKeyPair>();
  let eddsa: TestKeyPair;
  let server: JwksTestServer;
  let clock: ManualClock;

  before(async () => {
    for (const alg of JWKS_ALGORITHMS) pairs.set(alg, await generateTestKeyPair(alg));
    eddsa = pairs.get('EdDSA')!;
  });

  beforeEach(async () => {
    server = await JwksTestServer.start([...pairs.values()].map((pair) => pair.publicJwk));
    clock = new ManualClock();
  });

  afterEach(async () => {
    await server.stop();
  });

  const verifierFor = (options: JwksTokenVerifierOptions = {}, claimExpectations = expectations) =>
    new JwksTokenVerifier(server.url, claimExpectations, { ...COOLDOWNS, now: clock.now, ...options });
  /** A key set that would verify `eddsa` tokens, if its size were acceptable. */
  const paddedKeySet = (bytes = 600 * 1024) => JSON.stringify({ keys: [eddsa.publicJwk], padding: 'x'.repeat(bytes) });
  const signValid = (pair: TestKeyPair, claims: object = {}) =>
    signWithKeyPair(pair, { claims: { ...validClaims, ...claims } });

  describe('valid tokens', () => {
    for (const alg of JWKS_ALGORITHMS) {
      it(`accepts ${alg}`, async () => {
        const user = await verifierFor().verify(await signValid(pairs.get(alg)!, { sub: `user-${alg}` }));
        expect(user.userId.value).to.equal(`user-${alg}`);
      });
    }

    it('fetches the key set once and serves later tokens from the cache', async () => {
      const verifier = verifierFor();
      for (const pair of pairs.values()) await verifier.verify(await signValid(pair));
      expect(server.hits).to.equal(1);
    });

    it('shares one fetch between concurrent first requests', async () => {
      const verifier = verifierFor();
      const token = await signValid(eddsa);
      const users = await Promise.all(Array.from({ length: 20 }, () => verifier.verify(token)));
      expect(users).to.have.length(20);
      expect(server.hits).to.equal(1);
    });

    it('accepts a token without kid by trying each key of its type', async () => {
      const other = await generateTestKeyPair('ES256', 'second-es256');
      server.serveKeys([other.publicJwk, pairs.get('ES256')!.publicJwk]);
      const token = await signToken(pairs.get('ES256')!.privateKey, 'ES256', { claims: validClaims });
      const user = await verifierFor().verify(token);
      expect(user.userId.value).to.equal('user-1');
    });

    it('honours the clock tolerance', async () => {
      const verifier = verifierFor();
      await verifier.verify(await signValid(eddsa, { exp: nowInSeconds() - 10 }));
      await expectRejection(
        verifier.verify(await signValid(eddsa, { exp: nowInSeconds() - 60 })),
        AuthenticationError,
        'expired',
      );
    });
  });

  describe('hostile tokens', () => {
    it('refuses an empty token without asking the key server', async () => {
      await expectRejection(verifierFor().verify(''), AuthenticationError, 'missing');
      expect(server.hits).to.equal(0);
    });

    it('refuses garbage', async () => {
      await expectRejection(verifierFor().verify('not.a.jwt'), AuthenticationError, 'malformed');
    });

    it('refuses alg "none" without asking the key server', async () => {
      const token = compactToken({ alg: 'none', kid: eddsa.kid }, { ...validClaims, sub: 'x', exp: nowInSeconds() + 60 });
      await expectRejection(verifierFor().verify(token), AuthenticationError, 'unsupported_algorithm');
      expect(server.hits).to.equal(0);
    });

    it('refuses HS256 signed with the published public key (algorithm confusion)', async () => {
      const rsa = pairs.get('RS256')!;
      for (const keyBytes of [await exportSPKI(rsa.publicKey), JSON.stringify(rsa.publicJwk)]) {
        const token = await signToken(new TextEncoder().encode(keyBytes), 'HS256', {
          claims: validClaims,
          header: { kid: rsa.kid },
        });
        await expectRejection(verifierFor().verify(token), AuthenticationError, 'unsupported_algorithm');
      }
      expect(server.hits).to.equal(0);
    });

    it('refuses an algorithm outside the list even when the key would fit it', async () => {
      const rsa = pairs.get('RS256')!;
      const token = await new SignJWT({ ...validClaims, sub: 'x', exp: nowInSeconds() + 60 })
        .setProtectedHeader({ alg: 'RS512', kid: rsa.kid })
        .sign(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
      await expectRejection(verifierFor().verify(token), AuthenticationError, 'unsupported_algorithm');
    });

    it('refuses a tampered payload carrying the original signature', async () => {
      const token = withTamperedPayload(await signValid(eddsa), {
        ...validClaims,
        sub: 'someone-else',
        exp: nowInSeconds() + 3600,
      });
      await expectRejection(verifierFor().verify(token), AuthenticationError, 'invalid_signature');
    });

    it('refuses a token signed by a stranger under a published kid', async () => {
      const stranger = await generateTestKeyPair('EdDSA', eddsa.kid);
      await expectRejection(verifierFor().verify(await signValid(stranger)), AuthenticationError, 'invalid_signature');
    });

    it('refuses expired and not-yet-valid tokens', async () => {
      const verifier = verifierFor();
      await expectRejection(
        verifier.verify(await signValid(eddsa, { exp: nowInSeconds() - 120 })),
        AuthenticationError,
        'expired',
      );
      await expectRejection(
        verifier.verify(await signValid(eddsa, { nbf: nowInSeconds() + 600 })),
        AuthenticationError,
        'not_yet_valid',
      );
    });

    it('refuses a token without exp', async () => {
      const token = await signValid(eddsa, { exp: undefined });
      await expectRejection(verifierFor().verify(token), AuthenticationError, 'invalid_claims');
    });

    it('refuses a token issued for longer than the maximum lifetime, with or without iat', async () => {
      const verifier = verifierFor({}, { ...expectations, maxLifetimeSeconds: 900 });
      const now = nowInSeconds();
      // What Better Auth issues: 15 minutes.
      await verifier.verify(await signValid(eddsa, { iat: now, exp: now + 900 }));
      await expectRejection(verifier.verify(await signValid(eddsa, { iat: now, exp: now + 901 })), AuthenticationError, 'lifetime_too_long');
      await expectRejection(verifier.verify(await signValid(eddsa, { iat: undefined, exp: now + 3600 })), AuthenticationError, 'lifetime_too_long');
    });

    for (const [name, claims] of [
      ['a wrong iss', { iss: 'http://evil.example.test' }],
      ['a wrong aud', { aud: 'somebody-else' }],
      ['neither sub nor user_id', { sub: undefined }],
      ['sub and user_id that differ', { sub: 'alice', user_id: 'bob' }],
      ['a 300-character user id', { sub: 'u'.repeat(300) }],
    ] as const) {
      it(`refuses ${name}`, async () => {
        await expectRejection(verifierFor().verify(await signValid(eddsa, claims)), AuthenticationError, 'invalid_claims');
      });
    }

    it('refuses a 12 KiB token before looking for a key', async () => {
      const token = await signValid(eddsa, { padding: 'x'.repeat(12 * 1024) });
      await expectRejection(verifierFor().verify(token), AuthenticationError, 'malformed');
      expect(server.hits).to.equal(0);
    });
  });

  describe('unknown kid', () => {
    it('refetches once, then refuses the token', async () => {
      const verifier = verifierFor();
      await verifier.verify(await signValid(eddsa));
      const unknown = await generateTestKeyPair('EdDSA', 'never-published');
      clock.advance(COOLDOWNS.refetchCooldownMs);

      await expectRejection(verifier.verify(await signValid(unknown)), AuthenticationError, 'invalid_signature');
      expect(server.hits).to.equal(2);
    });

    it('does not refetch for more unknown kids within the cooldown', async () => {
      const verifier = verifierFor();
      await verifier.verify(await signValid(eddsa));
      clock.advance(COOLDOWNS.refetchCooldownMs);
      for (let attempt = 0; attempt < 25; attempt += 1) {
        const forged = await generateTestKeyPair('EdDSA', `forged-${attempt}`);
        await expectRejection(verifier.verify(await signValid(forged)), AuthenticationError, 'invalid_signature');
        clock.advance(100);
      }
      expect(server.hits).to.equal(2);

      clock.advance(COOLDOWNS.refetchCooldownMs);
      const late = await generateTestKeyPair('EdDSA', 'forged-late');
      await expectRejection(verifier.verify(await signValid(late)), AuthenticationError, 'invalid_signature');
      expect(server.hits).to.equal(3);
    });
    it('makes a concurrent flood of unknown kids share a single refetch', async () => {
      const verifier = verifierFor();
      await verifier.verify(await signValid(eddsa));
      clock.advance(COOLDOWNS.refetchCooldownMs);
      const forged = await generateTestKeyPair('EdDSA', 'forged');
      const tokens = await Promise.all(
        Array.from({ length: 50 }, (_, index) => signToken(forged.privateKey, 'EdDSA', {
          claims: validClaims,
          header: { kid: `forged-${index}` },
        })),
      );
      await Promise.all(
        tokens.map((token) => expectRejection(verifier.verify(token), AuthenticationError, 'invalid_signature')),
      );
      expect(server.hits).to.equal(2);
    });
  });

  describe('key rotation', () => {
    it('accepts a token signed with a newly published key without a restart', async () => {
      const verifier = verifierFor();
      await verifier.verify(await signValid(eddsa));
      const rotated = await generateTestKeyPair('EdDSA', 'rotated-in');
      server.serveKeys([rotated.publicJwk]);
      clock.advance(COOLDOWNS.refetchCooldownMs);

      const user = await verifier.verify(await signValid(rotated, { sub: 'after-rotation' }));
      expect(user.userId.value).to.equal('after-rotation');
      expect(server.hits).to.equal(2);
    });

    it('refuses a new kid that appears within the cooldown, then accepts it once the cooldown has passed', async () => {
      const verifier = verifierFor();
      await verifier.verify(await signValid(eddsa));
      const rotated = await generateTestKeyPair('EdDSA', 'rotated-in');
      server.serveKeys([eddsa.publicJwk, rotated.publicJwk]);
      const token = await signValid(rotated);

      await expectRejection(verifier.verify(token), AuthenticationError, 'invalid_signature');
      clock.advance(COOLDOWNS.refetchCooldownMs);
      await verifier.verify(token);
      expect(server.hits).to.equal(2);
    });

    it('stops accepting a withdrawn key once the cache is older than its maximum age', async () => {
      const verifier = verifierFor();
      const token = await signValid(eddsa);
      await verifier.verify(token);
      server.serveKeys([pairs.get('ES256')!.publicJwk]);

      clock.advance(COOLDOWNS.maxKeyAgeMs - 1);
      await verifier.verify(token);
      clock.advance(1);
      await expectRejection(verifier.verify(token), AuthenticationError, 'invalid_signature');
    });
  });

  describe('key server trouble', () => {
    it('answers 503 with a Retry-After when the key server is down and nothing is cached', async () => {
      const verifier = verifierFor();
      await server.stop();
      const error = await expectRejection(verifier.verify(await signValid(eddsa)), ServiceUnavailableError);
      expect(error.retryAfterSeconds).to.equal(COOLDOWNS.failureCooldownMs / 1000);
      expect(error.cause).to.be.instanceOf(Error);
      server = await JwksTestServer.start();
    });

    const json = { 'content-type': 'application/json' };
    for (const [name, respond] of [
      ['a 500', (s: JwksTestServer) => s.respondWith(500, 'Internal Server Error')],
      ['an HTML page', (s: JwksTestServer) => s.respondWith(200, '<html><body>Sign in</body></html>')],
      ['truncated JSON', (s: JwksTestServer) => s.respondWith(200, '{"keys":[{"kty"', json)],
      ['JSON that is not a key set', (s: JwksTestServer) => s.respondWith(200, '{"keys":"none"}', json)],
      ['a redirect', (s: JwksTestServer) => s.respondWith(302, '', { location: 'http://127.0.0.1:1/jwks' })],
      ['a valid key set padded over the size limit', (s: JwksTestServer) => s.respondWith(200, paddedKeySet(), json)],
      [
        'a valid key set padded over the size limit, without Content-Length',
        (s: JwksTestServer) => s.respondWith(200, paddedKeySet(), { ...json, 'transfer-encoding': 'chunked' }),
      ],
    ] as const) {
      it(`answers 503 when the key server sends ${name}`, async () => {
        respond(server);
        await expectRejection(verifierFor().verify(await signValid(eddsa)), ServiceUnavailableError);
        expect(server.hits).to.equal(1);
      });
    }

    it('accepts a key set just under the size limit', async () => {
      server.respondWith(200, paddedKeySet(500 * 1024), { 'content-type': 'application/json' });
      await verifierFor().verify(await signValid(eddsa));
    });

    it('gives up on a key server that does not answer within the fetch timeout', async () => {
      server.hang();
      const startedAt = performance.now();
      await expectRejection(verifierFor({ fetchTimeoutMs: 200 }).verify(await signValid(eddsa)), ServiceUnavailableError);
      expect(performance.now() - startedAt).to.be.lessThan(1_000);
    });

    it('does not retry a failed fetch within the failure cooldown, and recovers after it', async () => {
      const verifier = verifierFor();
      const token = await signValid(eddsa);
      server.respondWith(500, 'down');
      await expectRejection(verifier.verify(token), ServiceUnavailableError);

      server.serveKeys([eddsa.publicJwk]);
      clock.advance(2_000);
      const error = await expectRejection(verifier.verify(token), ServiceUnavailableError);
      expect(error.retryAfterSeconds).to.equal(3);
      expect(server.hits).to.equal(1);

      clock.advance(3_000);
      await verifier.verify(token);
      expect(server.hits).to.equal(2);
    });

    it('keeps verifying with cached keys while the key server is down, even past their maximum age', async () => {
      const verifier = verifierFor();
      const token = await signValid(eddsa);
      await verifier.verify(token);
      await server.stop();

      clock.advance(COOLDOWNS.maxKeyAgeMs + 1);
      const user = await verifier.verify(token);
      expect(user.userId.value).to.equal('user-1');
      server = await JwksTestServer.start();
    });

    it('keeps cached keys when the key server starts answering garbage', async () => {
      const verifier = verifierFor();
      const token = await signValid(eddsa);
      await verifier.verify(token);
      server.respondWith(200, 'garbage');

      clock.advance(COOLDOWNS.maxKeyAgeMs + 1);
      await verifier.verify(token);
      expect(server.hits).to.equal(2);
    });

    it('answers 503 for an unknown kid while the key server is down', async () => {
      const verifier = verifierFor();
      await verifier.verify(await signValid(eddsa));
      await server.stop();
      clock.advance(COOLDOWNS.refetchCooldownMs);

      const rotated = await generateTestKeyPair('EdDSA', 'rotated-while-down');
      await expectRejection(verifier.verify(await signValid(rotated)), ServiceUnavailableError);
      server = await JwksTestServer.start();
    });
  });

  describe('unusable published keys', () => {
    it('refuses a token whose published key cannot be imported, without failing the request as a bug', async () => {
      server.serveKeys([{ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA', kid: 'broken', alg: 'ES256' }]);
      const token = await signWithKeyPair(pairs.get('ES256')!, { claims: validClaims, header: { kid: 'broken' } });
      await expectRejection(verifierFor().verify(token), AuthenticationError, 'invalid_signature');
    });

    it('refuses an RSA key under 2048 bits', async () => {
      const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
      server.serveKeys([{ ...(await exportJWK(weak.publicKey)), kid: 'weak', alg: 'RS256' }]);
      // jose refuses to sign with a weak key, so this token is signed by hand.
      const unsigned = compactToken({ alg: 'RS256', kid: 'weak' }, { ...validClaims, sub: 'x', exp: nowInSeconds() + 60 });
      const signingInput = unsigned.slice(0, -1);
      const signature = createSign('RSA-SHA256').update(signingInput).sign(weak.privateKey).toString('base64url');
      await expectRejection(
        verifierFor().verify(`${signingInput}.${signature}`),
        AuthenticationError,
        'invalid_signature',
      );
    });

    it('never uses a symmetric key published in the set', async () => {
      const secret = new TextEncoder().encode('a-symmetric-key-that-should-never-be-published');
      server.serveKeys([{ kty: 'oct', k: Buffer.from(secret).toString('base64url'), kid: 'oct' }]);
      const token = await signToken(secret, 'HS256', { claims: validClaims, header: { kid: 'oct' } });
      await expectRejection(verifierFor().verify(token), AuthenticationError, 'unsupported_algorithm');
    });
  });

  describe('construction', () => {
    it('refuses a URL that is not http(s)', () => {
      expect(() => new JwksTokenVerifier('file:///etc/jwks.json', expectations)).to.throw(/http or https/);
      expect(() => new JwksTokenVerifier('not a url', expectations)).to.throw(/not a valid URL/);
    });

    it('does not fetch anything until the first token arrives', async () => {
      verifierFor();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(server.hits).to.equal(0);
    });
  });
});
