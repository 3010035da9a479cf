import { expect } from 'chai';
import { AuthenticationError } from '../../../../src/application/errors.js';
import type { AuthenticatedUser, TokenVerifier } from '../../../../src/application/ports/token-verifier.js';
import { CachedTokenVerifier } from '../../../../src/infrastructure/auth/cached-token-verifier.js';
import { SharedSecretTokenVerifier } from '../../../../src/infrastructure/auth/shared-secret-token-verifier.js';
import { createTokenVerifier } from '../../../../src/infrastructure/auth/token-verifier-factory.js';
import { expectRejection } from '../../../support/expect-rejection.js';
import { JwksTestServer } from '../../../support/jwks-test-server.js';
import { generateTestKeyPair, nowInSeconds, signWithKeyPair, signWithSecret, TEST_SECRET } from '../../../support/signed-tokens.js';

/** The real shared-secret verifier, counting the tokens it is asked to check. */
class CountingVerifier implements TokenVerifier {
  calls = 0;
  private readonly inner = new SharedSecretTokenVerifier(TEST_SECRET, { clockToleranceSeconds: 0 });
  verify(token: string): Promise<AuthenticatedUser> {
    this.calls += 1;
    return this.inner.verify(token);
  }
}

class ManualClock {
  current = Date.now();
  readonly now = (): number => this.current;
}

describe('CachedTokenVerifier', () => {
  let inner: CountingVerifier;
  let clock: ManualClock;
  beforeEach(() => {
    inner = new CountingVerifier();
    clock = new ManualClock();
  });

  it('checks a token once and answers its repeats from memory', async () => {
    const verifier = new CachedTokenVerifier(inner, { now: clock.now });
    const token = await signWithSecret(TEST_SECRET, { claims: { sub: 'alice' } });
    for (let request = 0; request < 3; request++) expect((await verifier.verify(token)).userId.value).to.equal('alice');
    expect(inner.calls).to.equal(1);
  });

  it('never accepts a token past its exp, however recently it was checked', async () => {
    const verifier = new CachedTokenVerifier(inner, { now: clock.now });
    const exp = nowInSeconds() + 2;
    const token = await signWithSecret(TEST_SECRET, { claims: { exp } });
    await verifier.verify(token);
    clock.current = exp * 1000 - 1;
    await verifier.verify(token);
    expect(inner.calls).to.equal(1);
    clock.current = exp * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now() + 10)));
    await expectRejection(verifier.verify(token), AuthenticationError, 'expired');
    expect(inner.calls).to.equal(2);
  });

  it('remembers nothing about refused tokens', async () => {
    const verifier = new CachedTokenVerifier(inner, { now: clock.now });
    const forged = await signWithSecret('another-secret-of-at-least-thirty-two-bytes');
    await expectRejection(verifier.verify(forged), AuthenticationError);
    await expectRejection(verifier.verify(forged), AuthenticationError);
    expect(inner.calls).to.equal(2);
  });

  it('checks again once the keys changed, and remembers nothing while they are due for a refresh', async () => {
    let generation: number | null = 1;
    const verifier = new CachedTokenVerifier(inner, { now: clock.now, keyGeneration: () => generation });
    const token = await signWithSecret(TEST_SECRET);
    await verifier.verify(token);
    generation = 2;
    await verifier.verify(token);
    await verifier.verify(token);
    expect(inner.calls).to.equal(2);
    generation = null;
    await verifier.verify(token);
    await verifier.verify(token);
    expect(inner.calls).to.equal(4);
  });

  it('holds at most maxEntries tokens, forgetting the least recently used', async () => {
    const verifier = new CachedTokenVerifier(inner, { now: clock.now, maxEntries: 2 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((sub) => signWithSecret(TEST_SECRET, { claims: { sub } })));
    await verifier.verify(a!);
    await verifier.verify(b!);
    await verifier.verify(a!); // a is now the most recent
    await verifier.verify(c!); // evicts b
    expect(inner.calls).to.equal(3);
    await verifier.verify(a!);
    await verifier.verify(c!);
    expect(inner.calls).to.equal(3);
    await verifier.verify(b!);
    expect(inner.calls).to.equal(4);
  });

  it('recalls a verified token without checking it, and only while it would still accept it', async () => {
    let generation: number | null = 1;
    const verifier = new CachedTokenVerifier(inner, { now: clock.now, keyGeneration: () => generation });
    const exp = nowInSeconds() + 60;
    const token = await signWithSecret(TEST_SECRET, { claims: { sub: 'alice', exp } });
    expect(verifier.recall(token)).to.equal(undefined);
    await verifier.verify(token);
    expect(verifier.recall(token)?.userId.value).to.equal('alice');
    generation = 2;
    expect(verifier.recall(token), 'after the keys changed').to.equal(undefined);
    await verifier.verify(token);
    clock.current = exp * 1000;
    expect(verifier.recall(token), 'at its exp').to.equal(undefined);
    expect(verifier.recall('not-a-token')).to.equal(undefined);
    expect(inner.calls).to.equal(2);
  });

  it('recalls a token through both verifiers when both modes are on, whichever verified it', async () => {
    const pair = await generateTestKeyPair('EdDSA', 'recalled');
    const server = await JwksTestServer.start([pair.publicJwk]);
    try {
      const verifier = createTokenVerifier({ sharedSecret: TEST_SECRET, jwksUrl: server.url, clockToleranceSeconds: 30 });
      const shared = await signWithSecret(TEST_SECRET, { claims: { sub: 'hs-user' } });
      const asymmetric = await signWithKeyPair(pair, { claims: { sub: 'ed-user' } });
      expect(verifier.recall?.(shared)).to.equal(undefined);
      await verifier.verify(shared);
      await verifier.verify(asymmetric);
      expect(verifier.recall?.(shared)?.userId.value).to.equal('hs-user');
      expect(verifier.recall?.(asymmetric)?.userId.value).to.equal('ed-user');
    } finally {
      await server.stop();
    }
  });

  it('as configured for JWKS, stops accepting a withdrawn key when the key set is refreshed, as without it', async () => {
    const pair = await generateTestKeyPair('EdDSA', 'withdrawn');
    const other = await generateTestKeyPair('EdDSA', 'kept');
    const server = await JwksTestServer.start([pair.publicJwk, other.publicJwk]);
    try {
      const maxKeyAgeMs = 600_000;
      const verifier = createTokenVerifier(
        { jwksUrl: server.url, clockToleranceSeconds: 30 },
        { refetchCooldownMs: 10_000, failureCooldownMs: 5_000, maxKeyAgeMs, now: clock.now },
      );
      const token = await signWithKeyPair(pair);
      await verifier.verify(token);
      server.serveKeys([other.publicJwk]);
      clock.current += maxKeyAgeMs - 1;
      await verifier.verify(token);
      expect(server.hits).to.equal(1);
      clock.current += 1;
      await expectRejection(verifier.verify(token), AuthenticationError);
      expect(server.hits).to.equal(2);
    } finally {
      await server.stop();
    }
  });
});
