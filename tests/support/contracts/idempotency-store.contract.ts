/**
 * What every `IdempotencyStore` does: one attempt at a time holds a key, its answer is kept exactly when the
 * unit of work recording it commits, a stale or failed attempt gives the key up, and old keys are forgotten.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { IdempotentRequestInProgressError } from '../../../src/application/errors.js';
import type { IdempotencyReservation } from '../../../src/application/ports/idempotency-store.js';
import { expectRejection } from '../expect-rejection.js';
import { ALICE, BOB, type PersistenceFixture } from './persistence-fixture.js';

export type IdempotencyStoreFixture = Pick<PersistenceFixture, 'idempotency' | 'unitOfWork' | 'age'>;

const POLICY = { ttlSeconds: 86_400, staleAfterSeconds: 60 };
const REQUEST = 'f'.repeat(64);
const OTHER_REQUEST = 'e'.repeat(64);

export function idempotencyStoreContract(fixture: () => Promise<IdempotencyStoreFixture>): void {
  let adapters: IdempotencyStoreFixture;

  beforeEach(async () => {
    adapters = await fixture();
  });

  const attempt = (ownerId = ALICE.value, key = 'key', fingerprint = REQUEST): IdempotencyReservation => ({ ownerId, key, fingerprint, attempt: randomUUID() });
  const claim = (reservation: IdempotencyReservation) => adapters.idempotency.claim(reservation, POLICY);
  const complete = (reservation: IdempotencyReservation, response: unknown) =>
    adapters.unitOfWork.run((stores) => stores.idempotency.complete(reservation, response));

  it('lets one attempt claim a key; others see it in flight, then completed with its answer', async () => {
    const first = attempt();
    expect(await claim(first)).to.deep.equal({ state: 'acquired' });
    expect(await claim(attempt())).to.deep.equal({ state: 'in_flight', fingerprint: REQUEST });
    expect(await claim(attempt(ALICE.value, 'key', OTHER_REQUEST))).to.deep.equal({ state: 'in_flight', fingerprint: REQUEST });

    await complete(first, { id: 'x', title: 'answer', tags: ['a', 1, null], nested: { done: true } });

    expect(await claim(attempt())).to.deep.equal({
      state: 'completed',
      fingerprint: REQUEST,
      response: { id: 'x', title: 'answer', tags: ['a', 1, null], nested: { done: true } },
    });
    expect(await claim(attempt(ALICE.value, 'key', OTHER_REQUEST))).to.deep.include({ state: 'completed', fingerprint: REQUEST });
  });

  it('keeps each owner’s keys apart', async () => {
    const alices = attempt(ALICE.value);
    await claim(alices);

    expect(await claim(attempt(BOB.value))).to.deep.equal({ state: 'acquired' });
    expect(await claim(attempt(ALICE.value, 'other key'))).to.deep.equal({ state: 'acquired' });
    await complete(alices, 'alice’s answer');
    expect(await claim(attempt(BOB.value))).to.deep.equal({ state: 'in_flight', fingerprint: REQUEST });
  });

  it('keeps an answer of null, and hands out a copy of the answer on each replay', async () => {
    const first = attempt();
    await claim(first);
    await complete(first, null);
    expect(await claim(attempt())).to.deep.equal({ state: 'completed', fingerprint: REQUEST, response: null });

    const second = attempt(ALICE.value, 'second');
    await claim(second);
    const answer = { title: 'kept' };
    await complete(second, answer);
    answer.title = 'changed after it was recorded';
    const replayed = await claim(attempt(ALICE.value, 'second'));
    (replayed as { response: { title: string } }).response.title = 'changed by a reader';

    expect(await claim(attempt(ALICE.value, 'second'))).to.deep.equal({ state: 'completed', fingerprint: REQUEST, response: { title: 'kept' } });
  });

  it('records the answer only if the caller’s unit of work commits', async () => {
    const first = attempt();
    await claim(first);

    await expectRejection(
      adapters.unitOfWork.run(async (stores) => {
        await stores.idempotency.complete(first, { id: 'lost' });
        throw new Error('rolled back');
      }),
      Error,
    );

    expect(await claim(attempt())).to.deep.equal({ state: 'in_flight', fingerprint: REQUEST });
    await complete(first, { id: 'kept' });
    expect(await claim(attempt())).to.deep.include({ state: 'completed', response: { id: 'kept' } });
  });

  it('refuses to record a second answer for a completed key', async () => {
    const first = attempt();
    await claim(first);
    await complete(first, 'first');

    await expectRejection(complete(first, 'second'), IdempotentRequestInProgressError);

    expect(await claim(attempt())).to.deep.include({ state: 'completed', response: 'first' });
  });

  it('hands a stale unfinished key to a retry of the same request only, and the stale attempt can no longer answer', async () => {
    const crashed = attempt();
    await claim(crashed);
    await adapters.age(30);
    expect(await claim(attempt())).to.deep.equal({ state: 'in_flight', fingerprint: REQUEST });
    await adapters.age(31);

    expect(await claim(attempt(ALICE.value, 'key', OTHER_REQUEST))).to.deep.equal({ state: 'in_flight', fingerprint: REQUEST });
    const retry = attempt();
    expect(await claim(retry)).to.deep.equal({ state: 'acquired' });
    await expectRejection(complete(crashed, { id: 'late' }), IdempotentRequestInProgressError);
    await complete(retry, { id: 'retry' });
    await adapters.idempotency.release(crashed); // not its key any more: changes nothing

    expect(await claim(attempt())).to.deep.equal({ state: 'completed', fingerprint: REQUEST, response: { id: 'retry' } });
  });

  it('never hands a completed key to anyone before it expires, however old', async () => {
    const first = attempt();
    await claim(first);
    await complete(first, 'done');
    await adapters.age(86_000);

    expect(await claim(attempt())).to.deep.include({ state: 'completed', response: 'done' });
  });

  it('frees a released key for the next attempt, and treats an expired key as unused', async () => {
    const failed = attempt();
    await claim(failed);
    await adapters.idempotency.release(failed);
    const next = attempt(ALICE.value, 'key', OTHER_REQUEST);
    expect(await claim(next)).to.deep.equal({ state: 'acquired' });
    await complete(next, null);

    await adapters.idempotency.release(next); // completed: release changes nothing
    expect(await claim(attempt())).to.deep.include({ state: 'completed', fingerprint: OTHER_REQUEST });
    await adapters.age(86_401);

    const fresh = attempt(ALICE.value, 'key', 'c'.repeat(64));
    expect(await claim(fresh)).to.deep.equal({ state: 'acquired' });
    await complete(fresh, 'anew');
    expect(await claim(attempt())).to.deep.equal({ state: 'completed', fingerprint: 'c'.repeat(64), response: 'anew' });
  });

  it('releases only the attempt’s own, unfinished, claim', async () => {
    const holder = attempt();
    await claim(holder);

    await adapters.idempotency.release(attempt());

    expect(await claim(attempt())).to.deep.equal({ state: 'in_flight', fingerprint: REQUEST });
  });

  it('purges expired keys a batch at a time, leaving live ones', async () => {
    for (const key of ['a', 'b', 'c']) await claim(attempt(ALICE.value, key));
    const done = attempt(ALICE.value, 'd');
    await claim(done);
    await complete(done, 'old answer');
    await adapters.age(86_401);
    const live = attempt(BOB.value);
    await claim(live);

    expect(await adapters.idempotency.purgeExpired(86_400, 3)).to.equal(3);
    expect(await adapters.idempotency.purgeExpired(86_400, 3)).to.equal(1);
    expect(await adapters.idempotency.purgeExpired(86_400, 3)).to.equal(0);

    expect(await claim(attempt(BOB.value))).to.deep.equal({ state: 'in_flight', fingerprint: REQUEST });
    expect(await claim(attempt(ALICE.value, 'd'))).to.deep.equal({ state: 'acquired' });
  });

  it('purges nothing younger than the time given', async () => {
    await claim(attempt());
    await adapters.age(100);

    expect(await adapters.idempotency.purgeExpired(3600, 10)).to.equal(0);
    expect(await adapters.idempotency.purgeExpired(50, 10)).to.equal(1);
    expect(await claim(attempt())).to.deep.equal({ state: 'acquired' });
  });
}
