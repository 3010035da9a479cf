import { expect } from 'chai';
import { CompactSign } from 'jose';
import { AuthenticationError } from '../../../../src/application/errors.js';
import { MAX_TOKEN_LENGTH, type ClaimExpectations } from '../../../../src/infrastructure/auth/jwt-verification.js';
import { SharedSecretTokenVerifier } from '../../../../src/infrastructure/auth/shared-secret-token-verifier.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import {
  compactToken,
  generateTestKeyPair,
  nowInSeconds,
  signWithKeyPair,
  signWithSecret,
  TEST_SECRET,
  withTamperedPayload,
} from '../../../support/signed-tokens.js';

// The shared-secret verifier is the cheapest way to exercise the claim rules every verifier shares.
describe('SharedSecretTokenVerifier', () => {
  const expectations: ClaimExpectations = { clockToleranceSeconds: 30 };
  const verifier = new SharedSecretTokenVerifier(TEST_SECRET, expectations);
  const sign = (options: Parameters<typeof signWithSecret>[1] = {}) => signWithSecret(TEST_SECRET, options);

  describe('valid tokens', () => {
    for (const alg of ['HS256', 'HS384', 'HS512']) {
      it(`accepts ${alg} and returns the sub as user id`, async () => {
        const user = await verifier.verify(await sign({ alg, claims: { sub: 'user-42' } }));
        expect(user.userId.value).to.equal('user-42');
      });
    }

    it("accepts the seed's user_id claim when there is no sub", async () => {
      const user = await verifier.verify(await sign({ claims: { sub: undefined, user_id: 'seed-user' } }));
      expect(user.userId.value).to.equal('seed-user');
    });

    it('accepts sub and user_id when they agree', async () => {
      const user = await verifier.verify(await sign({ claims: { sub: 'same', user_id: 'same' } }));
      expect(user.userId.value).to.equal('same');
    });

    it('accepts a user id of exactly 255 characters', async () => {
      const user = await verifier.verify(await sign({ claims: { sub: 'u'.repeat(255) } }));
      expect(user.userId.value).to.have.length(255);
    });
  });

  describe('token shape', () => {
    it('refuses an empty token as missing', async () => {
      await expectRejection(verifier.verify(''), AuthenticationError, 'missing');
    });

    for (const garbage of ['garbage', 'a.b.c', '..', 'eyJhbGciOiJIUzI1NiJ9', '{"alg":"HS256"}.x.y']) {
      it(`refuses ${JSON.stringify(garbage)} as malformed`, async () => {
        await expectRejection(verifier.verify(garbage), AuthenticationError, 'malformed');
      });
    }

    it('refuses a correctly signed token over 8 KiB as malformed, so the signature is never the reason', async () => {
      const token = await sign({ claims: { padding: 'x'.repeat(12 * 1024) } });
      expect(token.length).to.be.greaterThan(MAX_TOKEN_LENGTH);
      await expectRejection(verifier.verify(token), AuthenticationError, 'malformed');
    });

    it('refuses a correctly signed token whose payload is not a JSON object as malformed', async () => {
      const token = await new CompactSign(new TextEncoder().encode('not json'))
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(TEST_SECRET));
      await expectRejection(verifier.verify(token), AuthenticationError, 'malformed');
    });

    it('never puts the token into the error message', async () => {
      const token = await sign({ claims: { exp: nowInSeconds() - 3600 } });
      const error = await expectRejection(verifier.verify(token), AuthenticationError, 'expired');
      expect(error.message).not.to.include(token);
      expect(error.message).not.to.include(token.split('.')[1]);
    });
  });

  describe('algorithm and signature', () => {
    it('refuses alg "none"', async () => {
      const token = compactToken({ alg: 'none', typ: 'JWT' }, { sub: 'user-1', exp: nowInSeconds() + 60 });
      await expectRejection(verifier.verify(token), AuthenticationError, 'unsupported_algorithm');
    });

    it('refuses an asymmetric token even when it is correctly signed', async () => {
      const token = await signWithKeyPair(await generateTestKeyPair('ES256'));
      await expectRejection(verifier.verify(token), AuthenticationError, 'unsupported_algorithm');
    });

    it('refuses a token signed with another secret', async () => {
      const token = await signWithSecret('another-secret-that-is-long-enough-000000');
      await expectRejection(verifier.verify(token), AuthenticationError, 'invalid_signature');
    });

    it('refuses a tampered payload carrying the original signature', async () => {
      const token = withTamperedPayload(await sign({ claims: { sub: 'user-1' } }), {
        sub: 'admin',
        exp: nowInSeconds() + 3600,
      });
      await expectRejection(verifier.verify(token), AuthenticationError, 'invalid_signature');
    });
  });

  describe('time claims', () => {
    it('refuses an expired token', async () => {
      const token = await sign({ claims: { exp: nowInSeconds() - 120 } });
      await expectRejection(verifier.verify(token), AuthenticationError, 'expired');
    });

    it('accepts a token expired by less than the clock tolerance', async () => {
      const user = await verifier.verify(await sign({ claims: { exp: nowInSeconds() - 10 } }));
      expect(user.userId.value).to.equal('user-1');
    });

    it('refuses a token expired by just more than the clock tolerance', async () => {
      const token = await sign({ claims: { exp: nowInSeconds() - 32 } });
      await expectRejection(verifier.verify(token), AuthenticationError, 'expired');
    });

    it('refuses everything expired when the tolerance is zero', async () => {
      const strict = new SharedSecretTokenVerifier(TEST_SECRET, { clockToleranceSeconds: 0 });
      const token = await sign({ claims: { exp: nowInSeconds() - 1 } });
      await expectRejection(strict.verify(token), AuthenticationError, 'expired');
    });

    it('refuses a token without exp', async () => {
      const token = await sign({ claims: { exp: undefined } });
      await expectRejection(verifier.verify(token), AuthenticationError, 'invalid_claims');
    });

    it('refuses a non-numeric exp', async () => {
      const token = await sign({ claims: { exp: 'tomorrow' as unknown as number } });
      await expectRejection(verifier.verify(token), AuthenticationError, 'invalid_claims');
    });

    it('refuses a token whose nbf is in the future', async () => {
      const token = await sign({ claims: { nbf: nowInSeconds() + 600 } });
      await expectRejection(verifier.verify(token), AuthenticationError, 'not_yet_valid');
    });

    it('accepts a token whose nbf is in the future by less than the tolerance', async () => {
      const user = await verifier.verify(await sign({ claims: { nbf: nowInSeconds() + 10 } }));
      expect(user.userId.value).to.equal('user-1');
    });

    it('refuses a token issued in the future beyond the tolerance', async () => {
      const token = await sign({ claims: { iat: nowInSeconds() + 600 } });
      await expectRejection(verifier.verify(token), AuthenticationError, 'not_yet_valid');
    });

    it('refuses a non-numeric iat', async () => {
      const token = await sign({ claims: { iat: 'now' as unknown as number } });
      await expectRejection(verifier.verify(token), AuthenticationError, 'invalid_claims');
    });
  });

  describe('token lifetime (JWT_MAX_AGE)', () => {
    const DAY = 86_400;
    const bounded = new SharedSecretTokenVerifier(TEST_SECRET, { clockToleranceSeconds: 30, maxLifetimeSeconds: DAY });

    it('accepts a token issued for exactly the maximum, and refuses one issued for a second more', async () => {
      const now = nowInSeconds();
      await bounded.verify(await sign({ claims: { iat: now, exp: now + DAY } }));
      await expectRejection(bounded.verify(await sign({ claims: { iat: now, exp: now + DAY + 1 } })), AuthenticationError, 'lifetime_too_long');
    });

    it('measures the lifetime as issued: a long-lived token is refused even when little of it is left', async () => {
      const now = nowInSeconds();
      const token = await sign({ claims: { iat: now - 30 * DAY, exp: now + 60 } });
      await expectRejection(bounded.verify(token), AuthenticationError, 'lifetime_too_long');
    });

    it('without iat, measures what is left, allowing for the clock tolerance', async () => {
      const now = nowInSeconds();
      await bounded.verify(await sign({ claims: { iat: undefined, exp: now + DAY + 20 } }));
      await expectRejection(bounded.verify(await sign({ claims: { iat: undefined, exp: now + DAY + 60 } })), AuthenticationError, 'lifetime_too_long');
    });

    it('still reports an expired token as expired, whatever its lifetime', async () => {
      const now = nowInSeconds();
      await expectRejection(bounded.verify(await sign({ claims: { iat: now - 3 * DAY, exp: now - 120 } })), AuthenticationError, 'expired');
    });

    it('accepts any lifetime when no maximum is set', async () => {
      const now = nowInSeconds();
      const user = await verifier.verify(await sign({ claims: { iat: now, exp: now + 365 * DAY } }));
      expect(user.userId.value).to.equal('user-1');
    });

    it('refuses to be configured with a maximum that is not a positive number of seconds', () => {
      for (const maxLifetimeSeconds of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => new SharedSecretTokenVerifier(TEST_SECRET, { clockToleranceSeconds: 30, maxLifetimeSeconds }), String(maxLifetimeSeconds)).to.throw(
          /maximum token lifetime/,
        );
      }
    });
  });

  describe('issuer and audience', () => {
    const strict = new SharedSecretTokenVerifier(TEST_SECRET, {
      clockToleranceSeconds: 30,
      issuer: 'https://auth.example.test',
      audience: 'tasks-api',
    });
    const expected = { iss: 'https://auth.example.test', aud: 'tasks-api' };

    it('accepts the configured iss and aud (aud may be a list)', async () => {
      await strict.verify(await sign({ claims: expected }));
      const user = await strict.verify(await sign({ claims: { ...expected, aud: ['other', 'tasks-api'] } }));
      expect(user.userId.value).to.equal('user-1');
    });

    for (const [name, claims] of [
      ['a wrong iss', { ...expected, iss: 'https://evil.example.test' }],
      ['a wrong aud', { ...expected, aud: 'another-api' }],
      ['no iss', { ...expected, iss: undefined }],
      ['no aud', { ...expected, aud: undefined }],
    ] as const) {
      it(`refuses ${name}`, async () => {
        await expectRejection(strict.verify(await sign({ claims })), AuthenticationError, 'invalid_claims');
      });
    }

    it('ignores iss and aud when none are configured', async () => {
      const user = await verifier.verify(await sign({ claims: { iss: 'anyone', aud: 'anything' } }));
      expect(user.userId.value).to.equal('user-1');
    });
  });

  describe('user id', () => {
    for (const [name, claims] of [
      ['neither sub nor user_id', { sub: undefined }],
      ['sub and user_id that differ', { sub: 'alice', user_id: 'bob' }],
      ['a 300-character sub', { sub: 'u'.repeat(300) }],
      ['a 300-character user_id', { sub: undefined, user_id: 'u'.repeat(300) }],
      ['an empty sub', { sub: '' }],
      ['a sub with a control character', { sub: 'user\u0000one' }],
      ['a sub with a newline', { sub: 'user\nforged-log-line' }],
      ['a numeric sub', { sub: 42 as unknown as string }],
      ['a numeric user_id', { sub: undefined, user_id: 42 }],
    ] as const) {
      it(`refuses ${name}`, async () => {
        await expectRejection(verifier.verify(await sign({ claims })), AuthenticationError, 'invalid_claims');
      });
    }
  });

  describe('construction', () => {
    it('refuses a secret shorter than 32 bytes', () => {
      expect(() => new SharedSecretTokenVerifier('s'.repeat(31), expectations)).to.throw(/at least 32 bytes/);
    });

    it('counts the secret in bytes, not characters', () => {
      // 16 two-byte characters: 32 bytes.
      expect(() => new SharedSecretTokenVerifier('é'.repeat(16), expectations)).not.to.throw();
    });

    it('refuses a negative clock tolerance', () => {
      expect(() => new SharedSecretTokenVerifier(TEST_SECRET, { clockToleranceSeconds: -1 })).to.throw(/tolerance/);
    });
  });
});
